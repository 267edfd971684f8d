"""Internet zone: public verification of certificates, the published keys, the holder's PDF."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from policeonline.audit.refusals import owned_or_404

from . import checking, codes, keys, throttle
from .models import Certificate


def _limited(request) -> bool:
    return not throttle.allow(request, "certificate-verify", settings.CERTIFICATE_VERIFY_LIMIT,
                              settings.CERTIFICATE_VERIFY_WINDOW_SECONDS)


def _answer(request, text: str | None):
    if text is not None and _limited(request):
        response = render(request, "certificates/verify.html", {"throttled": True}, status=429)
        response["Retry-After"] = str(settings.CERTIFICATE_VERIFY_WINDOW_SECONDS)
        return response
    verdict = checking.check(text) if text is not None else None
    return render(request, "certificates/verify.html", {
        "verdict": verdict, "entered": (text or "")[:codes.MAX_CODE_LENGTH + 200],
        "bureau_phone": settings.BUREAU_PHONE})


@require_GET
def verify(request):
    """The form; ``?code=`` (a code or the QR's URL) checks it."""
    text = request.GET.get("code")
    return _answer(request, text.strip() if text is not None and text.strip() else None)


@require_GET
def by_code(request, code):
    """Where the QR code leads: ``/c/<code>``."""
    response = _answer(request, code)
    response["Referrer-Policy"] = "no-referrer"  # the code stays off other sites' logs
    return response


@require_GET
def public_keys(request):
    response = HttpResponse(json.dumps(keys.published_document(), ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"  # anyone may fetch the public keys
    return response


@login_required
@require_GET
def download(request, serial):
    """The holder's own PDF; anyone else gets the same 404 as for an unknown serial."""
    certificate = owned_or_404(Certificate, request.user, owner="account_ref",
                               value=request.user.account_ref, serial=serial)
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
