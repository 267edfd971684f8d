"""Preference switches shared by both zones; they work without JavaScript (plain POST)."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .middleware import ELDER_COOKIE

ONE_YEAR = 365 * 24 * 3600


def _back(request):
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    return HttpResponseRedirect(target)


@require_POST
def set_language(request):
    response = _back(request)
    language = request.POST.get("language", "")
    if language in {code for code, _name in settings.LANGUAGES}:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=ONE_YEAR,
                            samesite="Lax")
    return response


@require_POST
def toggle_elder_mode(request):
    response = _back(request)
    if request.POST.get("elder") == "1":
        response.set_cookie(ELDER_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax")
    else:
        response.delete_cookie(ELDER_COOKIE)
    return response
