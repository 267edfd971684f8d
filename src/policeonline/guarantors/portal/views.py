"""The guarantor's pages: the requests addressed to them, one request (what they vouch for and
nothing more personal), and a confirmation step before confirming or declining. Requests are
looked up by id AND guarantor: anyone else's id is simply not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from policeonline.audit.refusals import owned_or_404

from ..rules import rules
from . import services
from .models import GuaranteeRequest


def _own(request, pk) -> GuaranteeRequest:
    return owned_or_404(GuaranteeRequest, request.user, owner="guarantor", pk=pk)


@login_required
def inbox(request):
    return render(request, "guarantors/inbox.html", {"requests": services.inbox(request.user)})


@login_required
def detail(request, pk):
    return render(request, "guarantors/detail.html", {"r": _own(request, pk), "rules": rules()})


@login_required
def answer(request, pk, answer):
    """GET: the confirmation step; POST: the answer."""
    guarantee = _own(request, pk)
    if request.method == "POST":
        if request.POST.get("sure") != "yes":
            messages.error(request, _("Tick the box to confirm your answer."))
        else:
            act = services.confirm if answer == "confirm" else services.decline
            try:
                act(pk, request.user)
            except services.Refused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Your guarantee has been confirmed.") if answer == "confirm"
                                 else _("You have declined this request."))
                return redirect("guarantors:detail", pk)
    return render(request, "guarantors/answer.html", {"r": guarantee, "answer": answer})
