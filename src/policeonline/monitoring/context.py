"""The current request's id, for log lines (a context variable: right under threads too)."""

import re
import uuid
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")

# The proxy's id (nginx ``$request_id``: 32 hex digits) is kept when it looks like one, so a
# line in nginx's access log and the application's lines share it; anything else is replaced.
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")


def choose_request_id(offered: str | None) -> str:
    if offered and ACCEPTED.fullmatch(offered):
        return offered
    return uuid.uuid4().hex
