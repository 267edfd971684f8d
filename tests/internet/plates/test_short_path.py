"""PostgreSQL's short path (``plates.pg``, ADR 0035) writes what the general ORM path writes:
the same numbers held and allocated, the same selection, the same audit rows in the same
order, the same ``plate.chosen`` envelope on the same stream — step by step, for a random
choice, a replaced hold, an expired hold taken over and a confirmation. And it takes few
statements: the lock, one write per step, and the envelope."""

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


def test_the_short_path_writes_what_the_orm_path_writes(intranet, exchange_keys, monkeypatch):
    need_postgresql("the short path")
    first, second = make_citizen(1), make_citizen(2)
    short = _story(intranet, exchange_keys, first, second)
    for model in (OutboxEntry, Selection, ReleasedNumber):
        model.objects.all().delete()
    monkeypatch.setattr(pg, "enabled", lambda: False)
    general = _story(intranet, exchange_keys, first, second)
    for ours, theirs in zip(short[1:], general[1:], strict=True):  # all but the random display
        assert ours == theirs, ([x for x in ours if x not in theirs], [x for x in theirs if x not in ours])
    assert short[5] == [True]  # one envelope, on the application's own stream
    assert [a for _, a, _, _ in short[1]].count("plate.hold_expired") == 1


def test_the_steps_take_few_statements(intranet, citizen):
    need_postgresql("the short path")
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
    assert counts == [2, 2, 4]  # lock + write; lock + write; lock + write + sequence + envelope
    assert ReleasedNumber.objects.get(holder=app).plate == shown[0]
    assert ReleasedNumber.objects.get(holder=app).status == "allocated"
