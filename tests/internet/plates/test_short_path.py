"""PostgreSQL's short paths write what the general ORM path writes: the locking one (``plates.pg``,
ADR 0035) and the optimistic one tried first (ADR 0037: a read without locks, then one
autocommit statement that writes only if what was read still holds). The same numbers held
and allocated, the same selection, the same audit rows in the same order, the same
``plate.chosen`` envelope on the same stream — step by step, for a random choice, a replaced
hold, an expired hold taken over and a confirmation. They take few statements. And when
something changed between the optimistic read and its statement (another envelope of the
stream, the application closed, another display), that statement writes nothing and the
step still ends as the locking way decides: stream numbers gap-free, nothing written twice.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from policeonline.audit.models import AuditEvent
from policeonline.exchange.models import OutboxEntry
from policeonline.plates import pg, services
from policeonline.plates.models import ReleasedNumber, Selection
from tests.conftest import need_postgresql

from ..applications.conftest import outbox_bodies
from .conftest import make_citizen, submitted

pytestmark = pytest.mark.django_db
NUMBERS = ["鲁A12345", "鲁AB1C23", "鲁A66N88", "鲁A70921", "鲁AK5K52", "鲁A88888"]


def _story(intranet, exchange_keys, first, second):
    """Two citizens; returns everything the steps wrote, with ids replaced by names."""
    intranet.release(NUMBERS)
    mine, theirs = submitted(first), submitted(second)
    names = {str(mine.pk): "mine", str(theirs.pk): "theirs"}
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()

    shown = services.display(mine.pk, first)
    picked = next(n for n in shown if n not in ("鲁AB1C23", "鲁A88888"))  # the display is random
    names[picked] = "picked"
    services.pick(mine.pk, first, picked)
    services.compose(mine.pk, first, "B1C23")  # replaces the hold
    services.compose(theirs.pk, second, "88888")
    ReleasedNumber.objects.filter(plate="鲁A88888").update(held_until=timezone.now() - timedelta(seconds=1))
    services.release(mine.pk, first)
    services.compose(mine.pk, first, "88888")  # their expired hold, taken over
    services.confirm(mine.pk, first)
    with pytest.raises(services.Refused):
        services.confirm(theirs.pk, second)

    def named(value):
        return names.get(str(value), value)

    for entry in OutboxEntry.objects.filter(type="plate.chosen"):  # its stream's own number
        names[f"plate.chosen#{entry.seq}"] = "plate.chosen#seq"
    audit = [(e.actor, e.action, named(e.target),
              {k: named(v) for k, v in e.detail.items() if k not in ("until", "envelope")})
             for e in AuditEvent.objects.filter(id__gt=start or 0).order_by("id")]
    for row in audit:  # the accounts differ between the runs, their roles do not
        assert row[0] in ("system", "exchange") or row[0].startswith("account:")
    audit = [(("citizen" if row[0].startswith("account:") else row[0]), *row[1:]) for row in audit]
    numbers = sorted((named(n.plate), n.status, named(n.holder_id), n.held_until is None)
                     for n in ReleasedNumber.objects.exclude(status="free"))
    numbers.append(ReleasedNumber.objects.filter(status="free").count())
    selections = sorted((named(s.application_id), s.prefix, s.plate_type, s.displays_used,
                         s.compose_used, s.mode, s.plate, bool(s.confirmed_at), s.offered == [])
                        for s in Selection.objects.all())
    envelopes = [{**body, "application_id": named(body["application_id"]), "chosen_at": "…",
                  "receipt_no": "…"} for body in outbox_bodies(exchange_keys, "plate.chosen")]
    own = services.types.get("plate.chosen", 1, "internet").stream_for(str(mine.pk))
    stream = [e.stream.name == own for e in OutboxEntry.objects.filter(type="plate.chosen")]
    return shown, audit, numbers, selections, envelopes, stream


def test_the_short_paths_write_what_the_orm_path_writes(intranet, exchange_keys, monkeypatch):
    need_postgresql("the short path")
    first, second = make_citizen(1), make_citizen(2)
    stories = []
    for optimistic, enabled in ((True, True), (False, True), (False, False)):
        monkeypatch.setattr(pg, "OPTIMISTIC", optimistic)
        monkeypatch.setattr(pg, "enabled", lambda enabled=enabled: enabled)
        stories.append(_story(intranet, exchange_keys, first, second))
        for model in (OutboxEntry, Selection, ReleasedNumber):
            model.objects.all().delete()
    *short, general = stories
    for story in short:
        for ours, theirs in zip(story[1:], general[1:], strict=True):  # all but the random display
            assert ours == theirs, ([x for x in ours if x not in theirs],
                                    [x for x in theirs if x not in ours])
        assert story[5] == [True]  # one envelope, on the application's own stream
        assert [a for _, a, _, _ in story[1]].count("plate.hold_expired") == 1


@pytest.mark.parametrize(("optimistic", "expected"), [
    (True, [2, 2, 2]),  # read + statement, each step (the stream's number read beside the rest)
    (False, [2, 2, 4]),  # lock + write; lock + write; lock + write + sequence + envelope
])
def test_the_steps_take_few_statements(intranet, citizen, monkeypatch, optimistic, expected):
    need_postgresql("the short path")
    monkeypatch.setattr(pg, "OPTIMISTIC", optimistic)
    intranet.release(NUMBERS)
    chosen = services.types.get("plate.chosen", 1, "internet")
    warm = submitted(citizen)
    services.compose(warm.pk, citizen, "12345")
    services.confirm(warm.pk, citizen)  # its stream's row now exists
    app = submitted(citizen)
    while chosen.stream_for(str(app.pk)) != chosen.stream_for(str(warm.pk)):
        app = submitted(citizen)  # one on the same stream: no first envelope of a stream
    shown, counts = [], []
    for step in (lambda: shown.extend(services.display(app.pk, citizen)),
                 lambda: services.pick(app.pk, citizen, shown[0]),
                 lambda: services.confirm(app.pk, citizen)):
        with CaptureQueriesContext(connection) as queries:
            step()
        counts.append(len([q for q in queries.captured_queries
                           if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]))
    assert counts == expected
    assert ReleasedNumber.objects.get(holder=app).plate == shown[0]
    assert ReleasedNumber.objects.get(holder=app).status == "allocated"


def _between(monkeypatch, name, meanwhile):
    """Run ``meanwhile`` (another transaction, committed) just before ``pg.<name>``'s statement."""
    real = getattr(pg, name)

    def late(*args, **kwargs):
        meanwhile()
        return real(*args, **kwargs)

    monkeypatch.setattr(pg, name, late)


@pytest.fixture
def autocommit(transactional_db, intranet):
    """Each step its own transaction, as in production (the others run inside the test's)."""
    need_postgresql("the optimistic way's conflicts")
    intranet.release(NUMBERS)


def test_a_stream_number_taken_meanwhile_is_sealed_again_and_stays_gap_free(autocommit, exchange_keys,
                                                                            citizen, monkeypatch):
    chosen = services.types.get("plate.chosen", 1, "internet")
    apps = [submitted(citizen) for _ in range(3)]
    stream = chosen.stream_for(str(apps[0].pk))
    apps += [app for app in (submitted(citizen) for _ in range(60))
             if chosen.stream_for(str(app.pk)) == stream][:3]
    for app, serial in zip(apps, ["12345", "B1C23", "66N88", "70921", "K5K52", "88888"], strict=False):
        services.compose(app.pk, citizen, serial)
    services.confirm(apps[0].pk, citizen)  # the stream's row exists from here on
    others = [app for app in apps[1:] if chosen.stream_for(str(app.pk)) == stream]
    assert len(others) >= 2
    # Just before the optimistic statement, another envelope of the same stream commits: the
    # number the envelope was sealed with is no longer the stream's next.
    real, calls = pg.try_confirm, []

    def late(app, *args, **kwargs):
        calls.append(app.pk)
        if len(calls) == 1:
            services.confirm(others[1].pk, citizen)
        return real(app, *args, **kwargs)

    monkeypatch.setattr(pg, "try_confirm", late)
    services.confirm(others[0].pk, citizen)
    # Tried, found the number taken, sealed again with the next and tried again.
    assert calls == [others[0].pk, others[1].pk, others[0].pk]
    entries = list(OutboxEntry.objects.filter(stream__name=stream, type="plate.chosen").order_by("seq"))
    seqs = [entry.seq for entry in entries]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs))) and len(seqs) == 3  # gap-free, once each
    from policeonline.exchange.envelope import open_envelope

    for entry in entries:  # each envelope signed with the number its row has
        envelope = open_envelope(bytes(entry.data), zone="intranet", keyring=exchange_keys["intranet"],
                                 max_bytes=16 * 1024)
        assert envelope.header["seq"] == entry.seq
    confirmed = dict(Selection.objects.exclude(plate="").values_list("application_id", "plate"))
    assert {apps[0].pk, others[0].pk, others[1].pk} == set(confirmed)
    assert AuditEvent.objects.filter(action="plate.confirmed").count() == 3
    queued = AuditEvent.objects.filter(action="envelope.queued", target__startswith="plate.chosen#")
    assert sorted(queued.values_list("target", flat=True)) == [f"plate.chosen#{n}" for n in seqs]


def test_an_application_closed_meanwhile_gets_no_display(autocommit, citizen, monkeypatch):
    from policeonline.applications.models import Application

    app = submitted(citizen)
    _between(monkeypatch, "try_display", lambda: Application.objects.filter(pk=app.pk).update(
        status=Application.Status.CLOSED))
    with pytest.raises(services.Refused) as refused:
        services.display(app.pk, citizen)
    assert refused.value.code == "not_eligible"
    assert not Selection.objects.filter(application=app).exists()
    assert not AuditEvent.objects.filter(action="plate.displayed").exists()


def test_a_display_meanwhile_is_not_overwritten_and_the_pick_is_checked_against_it(autocommit, citizen,
                                                                                 monkeypatch):
    app = submitted(citizen)
    first = services.display(app.pk, citizen)
    second = []
    # A second display commits between this display's read and its statement: the statement
    # writes nothing, the locking way shows the third display on top of the second.
    real = pg.try_display

    def late(*args, **kwargs):
        if not second:
            monkeypatch.setattr(pg, "try_display", real)
            second.extend(services.display(app.pk, citizen))
            monkeypatch.setattr(pg, "try_display", late)
        return real(*args, **kwargs)

    monkeypatch.setattr(pg, "try_display", late)
    third = services.display(app.pk, citizen)
    selection = Selection.objects.get(application=app)
    assert selection.displays_used == 3 and selection.offered == third
    assert AuditEvent.objects.filter(action="plate.displayed").count() == 3
    monkeypatch.undo()
    # A number shown only by an earlier display is not offered any more.
    stale = next((n for n in first + second if n not in third), None)
    if stale is not None:
        with pytest.raises(services.Refused) as refused:
            services.pick(app.pk, citizen, stale)
        assert refused.value.code == "not_offered"
    # A pick whose application took another number meanwhile (another pick, committed between
    # this pick's read and its statement): the statement takes nothing, the locking way gives
    # the other number back and holds this one.
    _between(monkeypatch, "try_take", lambda: monkeypatch.undo() or services.pick(app.pk, citizen, third[1]))
    held = services.pick(app.pk, citizen, third[0])
    assert ReleasedNumber.objects.get(holder=app).plate == held.plate == third[0]
    assert ReleasedNumber.objects.get(plate=third[1]).status == "free"
    assert list(AuditEvent.objects.filter(action__in=["plate.held", "plate.hold_replaced"]).order_by("id")
                .values_list("action", "detail__plate")) == [
        ("plate.held", third[1]), ("plate.hold_replaced", None), ("plate.held", third[0])]
