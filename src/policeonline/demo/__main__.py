"""Run the demo: migrate and seed both zones, then serve them with gunicorn.

    python -m policeonline.demo [--internet-port 8000] [--intranet-port 8001]

Each zone is its own process group with its own settings and database, as in production;
Ctrl-C (or SIGTERM) stops every child and waits for it.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from policeonline.gateway_simulator import demo as gateway_demo

ROOT = Path(__file__).resolve().parents[3]
PORTS = {"internet": 8000, "intranet": 8001, "gateway": 8002}  # set from the command line in main()
ZONES = {"internet": "policeonline.settings.internet", "intranet": "policeonline.settings.intranet"}


def zone_env(zone: str) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=ZONES[zone], DEMO_MODE="1",
               PYTHONUNBUFFERED="1")
    env.setdefault("POLICEONLINE_VAR_DIR", str(ROOT / "var"))
    env.setdefault("PORTAL_BASE_URL", f"http://localhost:{PORTS['internet']}")
    env.setdefault("PAYMENT_GATEWAY_URL", f"http://127.0.0.1:{PORTS['gateway']}")
    return env


def manage(zone: str, *args: str) -> None:
    # Fixed argv of our own (no shell, no user input).
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args],  # noqa: S603
                   env=zone_env(zone), check=True)


def prepare(zone: str) -> None:
    print(f"· {zone}: migrating, seeding, collecting static files, exchange keys", flush=True)
    manage(zone, "migrate", "--noinput", "-v", "0")
    manage(zone, "seed_demo")
    manage(zone, "collectstatic", "--noinput", "-v", "0")
    manage(zone, "exchange", "keys", "create")
    if zone == "intranet":
        manage(zone, "certificates", "keys", "create")
        manage(zone, "transparency", "keys", "create")  # signs the log's tree heads (idempotent)
        manage(zone, "seed_demo_permits")  # pass-permit zones, vehicle facts, 张三's light truck
        manage(zone, "seed_demo_notices")  # 警务公开: published notices cross once workers run
    else:
        manage(zone, "load_permit_zones")
        manage(zone, "permits", "keys", "create")  # the portal signs pass permits itself


def seed_cases() -> None:
    """Demo applications go in through the portal's services and cross like any other; the
    back office then moves them along (once the running exchange has carried them)."""
    print("· seeding demo applications and moving them through the back office", flush=True)
    manage("internet", "seed_demo_applications")
    manage("intranet", "seed_demo_plates")  # plate pools for online selection
    manage("internet", "seed_demo_appointments")  # bookings, so the halls' day lists are alive
    expected = subprocess.run(  # noqa: S603  (fixed argv)
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c",
         "from policeonline.applications.models import Application as A; "
         "print(A.objects.exclude(receipt_no=None).count())"],
        env=zone_env("internet"), check=True, capture_output=True, text=True).stdout.split()[-1:]
    manage("intranet", "seed_demo_cases", "--expect", expected[0] if expected else "1", "--wait", "120")
    manage("intranet", "stats", "rebuild")  # public statistics: count the cases, publish (ADR 0026)
    manage("intranet", "seed_demo_payments")  # a fee to pay through the gateway simulator
    # After the back office moved the others along: this case stays where its guarantor's
    # answer is awaited (an off-site ID card, 钱九 naming 周八).
    manage("internet", "seed_demo_guarantees")
    manage("intranet", "seed_demo_supervision")  # officers' emails, first alerts, last week's reports


def cross_trust() -> None:
    """Each zone trusts the other's active public key — on one machine, the demo can do what
    two operators do in production by carrying the exported key across."""
    for zone, other in (("internet", "intranet"), ("intranet", "internet")):
        exported = subprocess.run(  # noqa: S603 - fixed argv
            [sys.executable, str(ROOT / "manage.py"), "exchange", "keys", "export"],
            env=zone_env(zone), check=True, capture_output=True).stdout
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "exchange", "keys",  # noqa: S603
                        "trust", "-"], input=exported, env=zone_env(other), check=True,
                       stdout=subprocess.DEVNULL)
    # The portal verifies certificates with the bureau's published certificate key.
    published = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, str(ROOT / "manage.py"), "certificates", "keys", "export-public"],
        env=zone_env("intranet"), check=True, capture_output=True).stdout
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "certificates", "keys",  # noqa: S603
                    "trust", "-"], input=published, env=zone_env("internet"), check=True,
                   stdout=subprocess.DEVNULL)


def worker(zone: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "exchange", "run"],  # noqa: S603
                            env=zone_env(zone), start_new_session=True)


def periodic(zone: str) -> subprocess.Popen:
    """The zone's scheduler: deadline scans, escalations, publication, reports (ADR 0030)."""
    return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "periodic", "run"],  # noqa: S603
                            env=zone_env(zone), start_new_session=True)


def ferry() -> subprocess.Popen:
    spool = Path(zone_env("internet")["POLICEONLINE_VAR_DIR"]) / "exchange" / "spool"
    return subprocess.Popen([sys.executable, "-m", "policeonline.exchange.ferry",  # noqa: S603
                             "--root", str(spool)], env=zone_env("internet"), start_new_session=True)


def serve(zone: str, port: int) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603  (fixed argv, no shell)
        [sys.executable, "-m", "gunicorn", "policeonline.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--access-logfile", "-",
         "--graceful-timeout", "5", "--no-control-socket", "--name", f"policeonline-{zone}"],
        env=zone_env(zone), start_new_session=True)


def banner(internet_port: int, intranet_port: int) -> None:
    from .accounts import CITIZEN as DEMO_CITIZEN
    from .accounts import CITIZEN_PASSWORD as DEMO_PASSWORD
    from .accounts import COMPANY as DEMO_COMPANY
    from .accounts import OFFICER_PASSWORD

    print(f"""
================================================================================
 公安服务在线 Police Service Online — demo (synthetic data; SMS is simulated)

 市民门户 Citizen portal (internet zone):   http://127.0.0.1:{internet_port}/
   SMS simulator outbox (demo only):        http://127.0.0.1:{internet_port}/dev/sms/
{gateway_demo.banner(PORTS['gateway'])}
   Public API (OpenAPI):                    http://127.0.0.1:{internet_port}/api/v1/openapi.json
 民警后台 Back office (intranet zone):      http://127.0.0.1:{intranet_port}/

 Citizen:  ID {DEMO_CITIZEN['id_number']} or mobile {DEMO_CITIZEN['phone']}, password {DEMO_PASSWORD}
 Company:  credit code {DEMO_COMPANY['credit_code']}, password {DEMO_PASSWORD}
 Officers: police numbers 100001 (户政 clerk), 100002 (approver), 100003 (supervisor),
           200001 (出入境), 900001 (auditor), 910001 (duty), 900000 (admin); password {OFFICER_PASSWORD};
           the sign-in page lists each demo officer's current authenticator code.

 Boundary exchange: a worker per zone and the ferry between them (spool in var/exchange/);
   `ZONE=intranet .venv/bin/python manage.py exchange status` shows its health.

 Press Ctrl-C to stop.
================================================================================
""", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--internet-port", type=int, default=8000)
    parser.add_argument("--intranet-port", type=int, default=8001)
    parser.add_argument("--gateway-port", type=int, default=None,
                        help="the payment gateway simulator (default 8002, or the portal's + 2)")
    args = parser.parse_args()
    gateway = args.gateway_port or (8002 if args.internet_port == 8000 else args.internet_port + 2)
    PORTS.update(internet=args.internet_port, intranet=args.intranet_port, gateway=gateway)

    for zone in ZONES:
        prepare(zone)
    cross_trust()
    gateway_demo.prepare(zone_env("internet"))  # the payment gateway SIMULATOR
    children = {"internet portal": serve("internet", args.internet_port),
                "intranet back office": serve("intranet", args.intranet_port),
                "internet exchange worker": worker("internet"),
                "intranet exchange worker": worker("intranet"),
                "ferry": ferry(), **gateway_demo.start(zone_env("internet"), PORTS["gateway"])}
    stopping = False

    seeding = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        if seeding:  # interrupt the seed commands (subprocess.run kills the running one)
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    time.sleep(1.5)
    status = 0
    try:
        seeding = True
        seed_cases()
    except subprocess.CalledProcessError as exc:
        print(f"! seeding the demo cases failed: {exc}", flush=True)
        stopping, status = True, 1
    except KeyboardInterrupt:
        print("\n· stopped while seeding", flush=True)
    else:
        # The schedulers start once the seed is in: on SQLite, their first round of due jobs
        # would otherwise compete with the seeding for the write lock.
        children.update({f"{zone} periodic jobs": periodic(zone) for zone in ZONES})
        banner(args.internet_port, args.intranet_port)
    finally:
        seeding = False
    while not stopping:
        for zone, child in children.items():
            if child.poll() is not None:
                print(f"! {zone} stopped unexpectedly (exit {child.returncode})", flush=True)
                stopping, status = True, 1
        time.sleep(0.5)
    print("\nStopping…", flush=True)
    for child in children.values():
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    for child in children.values():
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
    print("Stopped.", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
