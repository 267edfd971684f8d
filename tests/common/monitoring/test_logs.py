"""Structured logs: LOG_FORMAT=json gives one JSON object per line with time, level, logger,
message, zone and request id; ID and mobile numbers never appear whole, in either format."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policeonline.monitoring.logs import logging_config

ROOT = Path(__file__).resolve().parents[3]
ID_NUMBER, PHONE = "37010219900307106X", "13812345678"


@pytest.fixture
def json_lines():
    """The project's JSON handler on the monitoring logger, writing to a buffer."""
    config = logging_config("json", "INFO")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(config["filters"]["context"]["()"]())
    handler.setFormatter(config["formatters"]["main"]["()"]())
    logger = logging.getLogger("policeonline.monitoring")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


@pytest.mark.django_db
def test_a_line_written_while_serving_a_request_carries_its_id_and_zone(client, settings, json_lines):
    settings.EXCHANGE_TRANSPORT = {"name": "spool", "options": {"root": "/nonexistent/spool"}}
    response = client.get("/health/ready", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    assert response.status_code == 503
    assert response["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    [line] = json_lines()
    assert line["level"] == "WARNING" and line["logger"] == "policeonline.monitoring"
    assert line["zone"] == "internet" and line["request_id"] == "0123456789abcdef0123456789abcdef"
    assert "exchange_transport failed" in line["message"]
    assert line["time"].endswith("+00:00")


@pytest.mark.django_db
def test_an_unusable_request_id_is_replaced(client):
    response = client.get("/health/live", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>" and len(response["X-Request-ID"]) == 32
    other = client.get("/health/live")
    assert other["X-Request-ID"] != response["X-Request-ID"]


def test_personal_numbers_are_masked_in_message_and_traceback(json_lines):
    log = logging.getLogger("policeonline.monitoring")
    log.warning("applicant %s phone %s", ID_NUMBER, PHONE)
    try:
        raise ValueError(f"bad record {ID_NUMBER}")
    except ValueError:
        log.exception("failed for %s", PHONE)
    first, second = json_lines()
    assert first["message"] == "applicant 370102********106X phone 138****5678"
    assert second["message"] == "failed for 138****5678"
    assert "370102********106X" in second["exception"] and ID_NUMBER not in second["exception"]
    assert first["request_id"] == "-"


def test_log_format_json_in_the_environment_makes_every_logger_write_json():
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(DJANGO_SETTINGS_MODULE="policeonline.settings.intranet", PYTHONPATH=str(ROOT / "src"),
               LOG_FORMAT="json", LOG_LEVEL="INFO")
    code = ("import logging; logging.getLogger('policeonline.cases').info('case for %s opened', "
            f"'{ID_NUMBER}')")
    run = subprocess.run([sys.executable, str(ROOT / "manage.py"), "shell", "-c", code], env=env,  # noqa: S603
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    [line] = [x for x in run.stderr.splitlines() if "case for" in x]
    record = json.loads(line)
    assert record["zone"] == "intranet" and record["logger"] == "policeonline.cases"
    assert record["level"] == "INFO" and record["request_id"] == "-"
    assert record["message"] == "case for 370102********106X opened"


def test_plain_lines_are_masked_too():
    config = logging_config("plain", "INFO")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(config["filters"]["context"]["()"]())
    handler.setFormatter(logging.Formatter(config["formatters"]["main"]["format"]))
    logger = logging.getLogger("policeonline.cases")
    logger.addHandler(handler)
    try:
        logger.warning("case for %s, phone %s", ID_NUMBER, PHONE)
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue().rstrip().endswith(
        "WARNING policeonline.cases [-] case for 370102********106X, phone 138****5678")
