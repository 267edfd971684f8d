from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from .models import SimulatedSms


def outbox(request):
    """Demo-only: the messages the simulator 'sent', so a tester can read SMS codes."""
    if not (settings.DEMO_MODE or settings.DEBUG):
        raise Http404
    return render(request, "sms_simulator/outbox.html",
                  {"messages_sent": SimulatedSms.objects.all()[:50]})
