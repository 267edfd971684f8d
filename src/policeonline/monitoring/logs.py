"""Log lines without personal data, as plain text or one JSON object per line.

``LOG_FORMAT=json`` gives ``{"time", "level", "logger", "message", "zone", "request_id"}`` (and
``"exception"`` when there is one) for a log shipper. Whatever the format, ID and mobile
numbers in a message or traceback are masked as they are on screen (``core.masking``)."""

import json
import logging
import os
import re
from datetime import UTC, datetime

from policeonline.core.masking import mask_id_number, mask_phone

from .context import request_id

# Any 18-character ID-number shape (a check digit is not required: a log line keeps none) and
# any mainland mobile number, not inside a longer run of digits.
ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def mask(text: str) -> str:
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text)
    return MOBILE.sub(lambda m: mask_phone(m.group()), text)


def zone() -> str:
    from django.conf import settings

    if settings.configured:
        return getattr(settings, "ZONE", "")
    # gunicorn's master logs before Django is set up: the zone is the settings module's name
    return os.environ.get("DJANGO_SETTINGS_MODULE", "").rpartition(".")[2]


class ContextFilter(logging.Filter):
    """Adds ``zone`` and ``request_id`` to every record and masks personal data in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.zone = zone()
        record.request_id = request_id.get() or "-"
        message = record.getMessage()
        masked = mask(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "zone": getattr(record, "zone", "") or zone(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def logging_config(log_format: str, level: str) -> dict:
    """The ``LOGGING`` setting: one console handler, plain or JSON, with the context filter."""
    formatter = {"()": JsonFormatter} if log_format == "json" else {
        "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": {"main": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "main",
                                 "filters": ["context"]}},
        "root": {"handlers": ["console"], "level": level},
        # pika tells every connection's opening and closing at INFO (the readiness probe opens one)
        "loggers": {"axes": {"level": "WARNING"}, "pika": {"level": "WARNING"}},
    }
