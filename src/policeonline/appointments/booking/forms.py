"""Reading the slot picker's post: one slot id, or a clear localised error."""

from django.utils.translation import gettext as _

from .services import Refused


def posted_slot(post) -> int:
    try:
        return int(post.get("slot", ""))
    except ValueError:
        raise Refused(_("Choose a time."), "no_slot") from None
