"""Rating from the application page. Bad input or a second rating: the message, nothing kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policeonline.applications.models import Application
from policeonline.audit.refusals import not_found

from . import services


@login_required
@require_POST
def rate(request, pk):
    try:
        services.rate(pk, request.user, request.POST.get("level"), request.POST.get("comment", ""),
                      request.POST.get("kind", "case"))
    except services.Refused as exc:
        if exc.code == "not_found":
            raise not_found(Application, request.user, pk=pk) from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: your rating has been sent to the department."))
    return redirect("applications:detail", pk)
