from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .models import Message


@login_required
def inbox(request):
    """The citizen's in-site messages; opening the list marks them read."""
    messages = list(Message.objects.filter(recipient=request.user)[:100])
    for message in messages:
        message.shown_title, message.shown_body = message.worded()
    Message.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "notifications/inbox.html", {"items": messages})
