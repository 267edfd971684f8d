"""Schemathesis against the internet zone's OpenAPI document: for every operation, generated
requests (valid and invalid) as an anonymous caller and as a verified citizen must never get a
server error, and every documented response must match its schema.

CI runs a few examples per operation (API_FUZZ_EXAMPLES, default 3); `make security` runs 50.
"""

import os

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed "
                                   "(pip install -r requirements.lock)")
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from policeonline.accounts.citizens.models import User  # noqa: E402

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "3"))
CHECKS = [schemathesis.checks.not_a_server_error, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
pytestmark = pytest.mark.django_db


def keep_the_test_connection(connect: bool = False):
    """As Django's test client does: a request's end must not close the test's database
    connection (it holds the test transaction). The test client reconnects the handlers after
    each of its requests, so this is called again after using it."""
    for signal in (request_started, request_finished):
        (signal.connect if connect else signal.disconnect)(close_old_connections)


@pytest.fixture(autouse=True)
def quiet_connections():
    keep_the_test_connection()
    yield
    keep_the_test_connection(connect=True)


@pytest.fixture
def signed_in(db):
    """Session and CSRF cookies of a verified citizen, as the mobile app holds them."""
    user = User.objects.create_citizen(name="测试", id_number="370102198001010016",
                                       phone="13900000009", password=None)
    client = Client()
    client.force_login(user)  # signing in is tested elsewhere; Argon2 per test would dominate
    client.get("/accounts/login/")  # sets the CSRF cookie
    keep_the_test_connection()
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "X-CSRFToken": cookies.get("csrftoken", "")}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_anonymous_callers_get_no_server_error(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_a_signed_in_citizen_gets_no_server_error(case, signed_in):
    case.call_and_validate(headers=signed_in, checks=CHECKS)
