"""No number is ever allocated twice — proved on PostgreSQL, where row locks are real.

Hundreds of selectors, each a thread with its own database connection, fight over a small
pool: random displays and picks, and a crowd composing the same "lucky" number. Afterwards
every number is held or allocated by at most one application, every application has at most
one, every success the selectors were told about is what the database says, and the only
refusals are the clear ones ("taken", "exhausted", "pool empty").

The server's connection limit is shared, so at most ``PLATE_RACE_CONNECTIONS`` (default 40)
selectors talk to the database at the same instant; a selector closes its connection after
each action and queues again, so all of them keep racing for the same rows throughout.
"""

import os
import random
import threading
from collections import Counter

import pytest
from django.db import connections

from policeonline.plates import services
from policeonline.plates.models import ReleasedNumber, Selection
from tests.conftest import need_postgresql

from .conftest import make_citizen, submitted

SELECTORS = int(os.environ.get("PLATE_RACE_SELECTORS", "300"))
CONNECTIONS = int(os.environ.get("PLATE_RACE_CONNECTIONS", "40"))
POOL = [f"鲁A{n:05d}" for n in range(10101, 10101 + 24)]  # 24 numbers for 300 selectors
LUCKY = POOL[7]
EXPECTED = {"taken", "exhausted", "pool_empty"}


def _race(apps_and_owners, work):
    gate = threading.Barrier(len(apps_and_owners))
    slots = threading.BoundedSemaphore(CONNECTIONS)
    won, refusals, errors = {}, Counter(), []

    def call(func, *args):
        with slots:
            try:
                return func(*args)
            finally:
                connections.close_all()

    def selector(index, app, owner):
        try:
            gate.wait()
            plate = work(index, app, owner, call)
            if plate:
                won[app.pk] = plate
        except services.Refused as exc:
            refusals[exc.code] += 1
        except Exception as exc:  # noqa: BLE001 — anything else is the failure we look for
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=selector, args=(i, app, owner))
               for i, (app, owner) in enumerate(apps_and_owners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a selector hung"
    return won, refusals, errors


def _random_selector(index, app, owner, call):
    """Display, try the shown numbers in a random order, confirm the first one held."""
    rng = random.Random(index)
    while True:
        shown = call(services.display, app.pk, owner)  # raises "exhausted" after 3 displays
        rng.shuffle(shown)
        for plate in shown:
            try:
                call(services.pick, app.pk, owner, plate)
            except services.Refused as exc:
                if exc.code != "taken":
                    raise
                continue
            call(services.confirm, app.pk, owner)
            return plate


def _lucky_selector(index, app, owner, call):
    call(services.compose, app.pk, owner, LUCKY[2:])
    call(services.confirm, app.pk, owner)
    return LUCKY


@pytest.fixture
def crowd(transactional_db, intranet):
    need_postgresql("the race of selectors")
    intranet.release(POOL)
    owners = [make_citizen(n) for n in range(1, 11)]
    return [(submitted(owners[i % 10]), owners[i % 10]) for i in range(SELECTORS)]


def _check(won, errors):
    assert errors == []
    held = ReleasedNumber.objects.exclude(holder=None)
    # At most one application per number (one row per number) and one number per application.
    per_app = Counter(held.values_list("holder_id", flat=True))
    assert per_app and max(per_app.values()) == 1
    # What each winner was told is what the database holds, and no number was told twice.
    assert len(set(won.values())) == len(won)
    allocated = dict(held.filter(status="allocated").values_list("holder_id", "plate"))
    assert allocated == won
    confirmed = dict(Selection.objects.exclude(plate="").values_list("application_id", "plate"))
    assert confirmed == won


def test_hundreds_of_random_selectors_never_share_a_number(crowd):
    won, refusals, errors = _race(crowd, _random_selector)
    _check(won, errors)
    assert len(won) == len(POOL)  # the pool was emptied, every number exactly once
    assert set(refusals) <= EXPECTED, refusals
    assert sum(refusals.values()) == SELECTORS - len(POOL)


def test_a_crowd_composing_the_same_number_has_one_winner(crowd):
    won, refusals, errors = _race(crowd[:200], _lucky_selector)
    _check(won, errors)
    assert list(won.values()) == [LUCKY]
    assert refusals == Counter(taken=199)
