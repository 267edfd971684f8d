"""Schemathesis against the back office. The intranet zone has no JSON API of its own (ADR 2's
API is the portal's, for the mobile app and integrators; officers use server-rendered pages),
so there is no OpenAPI document to export. What it does have is a surface that takes input:
every page's query parameters and path parameters, and the forms that need no existing object.
That surface is described below as an OpenAPI document for fuzzing only; generated requests
(valid and invalid) as a signed-in officer — and, for the sign-in form, as nobody — must never
get a server error. (Pages are HTML: there is no response schema to conform to.)

`test_every_back_office_url_is_fuzzed_or_said_why_not` keeps the description in step with the
URL configuration. CI runs a few examples per operation (API_FUZZ_EXAMPLES, default 3);
`make security` runs 50.
"""

import os

import pytest
from django.conf import settings as settings_
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.crypto import get_random_string
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, settings

from policeonline.accounts.officers.models import Officer, Role
from policeonline.catalog.models import Department

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed "
                                   "(pip install -r requirements.lock)")

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "3"))
TEXT = {"type": "string", "maxLength": 60}
DAY = {"type": "string", "format": "date"}
NUMBER = {"type": "integer"}
UUID = {"type": "string", "format": "uuid"}


def query(*names, **typed):
    return [{"name": n, "in": "query", "required": False, "schema": TEXT} for n in names] + \
        [{"name": n, "in": "query", "required": False, "schema": s} for n, s in typed.items()]


def path(**typed):
    return [{"name": n, "in": "path", "required": True, "schema": s} for n, s in typed.items()]


def form(*names, **typed):
    properties = dict.fromkeys(names, TEXT) | typed
    return {"content": {"application/x-www-form-urlencoded": {"schema": {
        "type": "object", "properties": properties, "additionalProperties": False}}}}


# Pages (GET) and their parameters, as the views read them.
PAGES = {
    "/": [],
    "/exchange/": query("reason", "page"),
    "/verification/": query("outcome", "page"),
    "/verification/alerts/": [],
    "/cases/": query("q", "item", "page"),
    "/cases/workflows/": [],
    "/cases/{pk}/": path(pk=NUMBER),
    "/cases/{pk}/files/{attachment_id}/": path(pk=NUMBER, attachment_id=NUMBER),
    "/plates/": query("page"),
    "/plates/{pk}/": path(pk=NUMBER) + query("status", "page"),
    "/permits/": query("zone", day=DAY),
    "/calendar/": query("start", "n"),
    "/calendar/{year}/": path(year=NUMBER),
    "/calendar/overrides/": [],
    "/payments/": query("state"),
    "/appointments/": query("hall", "date"),
    "/letters/": query("show"),
    "/letters/{letter_id}/": path(letter_id=UUID),
    "/letters/{letter_id}/files/{attachment_id}/": path(letter_id=UUID, attachment_id=NUMBER),
    "/notices/": query("status"),
    "/notices/new/": [],
    "/notices/{notice_id}/": path(notice_id=UUID),
    "/notices/{notice_id}/edit/": path(notice_id=UUID),
    "/notices/{notice_id}/attachments/{attachment_id}/": path(notice_id=UUID, attachment_id=NUMBER),
    "/supervision/": query("period", "from", "to", "department"),
    "/supervision/cases/": query("department", "figure", "officer", "period", "from", "to", "page"),
    "/supervision/reports/{pk}/{kind}/": path(pk=NUMBER, kind=TEXT),
    "/supervision/inbox/": [],
    "/rectification/": query("show"),
    "/rectification/{pk}/": path(pk=NUMBER),
}
# Forms (POST) that need no existing object; the others act on a case, letter, notice… that
# their own tests create, and their input is the same text fields as these.
FORMS = {
    "/calendar/overrides/": form("kind", "name", date=DAY),
    "/calendar/overrides/{day}/remove/": {"parameters": path(day=TEXT)},
    "/calendar/{year}/enter/": {"parameters": path(year=NUMBER),
                                **form("source", "notes", "text", published_on=DAY)},
    "/notices/new/": form("title", "category", "body", "when", "publish_at"),
    "/plates/release/": form("prefix", "plate_type", "method", "spec", "note"),
    "/supervision/inbox/read/": form("message", "open"),
    "/prefs/language": form("language", "next"),
    "/prefs/elder": form("elder", "next"),
}
SIGN_IN = {"/officers/login/": form("username", "password", "otp_token")}
# URL patterns not in the description, and why.
NOT_FUZZED = {
    "/admin/": "Django's admin for reference data (administrators only), Django's own code",
    "/officers/logout/": "no input",
    "/cases/{pk}/claim/": "acts on an existing case (tests/intranet/cases)",
    "/cases/{pk}/act/{action}/": "acts on an existing case (tests/intranet/cases)",
    "/verification/alerts/{pk}/acknowledge/": "acts on an existing alert (tests/intranet)",
    "/plates/{pk}/withdraw/": "acts on an existing pool (tests/intranet/plates)",
    "/calendar/{year}/withdraw/": "acts on an entered year (tests/intranet/workdays)",
    "/appointments/{pk}/{outcome}/": "acts on an existing booking (tests/intranet/appointments)",
    "/rectification/{pk}/claim/": "acts on an existing task (tests/intranet/ratings)",
    "/rectification/{pk}/answer/": "acts on an existing task (tests/intranet/ratings)",
    "/notices/{notice_id}/attachments/": "acts on an existing notice (tests/intranet/notices)",
    "/notices/{notice_id}/attachments/{attachment_id}/remove/": "acts on an existing notice",
    "/notices/{notice_id}/submit/": "acts on an existing notice (tests/intranet/notices)",
    "/notices/{notice_id}/approve/": "acts on an existing notice (tests/intranet/notices)",
    "/notices/{notice_id}/send-back/": "acts on an existing notice (tests/intranet/notices)",
    "/notices/{notice_id}/withdraw/": "acts on an existing notice (tests/intranet/notices)",
}


def _operation(spec: dict, method: str) -> dict:
    if isinstance(spec, list):
        return {"parameters": spec, "responses": {"default": {"description": "a page"}}}
    body = {k: v for k, v in spec.items() if k != "parameters"}
    return {"parameters": spec.get("parameters", []), **({"requestBody": body} if body else {}),
            "responses": {"default": {"description": "a page or a redirect"}}}


def description(pages: dict, forms: dict) -> dict:
    paths: dict = {}
    for url, spec in pages.items():
        paths.setdefault(url, {})["get"] = _operation(spec, "get")
    for url, spec in forms.items():
        paths.setdefault(url, {})["post"] = _operation(spec, "post")
    return {"openapi": "3.0.3", "info": {"title": "Back office pages (fuzzing only)", "version": "1"},
            "paths": paths}


officer_schema = schemathesis.openapi.from_dict(description(PAGES, FORMS))
officer_schema.app = WSGIHandler()
sign_in_schema = schemathesis.openapi.from_dict(description({}, SIGN_IN))
sign_in_schema.app = officer_schema.app
pytestmark = pytest.mark.django_db


def keep_the_test_connection(connect: bool = False):
    """As the internet zone's fuzz test: a request's end must not close the test's database
    connection (it holds the test transaction)."""
    for signal in (request_started, request_finished):
        (signal.connect if connect else signal.disconnect)(close_old_connections)


@pytest.fixture(autouse=True)
def quiet_connections():
    keep_the_test_connection()
    yield
    keep_the_test_connection(connect=True)


def _signed(session_key: str = "") -> dict:
    """Request arguments as a browser holds them: the session cookie, and a CSRF cookie with the
    same token in the header. (Cookies go as cookies: the WSGI test client drops a Cookie header
    that its own cookie jar does not hold.)"""
    token = get_random_string(32)
    cookies = {settings_.CSRF_COOKIE_NAME: token}
    if session_key:
        cookies[settings_.SESSION_COOKIE_NAME] = session_key
    return {"cookies": cookies, "headers": {"X-CSRFToken": token}}


def reached(response, signed_in: bool):
    """The request reached the view: not refused by the CSRF check, and (signed in) not sent
    to the sign-in page — otherwise the fuzzing would test nothing but the guards."""
    assert not (response.status_code == 403 and b"CSRF" in response.content), "refused by the CSRF check"
    if signed_in:
        assert "/officers/login/" not in response.headers.get("location", [""])[0], "not signed in"


@pytest.fixture
def officer(db):
    """An officer holding every role (so every page's code runs, not its refusal), signed in
    past the TOTP step."""
    officer = Officer.objects.create_user(username="100199", password=None, last_name="测", first_name="试",
                                          department=Department.objects.get(code="population"),
                                          roles=list(Role.values))
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client = Client()
    client.force_login(officer)  # the sign-in form itself is fuzzed below, as nobody
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    keep_the_test_connection()
    return _signed(session.session_key)


def _patterns(resolver=None, prefix="") -> list[str]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += [route] if route == "admin/" else _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            found.append(route)
    return found


def _as_template(route: str) -> str:
    import re

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_back_office_url_is_fuzzed_or_said_why_not():
    described = set(PAGES) | set(FORMS) | set(SIGN_IN)
    urls = {_as_template(route) for route in _patterns()}
    assert urls - described - set(NOT_FUZZED) == set(), "describe new pages' parameters above"
    assert (described | set(NOT_FUZZED)) - urls == set(), "a described URL no longer exists"


@officer_schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_a_signed_in_officer_gets_no_server_error(case, officer):
    reached(case.call_and_validate(**officer, checks=[schemathesis.checks.not_a_server_error]), True)


@sign_in_schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_sign_in_form_gives_nobody_a_server_error(case):
    reached(case.call_and_validate(**_signed(), checks=[schemathesis.checks.not_a_server_error]), False)


