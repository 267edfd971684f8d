"""Sign-ins, sign-outs, failures and lockouts into the audit log, in both zones, from Django's
and django-axes' signals (so every way in — the portal's form, the officers' form, the admin —
is covered by one place). What a person typed as their identifier (an ID number, a phone) is
never written: a failure names the same keyed digest the lockout table uses. An officer's
police number is not personal data of the public and is written as typed."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .log import actor_of, record


def _typed(request, credentials) -> str:
    from policeonline.accounts.lockout import lockout_key

    if settings.ZONE == "intranet":
        return ((credentials or {}).get("username") or "").strip()[:30]
    return (lockout_key(request, credentials) or "") if request is not None else ""


def _where(request) -> dict:
    return {"path": request.path[:100]} if request is not None else {}


@receiver(user_logged_in, dispatch_uid="audit-login")
def logged_in(sender, request, user, **kwargs):
    record(actor_of(user), "login.succeeded", actor_of(user), **_where(request))


@receiver(user_logged_out, dispatch_uid="audit-logout")
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(actor_of(user), "logout", actor_of(user), **_where(request))


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def login_failed(sender, credentials, request=None, reason="wrong_credentials", **kwargs):
    locked = bool(getattr(request, "axes_locked_out", False))  # axes' receiver ran first
    record("anonymous", "login.failed", _typed(request, credentials), reason=reason,
           locked=locked, **_where(request))


def _locked_out(sender, request=None, **kwargs):
    record("anonymous", "login.locked_out",
           _typed(request, getattr(request, "axes_credentials", None)), **_where(request))


def connect():
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="audit-locked-out")
