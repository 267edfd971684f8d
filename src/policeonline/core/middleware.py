"""Per-request preferences: interface language and elder mode (适老化)."""

from django.conf import settings
from django.utils import translation

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
