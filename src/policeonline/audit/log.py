"""Writing audit events. ``record`` appends one; ``actor_of`` names who acted without personal
data (an account reference, a police number, ``anonymous``). While a request is being served
(``AuditMiddleware``), the actions recorded for it are noted so the middleware adds an event
only for what the view did not record itself (a refusal, a download)."""

from contextvars import ContextVar

from policeonline.core import rows

from .models import AuditEvent

_in_request: ContextVar[list[str] | None] = ContextVar("audit_in_request", default=None)


def record(actor: str, action: str, target: str = "", **detail) -> AuditEvent:
    """Append one audit event (call inside the transaction of the change it records)."""
    # One plain INSERT (ADR 0040): every action of every request writes here.
    [event] = rows.insert([AuditEvent(actor=actor[:100], action=action[:60], target=target[:200],
                                      detail=detail)])
    noted = _in_request.get()
    if noted is not None:
        noted.append(event.action)
    return event


def actor_of(user) -> str:
    """``account:<pk>`` for a citizen or company account, the police number for an officer."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return getattr(user, "account_ref", None) or user.get_username()


def begin_request():
    return _in_request.set([])


def end_request(token) -> list[str]:
    noted = _in_request.get() or []
    _in_request.reset(token)
    return noted


def scrub(text: str) -> str:
    """``text`` with any ID or mobile number in it masked (for what a person typed, e.g. a
    search term, before it is written to the log)."""
    from policeonline.core.masking import mask_id_number, mask_phone
    from policeonline.core.pii_scan import ID_NUMBER, MOBILE

    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group(1)), text)
    return MOBILE.sub(lambda m: mask_phone("".join(m.groups())), text)
