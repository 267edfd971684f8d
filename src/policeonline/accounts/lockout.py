"""django-axes hooks. Axes keys attempts by what the user typed; for us that is an ID number,
a credit code or a phone number, which must not sit in clear in the attempts table or the log.
So the key is a keyed digest of the normalised identifier."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from policeonline.core.protected import lookup_digest


def lockout_key(request, credentials) -> str | None:
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    raw = raw.strip().upper().replace(" ", "")
    return "login:" + lookup_digest("login", raw)[:32] if raw else None


def locked_out(request, credentials, *args, **kwargs) -> HttpResponse:
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"error": {"code": "locked_out", "message": lockout_message()}},
                            status=429)
    return render(request, "accounts/locked_out.html", {"message": lockout_message()},
                  status=429)


def lockout_message() -> str:
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return _("Too many failed sign-ins. This account is locked for %(m)d minutes; try again "
             "later or reset your password.") % {"m": minutes}
