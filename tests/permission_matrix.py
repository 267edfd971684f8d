"""The permission matrix (docs/security.md): every URL pattern of a zone, called as every actor,
checked against the one table in security/permission-matrix.yaml. Shared by both zones' tests,
so nothing here imports a zone's own packages at module level.

A response is *allowed* when the view did its work (2xx, a redirect that is not to the sign-in
page, or a 400/409/422 answer to the test's placeholder input), *denied* when the caller was
turned away (401, 403, 404, 405, or a redirect to the sign-in page). *Refused*: the view
answers (typically a redirect with an error message) but its service refuses the actor; the
test checks that a write changed nothing."""

import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.urls import URLResolver, get_resolver

from policeonline.core.pii_scan import scan_bytes

MATRIX_FILE = Path(__file__).resolve().parents[1] / "security" / "permission-matrix.yaml"
ACTORS = ("anonymous", "citizen_a", "citizen_b", "company", "officer_x", "officer_y",
          "supervisor", "auditor", "admin")
# Actors who must never see someone else's full ID number or mobile number.
UNPRIVILEGED = ("anonymous", "citizen_b", "officer_y")
OUTCOMES = ("allow", "deny", "refused", "n/a")
EXPORT_TYPES = ("csv", "pdf", "octet-stream")
ALLOW_ERRORS = (400, 409, 422)  # the view read the (placeholder) input and refused it
PLACEHOLDERS = {"uuid": "00000000-0000-4000-8000-000000000000", "int": "999999", "path": "999999",
                "slug": "none", "str": "none", None: "none"}
OBSERVE = os.environ.get("PERMISSION_MATRIX_OBSERVE", "")  # a file: write what was seen there
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    key: str  # the row's key in the matrix: the route, prefixed with the method for API operations
    route: str
    name: str
    methods: tuple[str, ...] = ()  # only for API operations: the operation's own methods
    params: tuple[tuple[str | None, str], ...] = ()


def routes() -> list[Route]:
    """Every URL pattern the zone's resolver can reach, API operations one by one."""
    found, seen_views = [], {}

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(x for x in (namespace, p.namespace) if x)
                walk(p.url_patterns, prefix + str(p.pattern), ns)
                continue
            route = prefix + str(p.pattern)
            name = ":".join(x for x in (namespace, p.name) if x) if p.name else ""
            params = tuple((m["converter"], m["name"]) for m in PARAM.finditer(route))
            callback = p.callback
            if getattr(callback, "__name__", "") in ("sync_view_wrapper", "async_view_wrapper"):
                path_view = callback.__closure__[0].cell_contents
                # django-ninja adds one pattern per operation of a path, in order
                index = seen_views.get(id(path_view), 0)
                seen_views[id(path_view)] = index + 1
                methods = tuple(sorted(path_view.operations[index].methods))
                found.append(Route(f"{'|'.join(methods)} {route}", route, name, methods, params))
            else:
                found.append(Route(route, route, name, (), params))

    walk(get_resolver().url_patterns, "", "")
    return found


@dataclass
class Row:
    key: str
    expected: dict  # actor -> allow / deny / n/a
    methods: tuple[str, ...]
    object: str | None
    path: str | None  # explicit path for regex routes
    data: dict = field(default_factory=dict)
    json: bool = False
    query: str = ""
    upload: bool = False
    per_method: dict = field(default_factory=dict)  # {"POST": {"admin": "deny"}}: overrides by method


def load(zone: str) -> tuple[dict[str, Row], dict[str, str]]:
    """The zone's rows, each with an outcome for every actor, and the zone's n/a reasons."""
    doc = yaml.safe_load(MATRIX_FILE.read_text(encoding="utf-8"))
    profiles, not_here = doc["profiles"], doc["not_in_zone"][zone]
    rows = {}
    for key, spec in (doc[zone] or {}).items():
        spec = {"access": spec} if isinstance(spec, str) else dict(spec)
        expected = {}
        for name in str(spec.get("access", "")).split("+"):
            expected.update(profiles[name.strip()]) if name.strip() else None
        expected.update({a: spec[a] for a in ACTORS if a in spec})
        for actor in not_here:
            expected[actor] = "n/a"
        if OBSERVE:
            expected = {a: expected.get(a, "allow") for a in ACTORS}
        missing = [a for a in ACTORS if expected.get(a) not in OUTCOMES]
        assert not missing, f"{zone} row {key!r}: no outcome (allow/deny/n/a) for {missing}"
        is_api = key.split(" ", 1)[0].isupper()
        methods = tuple(key.split(" ", 1)[0].split("|")) if is_api else tuple(spec.get("methods", ["GET"]))
        rows[key] = Row(key, expected, methods, spec.get("object"), spec.get("path"),
                        spec.get("data", {}), is_api or bool(spec.get("json")), spec.get("query", ""),
                        bool(spec.get("upload")), {m: spec[m] for m in ("GET", "POST") if m in spec})
    return rows, not_here


def coverage(zone: str, found: list[Route], rows: dict[str, Row]) -> list[str]:
    keys = {r.key for r in found}
    problems = [f"{zone}: URL pattern {r.key!r} ({r.name or 'unnamed'}) has no row in "
                f"{MATRIX_FILE.name}" for r in found if r.key not in rows]
    problems += [f"{zone}: row {k!r} names a URL pattern that no longer exists" for k in rows
                 if k not in keys]
    return problems


def build_path(route: Route, row: Row, objects: dict[str, dict]) -> str:
    if row.path:
        return "/" + row.path.format(**objects.get(row.object or "", {}))
    values = objects[row.object] if row.object else {}
    for _, name in route.params:
        if name not in values and row.object:
            raise KeyError(f"object {row.object!r} gives no value for <{name}> in {route.key!r}")

    def fill(m):
        return str(values.get(m["name"], PLACEHOLDERS.get(m["converter"], "none")))

    return "/" + PARAM.sub(fill, route.route) + (f"?{row.query}" if row.query else "")


def outcome(response, login_paths: tuple[str, ...]) -> str:
    status = response.status_code
    if status in (401, 403, 404, 405):
        return "deny"
    if status in (301, 302, 303, 307, 308):
        target = response.get("Location", "")
        return "deny" if any(p in target for p in login_paths) else "allow"
    if status < 300 or status in ALLOW_ERRORS:
        return "allow"
    return f"error {status}"


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return response.matrix_body
    return response.content


def fingerprint(models) -> str:
    """A digest of every row of the watched models: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    for model in models:
        for values in model.objects.order_by("pk").values_list():
            digest.update(repr(values).encode())
    return digest.hexdigest()


@dataclass
class Result:
    cells: int = 0
    calls: int = 0
    failures: list = field(default_factory=list)
    pii: list = field(default_factory=list)
    exports: list = field(default_factory=list)
    seen: dict = field(default_factory=dict)


def run(zone, clients, objects, watched, login_paths, relogin, before_row=None, own=None) -> Result:
    """Call every row as every actor with a client, compare with the table, scan what the
    unprivileged actors got and every exported file, and check that a refused write on an object
    changed nothing in ``watched``. ``relogin(actor)`` signs an actor in again after a call that
    ended its session (sign-out); ``own[actor]``: the actor's own ID and mobile numbers."""
    found = routes()
    rows, _ = load(zone)
    result = Result()
    result.failures += coverage(zone, found, rows)
    by_key = {r.key: r for r in found}
    for key, row in rows.items():
        if key not in by_key:
            continue
        path = build_path(by_key[key], row, objects)
        if before_row:
            before_row()
        for actor in ACTORS:
            if row.expected[actor] != "n/a":
                result.cells += 1
                _cell(result, zone, key, row, by_key[key], path, actor, clients[actor], watched,
                      login_paths, relogin, (own or {}).get(actor, ()))
    if OBSERVE:
        Path(OBSERVE).write_text(json.dumps(result.seen, indent=1, ensure_ascii=False))
    return result


def _cell(result, zone, key, row, route, path, actor, client, watched, login_paths, relogin, own):
    from django.conf import settings

    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value \
        if settings.SESSION_COOKIE_NAME in client.cookies else None
    methods = row.methods
    if not route.methods and methods == ("POST",):
        methods = ("GET", "POST")  # a POST-only page: GET must be refused too
    for method in methods:
        want = "deny" if method not in row.methods else \
            row.per_method.get(method, {}).get(actor, row.expected[actor])
        writes = method != "GET"
        response, changed = call_and_undo(client, method, path, row, watched, check=writes and (
            want == "refused" or (want == "deny" and bool(row.object))))
        result.calls += 1
        got = outcome(response, login_paths)
        result.seen.setdefault(key, {}).setdefault(actor, {})[method] = f"{got} {response.status_code}"
        if want == "refused" and got in ("allow", "deny"):
            got = "refused"  # the view answered; that nothing changed is checked below
        where = f"{zone} {method} {path} [{key}] as {actor}"
        if got != want:
            result.failures.append(f"{where}: expected {want}, got {got} "
                                   f"({response.status_code} {response.get('Location', '')})")
        if changed:
            result.failures.append(f"{where}: refused, but the database changed")
        cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
        if actor != "anonymous" and cookie is not None and cookie.value != session_key:
            relogin(actor)  # the call ended or replaced the session (signed out)
            session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        content_type = response.get("Content-Type", "")
        export = response.status_code == 200 and (
            any(t in content_type for t in EXPORT_TYPES) or "Content-Disposition" in response)
        if export:
            result.exports.append((actor, path, content_type))
        if actor in UNPRIVILEGED or export:  # a file travels on: nobody's numbers but the holder's
            result.pii += [f"{where}: {finding}" for finding in scan_bytes(body_of(response), content_type)
                           if finding.value not in own]


def call_and_undo(client, method, path, row, watched, check):
    """One call inside a savepoint that is rolled back: every row and actor meets the same
    objects (an owner's withdrawal does not hide the draft from the next row). With ``check``,
    whether the call changed any row of the watched models."""
    from django.db import transaction

    with transaction.atomic():
        before = fingerprint(watched) if check else None
        response = call(client, method, path, row)
        if getattr(response, "streaming", False):  # read the file before the rollback
            response.matrix_body = b"".join(response.streaming_content)
        changed = check and fingerprint(watched) != before
        transaction.set_rollback(True)
    return response, changed


def call(client, method, path, row):
    if method == "GET":
        return client.get(path)
    if row.upload:  # multipart, with a small PDF as the file
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(path, {**row.data, "file": SimpleUploadedFile(
            "scan.pdf", b"%PDF-1.4 matrix", content_type="application/pdf")})
    if row.json:
        return client.generic(method, path, json.dumps(row.data), content_type="application/json")
    if method == "POST":
        return client.post(path, row.data)
    return client.generic(method, path)


def scan_logs(records) -> list[str]:
    found = []
    for record in records:
        text = record.getMessage()
        found += [f"log {record.name}: {f}" for f in scan_bytes(text.encode())]
    return found


def new_uuid() -> str:
    return str(uuid.uuid4())
