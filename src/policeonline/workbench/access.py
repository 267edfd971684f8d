"""Who may open the workbench: a signed-in officer whose session passed the TOTP step."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def officer_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_verified() and user.is_active):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def officer_with(*roles: str, departments: tuple[str, ...] = ()):
    """An officer holding one of ``roles``, or belonging to one of ``departments``. The view
    keeps the rule as ``view.allows(user)``, so the menu offers only what opens (may_open)."""
    def allows(user) -> bool:
        return any(user.has_role(r) for r in roles) or (
            user.department is not None and user.department.code in departments)

    def decorator(view):
        @wraps(view)
        @officer_required
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not allows(user):
                from policeonline.audit.log import record

                record(user.username, "permission.refused", request.path)
                raise PermissionDenied
            return view(request, *args, **kwargs)
        wrapper.allows = allows
        return wrapper
    return decorator


def may_open(user, url_name: str) -> bool:
    """Whether the page at ``url_name`` (no arguments) lets ``user`` in, by the rule its view
    declares as ``allows``; a view that declares none is open to every signed-in officer."""
    from django.urls import resolve, reverse

    allows = getattr(resolve(reverse(url_name)).func, "allows", None)
    return allows is None or bool(allows(user))
