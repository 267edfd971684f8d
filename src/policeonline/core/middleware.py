"""Per-request preferences (interface language, elder mode 适老化) and the sliding session."""

import time

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

ELDER_COOKIE = "elder"


class LanguageMiddleware:
    """Chinese unless the visitor chose otherwise.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Chinese
    government portal opens in Chinese and offers English on request, so only the
    language cookie (set by the switch on every page) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ElderModeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.elder_mode = request.COOKIES.get(ELDER_COOKIE) == "1"
        return self.get_response(request)


class SlidingSessionMiddleware:
    """Idle timeout without a database write on every request.

    A signed-in session expires ``SESSION_COOKIE_AGE`` after its last refresh; it is refreshed
    (saved with a new expiry) when a request comes more than ``SESSION_REFRESH_SECONDS`` after
    the previous refresh. Django's ``SESSION_SAVE_EVERY_REQUEST`` would rewrite the session row
    on every request: on the hottest paths (submitting, polling) that is a write per request
    for a timeout that only needs minute precision.
    """

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # marks it modified: SessionMiddleware saves it
        return response


class NullCharacterMiddleware:
    """Refuse text that carries a NUL character, before any view reads it.

    PostgreSQL text cannot hold NUL (a query or insert with one fails with a server error),
    and no form or API field of ours has a use for it. Django's form fields already refuse it;
    API parameters and the JSON or form bodies that reach the API do not pass through them.
    File uploads (multipart bodies) are binary and are not looked at.
    """

    TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("The request contains a NUL character, which no field accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "bad_request", "message": message}}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return True
        if request.content_type in self.TEXT_BODIES:
            body = request.body
            return b"\x00" in body or b"\\u0000" in body or b"%00" in body
        return False
