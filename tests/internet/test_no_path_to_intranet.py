"""The internet zone never opens a connection to the intranet: while it registers a citizen,
sends the verification request and ships it over both transports, every socket and database
it opens is recorded (Python audit hooks), and none leads to an intranet database or host.
Its process never even imports an intranet-only module."""

import socket
import sqlite3
import sys

import pytest
from django.conf import settings
from django.db import connections

from policeonline.accounts.citizens import services
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.shipper import ship
from tests.conftest import need

from .conftest import PASSWORD

INTRANET_ONLY = ("policeonline.registry", "policeonline.verification", "policeonline.workbench",
                 "policeonline.workdays", "policeonline.cases", "policeonline.supervision",
                 "policeonline.accounts.officers", "policeonline.stats.desk", "policeonline.ratings.desk",
                 "django_otp",
                 "django.contrib.admin")
_seen: list[tuple[str, object]] = []
_recording = False


def _hook(event, args):
    if _recording and event in {"socket.connect", "sqlite3.connect"}:
        _seen.append((event, args[1] if event == "socket.connect" else args[0]))


sys.addaudithook(_hook)  # hooks cannot be removed; ``_recording`` switches this one


@pytest.fixture
def recorder():
    global _recording
    _seen.clear()
    _recording = True
    yield _seen
    _recording = False


def _rabbitmq_up():
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.django_db(transaction=True)
def test_a_whole_internet_flow_touches_nothing_of_the_intranet(recorder, django_user_model,
                                                             tmp_path):
    need(_rabbitmq_up(), "RabbitMQ not reachable at 127.0.0.1:5672")
    for alias in connections:
        connections[alias].close()  # reconnect inside the recording
    user = django_user_model.objects.create_citizen(name="张三", id_number="37010219900307106X",
                                                    phone="13800000001", password=PASSWORD)
    services.request_verification(user)
    ship(default_endpoint())  # the configured spool transport
    from policeonline.exchange.transports.contrib.amqp import AmqpTransport

    amqp = AmqpTransport("internet", queue_prefix="nopath-test.", exchange="nopath-test.x")
    amqp.send("probe", b"bytes")
    amqp._channel().queue_delete("nopath-test.pso.to.intranet")
    amqp._channel().queue_delete("nopath-test.pso.to.internet")
    amqp._channel().exchange_delete("nopath-test.x")
    amqp.close()

    database = settings.DATABASES["default"]
    for event, target in recorder:
        text = str(target)
        assert "intranet" not in text, (event, target)
        if event == "socket.connect" and isinstance(target, tuple):
            host, port = target[:2]
            assert port != 8001, "the intranet back office"
            # RabbitMQ, this zone's database, or pika's own loopback socket pair (an
            # ephemeral port it listens on itself); nothing else.
            assert port in {5672, int(database.get("PORT") or 5432)} or (
                host == "127.0.0.1" and port >= 32768), (event, target)
    assert "intranet" not in str(database["NAME"])
    assert any(event == "socket.connect" and target[1] == 5672 for event, target in recorder)


def test_no_intranet_module_is_loaded_in_the_internet_process():
    loaded = [name for name in sys.modules if name.startswith(INTRANET_ONLY)]
    assert loaded == []


def test_sqlite_files_opened_are_the_internet_zones_own(recorder, tmp_path):
    sqlite3.connect(tmp_path / "scratch.sqlite3").close()
    assert all("intranet" not in str(t) for _, t in recorder)
