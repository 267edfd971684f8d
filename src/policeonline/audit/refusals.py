"""Object-level refusals. A person who asks for someone else's application, booking or order
is told it is "not found" (so ids cannot be probed), but the audit log says what happened: the
lookup by id alone is made only when the owner's lookup found nothing, so the usual path costs
no extra query."""

from django.http import Http404
from django.shortcuts import _get_queryset

from .log import actor_of, record


def owned_or_404(klass, user, *, owner: str = "owner", value=None, **lookup):
    """``get_object_or_404(klass, **lookup, <owner>=user)``, writing a ``permission.refused``
    event when the object exists but belongs to someone else. ``value`` is what ``owner`` must
    equal when it is not the user itself (e.g. an account reference)."""
    queryset = _get_queryset(klass)
    found = queryset.filter(**lookup, **{owner: user if value is None else value}).first()
    if found is not None:
        return found
    other = queryset.filter(**lookup).values_list("pk", flat=True).first()
    if other is not None:
        refused(user, f"{queryset.model._meta.label_lower}:{other}", reason="not_owner")
    raise Http404


def not_found(klass, user, **lookup) -> Http404:
    """The 404 for a service that found nothing the user owns under ``lookup``: writes a
    ``permission.refused`` event when the object exists but is someone else's (as
    ``owned_or_404`` does for views that read the object themselves). Raise what it returns."""
    queryset = _get_queryset(klass)
    other = queryset.filter(**lookup).values_list("pk", flat=True).first()
    if other is not None:
        refused(user, f"{queryset.model._meta.label_lower}:{other}", reason="not_owner")
    return Http404()


def refused(user, target: str, **detail) -> None:
    record(actor_of(user), "permission.refused", target, **detail)
