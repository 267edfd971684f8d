#!/usr/bin/env python3
"""The security scanners behind `make security` (issue 7).

    scripts/security.py bandit       bandit over src/: every finding fixed or justified in
                                     security/bandit-justified.yaml, no stale justifications
    scripts/security.py pip-audit    known vulnerabilities in the locked dependencies
    scripts/security.py sqlmap       sqlmap against each zone's forms and API operations, on a
                                     freshly migrated and seeded SQLite copy of the zone
                                     (--quick: three targets; --help for scanning a running server)

Exit status 1 on any unjustified finding; 2 when a scanner cannot run (said plainly).
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JUSTIFIED = ROOT / "security" / "bandit-justified.yaml"
SQLMAP_TIME_LIMIT = 600  # seconds per target, a bound only (the statistics page took 350 s under load)


def _matches(entry: dict, finding: dict) -> bool:
    return (finding["filename"] == entry["file"] and finding["test_id"] == entry["test"]
            and entry.get("match", "") in finding["code"])


def bandit() -> int:
    rules = yaml.safe_load(JUSTIFIED.read_text(encoding="utf-8"))
    skips = ",".join(rules.get("skip", {}))
    run = subprocess.run([str(BIN / "bandit"), "-r", "src", "-q", "-f", "json", "--skip", skips],  # noqa: S603
                         cwd=ROOT, capture_output=True, text=True)
    if not run.stdout.strip():
        print(run.stderr, file=sys.stderr)
        return 2
    report = json.loads(run.stdout)
    entries = rules.get("findings", [])
    used = set()
    open_findings = []
    for finding in report["results"]:
        hits = [i for i, entry in enumerate(entries) if _matches(entry, finding)]
        used.update(hits)
        if not hits:
            open_findings.append(finding)
    for finding in open_findings:
        print(f"UNJUSTIFIED {finding['test_id']} ({finding['issue_severity']}) "
              f"{finding['filename']}:{finding['line_number']}: {finding['issue_text']}")
    stale = [entries[i] for i in range(len(entries)) if i not in used]
    for entry in stale:
        print(f"STALE justification (matches nothing now): {entry['file']} {entry['test']}")
    total = len(report["results"])
    print(f"bandit: {total} findings in {report['metrics']['_totals']['loc']} lines, "
          f"{total - len(open_findings)} justified in {JUSTIFIED.relative_to(ROOT)}, "
          f"{len(open_findings)} unjustified, {len(stale)} stale justifications; "
          f"skipped checks: {skips}")
    return 1 if open_findings or stale else 0


def pip_audit() -> int:
    if shutil.which("pip-audit", path=str(BIN)) is None:
        print("pip-audit is not installed (pip install pip-audit)", file=sys.stderr)
        return 2
    run = subprocess.run([str(BIN / "pip-audit"), "-r", "requirements.lock", "--no-deps",  # noqa: S603
                          "--disable-pip", "--progress-spinner", "off"],
                         cwd=ROOT, capture_output=True, text=True)
    print(run.stdout, end="")
    unaudited = [line for line in (run.stdout + run.stderr).splitlines() if "could not be audited" in line]
    if unaudited or "ConnectionError" in run.stderr:
        print(f"pip-audit could NOT check {len(unaudited) or 'the'} locked packages: no vulnerability "
              "database answered (PyPI's per-release JSON API or OSV). This check did not run; "
              "run `make security` where one is reachable.", file=sys.stderr)
        return 2
    print(run.stderr, end="", file=sys.stderr)
    return run.returncode


# ---------------------------------------------------------------------------------------------
# sqlmap: every form and API operation that takes text into a query, against a running zone.

@dataclass(frozen=True)
class Target:
    """One request for sqlmap. ``path`` may hold ``*`` after a path parameter's value (sqlmap's
    injection marker); ``data`` is a POST body (form-encoded, or JSON for the API); ``csrf``: a
    Django form, whose fresh token sqlmap reads from the same page before each request."""
    name: str
    path: str
    data: str | None = None
    csrf: bool = False
    signed_in: bool = False
    csrf_page: str = ""  # where the form's token is read, when not at ``path`` (a POST-only URL)


# Integer and UUID path parameters are left out: the URL resolver (or the API's validation)
# refuses anything else before a view runs. Each target's sample values answer 200 (or a
# documented 4xx) unchanged, so sqlmap compares payloads against a real page.
SQLMAP_TARGETS = {
    "internet": [
        Target("portal search", "/search/?q=passport"),
        Target("service category page", "/services/CRJ*/"),
        Target("item guide page", "/items/CRJ-001*/"),
        Target("progress query form", "/progress/", "receipt_no=JN-2026-7K3M-9QXD-2WTC&factor=%E5%BC%A0",
               csrf=True),
        Target("citizen sign-in form", "/accounts/login/", "username=37010219900307106X&password=x",
               csrf=True),
        Target("letters Q&A search", "/qa/?q=passport&page=1"),
        Target("letter tracking form", "/letters/track/", "tracking_no=XJ-2026-7K3M-9QXM&phone=13800000001",
               csrf=True),
        Target("notices list filters", "/notices/?category=policy&page=1"),
        Target("statistics query", "/statistics/?period=month&by=category&code=CRJ"
               "&first=2026-01-01&last=2026-11-27"),
        Target("certificate verification", "/certificates/verify/?code=abc"),
        Target("transparency entries", "/transparency/entries.json?start=0&end=10"),
        Target("booking page filters", "/appointments/book/?item=CRJ-001&hall=crj_city", signed_in=True),
        Target("API catalog items", "/api/v1/catalog/items?category=CRJ&q=passport&online_level=full"
               "&applicant=citizen&limit=10&offset=0"),
        Target("API catalog item", "/api/v1/catalog/items/CRJ-001*"),
        Target("API catalog item form", "/api/v1/catalog/items/CRJ-001*/form"),
        Target("API halls for an item", "/api/v1/appointments/halls?item_code=CRJ-001"),
        Target("API hall slots", "/api/v1/appointments/halls/crj_city*/slots"),
        Target("API letters Q&A", "/api/v1/letters/qa?q=passport"),
        Target("API notices", "/api/v1/notices?category=policy&page=1"),
        Target("API statistics summary", "/api/v1/stats/summary?period=month&by=category&code=CRJ"
               "&first=2026-01-01&last=2026-11-27"),
        Target("API progress query", "/api/v1/progress",
               '{"receipt_no": "JN-2026-7K3M-9QXD-2WTC", "factor": "\\u5f20"}'),
        Target("API my application by receipt", "/api/v1/applications/by-receipt/JN-2026-7K3M-9QXD-2WTC*",
               signed_in=True),
        Target("API my letter", "/api/v1/letters/XJ-2026-7K3M-9QXM*", signed_in=True),
        Target("API my payment", "/api/v1/payments/F20261127ABCDEFGHJK*", signed_in=True),
        Target("API my permit", "/api/v1/permits/TX20261127000001*", signed_in=True),
    ],
    "intranet": [
        Target("officer sign-in form", "/officers/login/",
               "username=100001&password=x&otp_token=123456", csrf=True),
        Target("case queue filters", "/cases/?q=incoming&item=CRJ-001&page=1", signed_in=True),
        Target("verification history", "/verification/?outcome=match&page=1", signed_in=True),
        Target("exchange quarantine", "/exchange/?reason=signature&page=1", signed_in=True),
        Target("supervision dashboard", "/supervision/?period=custom&from=2026-11-01&to=2026-11-27"
               "&department=population", signed_in=True),
        Target("supervision case list", "/supervision/cases/?department=population&figure=overdue"
               "&officer=100001&period=custom&from=2026-11-01&to=2026-11-27&page=1", signed_in=True),
        Target("rectification list", "/rectification/?show=open", signed_in=True),
        Target("letters inbox", "/letters/?show=open", signed_in=True),
        Target("fees list", "/payments/?state=pending", signed_in=True),
        Target("notice drafts", "/notices/?status=draft", signed_in=True),
        Target("hall day list", "/appointments/?hall=crj_city&date=2026-11-27", signed_in=True),
        Target("pass-permit day list", "/permits/?day=2026-11-27&zone=city", signed_in=True),
        Target("plate pools", "/plates/?page=1", signed_in=True),
        Target("working-day calculator", "/calendar/?start=2026-11-27&n=5", signed_in=True),
        Target("calendar override removal", "/calendar/overrides/2026-10-01*/remove/", "", csrf=True,
               signed_in=True, csrf_page="/calendar/overrides/"),
    ],
}
QUICK_TARGETS = ("portal search", "progress query form", "API catalog items")
SCAN_SETTINGS = '''"""sqlmap scan of the {zone} zone: its settings, with the throttles lifted so that every
payload reaches the view (a throttled request never touches the database)."""
from policeonline.settings.{zone} import *  # noqa: F403

PROGRESS_QUERY_LIMITS = {{"per_client": 10**9, "failures_per_receipt": 10**9}}
AXES_FAILURE_LIMIT = 10**9
CERTIFICATE_VERIFY_LIMIT = 10**9
LETTERS_TRACK_LOOKUPS_PER_HOUR = 10**9
# A fast hasher first: a sign-in form's payloads would otherwise each cost an Argon2 run, and
# the hash is not part of any query.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
'''
SIGN_IN = '''
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
User = get_user_model()
if settings.ZONE == "intranet":
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from policeonline.accounts.officers.models import Role
    from policeonline.catalog.models import Department
    user = User.objects.filter(username="990099").first() or User.objects.create_user(
        username="990099", password=None, last_name="扫", first_name="描",
        department=Department.objects.get(code="population"), roles=list(Role.values))
    device = TOTPDevice.objects.get_or_create(user=user, name="scan", defaults={"confirmed": True})[0]
else:
    from policeonline.demo.accounts import CITIZEN
    user = User.objects.by_identifier(CITIZEN["id_number"])
client = Client()
client.force_login(user)
session = client.session
if settings.ZONE == "intranet":
    session["otp_device_id"] = device.persistent_id
session.save()
print("COOKIE " + settings.SESSION_COOKIE_NAME + "=" + session.session_key)
'''


@dataclass
class Verdict:
    target: Target
    injectable: bool = False
    concluded: bool = False
    server_errors: int = 0
    seconds: float = 0.0
    note: str = ""
    detail: str = ""  # sqlmap's log of what it found

    @property
    def ok(self) -> bool:
        return self.concluded and not self.injectable and not self.server_errors


def _sqlmap_command(base: str, target: Target, cookie: str, dbms: str, out: Path) -> list[str]:
    url = base + target.path
    command = [str(BIN / "sqlmap"), "-u", url, "--batch", "--level", "1", "--risk", "1",
               "--dbms", dbms, "--output-dir", str(out), "--disable-coloring", "--flush-session",
               "--time-limit", str(SQLMAP_TIME_LIMIT), "--answers", "follow=N",
               # A sample that names nothing answers 404, a page to compare like any other; the
               # column count of UNION probes is bounded (pages that reflect input otherwise send
               # sqlmap's ORDER BY search to 999 columns).
               "--ignore-code", "404", "--union-cols", "1-20",
               # Time-based probes wait 10 s, not 5: on a loaded machine a slow page could pass
               # for a delay the payload caused.
               "--time-sec", "10",
               "--skip", "csrftoken,intranet_csrftoken,sessionid,intranet_sessionid"]
    if target.data is not None:
        command += ["--data", ("csrfmiddlewaretoken=-&" if target.csrf else "") + target.data]
    if target.csrf:
        command += ["--csrf-token", "csrfmiddlewaretoken",
                    "--csrf-url", base + (target.csrf_page or target.path.split("?")[0].replace("*", ""))]
    if target.signed_in:
        command += ["--cookie", cookie]
    return command


def _verdict(target: Target, output: str, out: Path) -> Verdict:
    verdict = Verdict(target)
    logs = list(out.glob("*/log"))
    verdict.detail = "".join(log.read_text(errors="replace") for log in logs).strip()
    verdict.injectable = "identified the following injection point" in output or bool(verdict.detail)
    verdict.concluded = verdict.injectable or "do not appear to be injectable" in output
    errors = re.search(r"500 \(Internal Server Error\) - (\d+) times", output)
    verdict.server_errors = int(errors.group(1)) if errors else 0
    if not verdict.concluded:
        lines = [line for line in output.splitlines() if "[CRITICAL]" in line or "[ERROR]" in line]
        verdict.note = lines[-1] if lines else (output.strip().splitlines() or ["no output"])[-1]
    return verdict


def _preflight(base: str, target: Target, cookie: str) -> str:
    """The target's page must answer as itself (not a redirect to a sign-in page, not a 404 or a
    server error), or sqlmap would compare payloads against the wrong page."""
    url = base + (target.csrf_page or target.path.replace("*", ""))
    headers = {"Cookie": cookie} if target.signed_in else {}
    body = None
    if target.data is not None and not target.csrf:  # a JSON operation (a form: its page is fetched)
        body, headers["Content-Type"] = target.data.encode(), "application/json"
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        status = urllib.request.build_opener(NoRedirect).open(request, timeout=30).status  # noqa: S310
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        return f"not reachable: {exc}"
    # A path parameter's sample may name nothing (404); a sign-in page or a refusal never passes.
    expected = (200, 400, 422, 404) if "*" in target.path else (200, 400, 422)
    return "" if status in expected else f"answers {status} before any payload"


def scan(base: str, targets: list[Target], cookie: str, dbms: str, workdir: Path) -> list[Verdict]:
    def one(index_target):
        index, target = index_target
        started = time.monotonic()
        problem = _preflight(base, target, cookie)
        if problem:
            return Verdict(target, note=problem)
        out = workdir / f"{index:02d}"
        # Fixed argv of our own (targets above); sqlmap only speaks to our own local servers.
        run = subprocess.run(_sqlmap_command(base, target, cookie, dbms, out),  # noqa: S603
                             capture_output=True, text=True, stdin=subprocess.DEVNULL,
                             timeout=SQLMAP_TIME_LIMIT + 60)
        verdict = _verdict(target, run.stdout + run.stderr, out)
        verdict.seconds = time.monotonic() - started
        if not verdict.concluded and verdict.seconds >= SQLMAP_TIME_LIMIT:  # sqlmap stops silently
            verdict.note = f"stopped at the time limit ({SQLMAP_TIME_LIMIT} s) before a verdict"
        return verdict

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, enumerate(targets)))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def seeded_zone(zone: str, workdir: Path):
    """The zone on SQLite in ``workdir``: migrated, demo data seeded, throttles lifted, served by
    gunicorn on a free port. Yields (base URL, signed-in session cookie)."""
    (workdir / f"sqlmap_scan_{zone}.py").write_text(SCAN_SETTINGS.format(zone=zone), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    env.update(POLICEONLINE_VAR_DIR=str(workdir), DEMO_MODE="1", PYTHONUNBUFFERED="1",
               DJANGO_SETTINGS_MODULE=f"sqlmap_scan_{zone}", ALLOWED_HOSTS="127.0.0.1,localhost",
               PYTHONPATH=f"{workdir}{os.pathsep}{ROOT / 'src'}")
    log = workdir / f"{zone}.log"

    def manage(*args):
        # Fixed argv of our own.
        return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,  # noqa: S603
                              check=True, text=True, capture_output=True).stdout

    manage("migrate", "--noinput", "-v", "0")
    manage("seed_demo")
    if zone == "intranet":
        manage("exchange", "keys", "create")
        manage("seed_demo_plates")
        manage("seed_demo_notices")
    cookie = next(line[len("COOKIE "):] for line in manage("shell", "-c", SIGN_IN).splitlines()
                  if line.startswith("COOKIE "))
    port = _free_port()
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "policeonline.wsgi:application",  # noqa: S603
                                   "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
                                   "--no-control-socket", "--error-logfile", "-"],
                                  env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - our own local server
                break
            except urllib.error.HTTPError:
                break
            except OSError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the {zone} zone did not start:\n"
                                       + log.read_text(errors="replace")[-2000:]) from exc
                time.sleep(0.3)
        yield base, cookie
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(zone: str, verdicts: list[Verdict]) -> int:
    for v in verdicts:
        state = ("INJECTABLE" if v.injectable else "SERVER ERRORS" if v.server_errors
                 else "not injectable" if v.concluded else "NOT TESTED")
        extra = f" ({v.server_errors} responses 500)" if v.server_errors else ""
        extra += f": {v.note}" if v.note else ""
        print(f"  {zone:8} {v.target.name:32} {state}{extra}  [{v.seconds:.0f} s]")
        if v.detail:
            print("    " + v.detail.replace("\n", "\n    "))
    return sum(not v.ok for v in verdicts)


def sqlmap(args: list[str]) -> int:
    """scripts/security.py sqlmap [--quick] [--zone internet|intranet]
                                  [--url BASE --cookie NAME=VALUE --dbms DBMS]"""
    parser = argparse.ArgumentParser(prog="security.py sqlmap")
    parser.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK_TARGETS)}")
    parser.add_argument("--zone", choices=list(SQLMAP_TARGETS), action="append")
    parser.add_argument("--url", help="scan this running server of the (single) --zone instead")
    parser.add_argument("--cookie", default="", help="with --url: the signed-in session cookie")
    parser.add_argument("--dbms", default="SQLite", help="with --url: the server's database")
    parser.add_argument("--target", action="append", default=[], help="only the target of this name")
    parser.add_argument("--path", action="append", default=[],
                        help="scan only this GET path (query included; repeatable) of the zone")
    options = parser.parse_args(args)
    # Stopped (SIGTERM): unwind, so that the zone's gunicorn is stopped and the folder removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if shutil.which("sqlmap", path=str(BIN)) is None:
        print("sqlmap is not installed (pip install sqlmap)", file=sys.stderr)
        return 2
    zones = options.zone or list(SQLMAP_TARGETS)
    failures = 0
    started = time.monotonic()
    for zone in zones:
        targets = [t for t in SQLMAP_TARGETS[zone] if not options.quick or t.name in QUICK_TARGETS]
        if options.target:
            targets = [t for t in targets if t.name in options.target]
        if options.path:
            targets = [Target(path, path) for path in options.path]
        if not targets:
            continue
        with tempfile.TemporaryDirectory(prefix=f"sqlmap-{zone}-") as tmp:
            workdir = Path(tmp)
            if options.url:
                verdicts = scan(options.url.rstrip("/"), targets, options.cookie, options.dbms, workdir)
            else:
                with seeded_zone(zone, workdir) as (base, cookie):
                    verdicts = scan(base, targets, cookie, "SQLite", workdir)
        failures += report(zone, verdicts)
    subset = options.quick or options.path or options.target
    total = None if subset else sum(len(SQLMAP_TARGETS[z]) for z in zones)
    print(f"sqlmap: {failures} target(s) injectable, erroring or not tested"
          f"{'' if total is None else f' of {total}'}, in {time.monotonic() - started:.0f} s")
    return 1 if failures else 0


def main() -> int:
    actions = {"bandit": bandit, "pip-audit": pip_audit}
    if len(sys.argv) > 1 and sys.argv[1] == "sqlmap":
        return sqlmap(sys.argv[2:])
    if len(sys.argv) != 2 or sys.argv[1] not in actions:
        print(__doc__, file=sys.stderr)
        return 2
    return actions[sys.argv[1]]()


if __name__ == "__main__":
    sys.exit(main())
