"""Who may open the workbench: a signed-in officer whose session passed the TOTP step."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login


def officer_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_verified() and user.is_active):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
