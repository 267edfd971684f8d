"""PostgreSQL's short path for plate selection (ADR 0035): each step is one locking read (the
application with its selection and its number) and one statement for its writes — the
number's row, the selection and its audit rows, with data-modifying CTEs (on confirming, the
envelope's outbox row and its audit row in a second one) — instead of one ORM round trip
each. SQL built once; rows become model instances through ``Model.from_db`` and the fields'
own converters (the encrypted form data).

Every function re-checks its condition in the statement that writes (the number's row locked
with ``FOR UPDATE SKIP LOCKED`` or updated under its own row lock) and returns ``None``/False
when the condition does not hold; ``services`` then takes the general ORM path in the same
transaction, which decides and words the refusal. The SQL writes exactly the rows the ORM
path writes, with the same values. On SQLite the ORM path is the only one.
"""

import json
from functools import cache

from django.db import connection
from django.utils import timezone

from policeonline.applications.models import Application

from .models import ReleasedNumber, Selection

Status = ReleasedNumber.Status
AUDIT = "INSERT INTO audit_auditevent (at, actor, action, target, detail)"
SELECTION_COLUMNS = ("application_id, prefix, plate_type, vin, displays_used, compose_used, offered, "
                     "mode, plate, confirmed_at, created_at")


def enabled() -> bool:
    return connection.vendor == "postgresql"


@cache
def _read():
    """The locking read: SQL, and per model (fields, converters) to build the instances."""
    parts, models = [], []
    for model, alias in ((Application, "a"), (Selection, "s"), (ReleasedNumber, "n")):
        fields = model._meta.concrete_fields
        parts += [f"{alias}.{connection.ops.quote_name(f.column)}" for f in fields]
        models.append((model, [f.attname for f in fields],
                       [(i, f) for i, f in enumerate(fields) if hasattr(f, "from_db_value")]))
    sql = (f"SELECT {', '.join(parts)} FROM applications_application a "  # noqa: S608
           "LEFT JOIN plates_selection s ON s.application_id = a.id "
           "LEFT JOIN plates_releasednumber n ON n.holder_id = a.id "
           "WHERE a.id = %s AND a.owner_id = %s FOR UPDATE OF a")
    return sql, models


def locked(app_id, user) -> Application | None:
    """``services._locked`` in one statement without the ORM's query building: the
    application locked (only its row), its selection and its number as the related objects."""
    sql, models = _read()
    with connection.cursor() as cursor:
        # An id that is no UUID is refused as the ORM's lookup refuses it (ValidationError).
        cursor.execute(sql, [Application._meta.pk.to_python(app_id), user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    objects, at = [], 0
    for model, names, converters in models:
        values = list(row[at:at + len(names)])
        at += len(names)
        if values[0] is None:  # no selection, or no number
            objects.append(None)
            continue
        for i, field in converters:
            values[i] = field.from_db_value(values[i], None, connection)
        objects.append(model.from_db(connection.alias, names, values))
    app, selection, number = objects
    for related, value in (("plate_selection", selection), ("plate_number", number)):
        Application._meta.get_field(related).set_cached_value(app, value)
        if value is not None:
            type(value)._meta.get_field("application" if value is selection else "holder") \
                .set_cached_value(value, app)
    return app


def _detail(**detail) -> str:
    return json.dumps(detail)  # what JSONField stores for record(**detail)


def display(app: Application, selection: Selection, actor: str, start: int, size: int) -> list[str] | None:
    """The first ``size`` free numbers of the kind from ``start`` in the shuffled order (going
    round to its beginning), the selection's display counted and offered, and the audit row:
    one statement. ``None`` (and nothing written) when fewer are free: the general path then
    adds holds that ran out."""
    new = selection._state.adding
    if new:
        write = (f"INSERT INTO plates_selection ({SELECTION_COLUMNS}) "  # noqa: S608
                 "SELECT %(app)s, %(prefix)s, %(type)s, %(vin)s, %(used)s, %(composed)s, offered.list, "
                 "'', '', NULL, %(now)s FROM offered WHERE offered.n = %(size)s")
    else:
        write = ("UPDATE plates_selection SET displays_used = %(used)s, offered = offered.list "
                 "FROM offered WHERE application_id = %(app)s AND offered.n = %(size)s")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH above AS (SELECT plate, shuffle FROM plates_releasednumber "  # noqa: S608
            " WHERE prefix = %(prefix)s AND plate_type = %(type)s AND status = 'free' "
            " AND shuffle >= %(start)s ORDER BY shuffle LIMIT %(size)s), "
            "below AS (SELECT plate, shuffle FROM plates_releasednumber "
            " WHERE prefix = %(prefix)s AND plate_type = %(type)s AND status = 'free' "
            " AND shuffle < %(start)s ORDER BY shuffle LIMIT %(size)s), "
            "shown AS (SELECT plate, row_number() OVER (ORDER BY part, shuffle) AS k FROM "
            " (SELECT plate, 0 AS part, shuffle FROM above UNION ALL "
            "  SELECT plate, 1, shuffle FROM below) AS free ORDER BY part, shuffle LIMIT %(size)s), "
            "offered AS (SELECT coalesce(jsonb_agg(plate ORDER BY k), '[]'::jsonb) AS list, "
            " count(*) AS n FROM shown), "
            f"sel AS ({write}), "
            f"audit AS ({AUDIT} SELECT %(now)s, %(actor)s, 'plate.displayed', %(target)s, "
            " jsonb_build_object('count', offered.n) FROM offered WHERE offered.n = %(size)s) "
            "SELECT plate FROM shown ORDER BY k",
            {"app": app.pk, "prefix": selection.prefix, "type": selection.plate_type,
             "vin": selection.vin, "used": selection.displays_used + 1,
             "composed": selection.compose_used, "start": start, "size": size, "now": now,
             "actor": actor[:100], "target": str(app.pk)})
        numbers = [plate for plate, in cursor.fetchall()]
    if len(numbers) < size:
        return None
    selection.displays_used += 1
    selection.offered = numbers
    if new:
        selection._state.adding, selection.created_at = False, now
    return numbers


def take(app: Application, selection: Selection, plate: str, mode: str, actor: str,
         until) -> ReleasedNumber | None:
    """Hold ``plate`` for the application if it is takeable (free, or held by a hold that ran
    out and no withdrawal waits for it), with the selection's mode and the audit rows, in one
    statement; ``None`` if it is not (taken, locked by another selector right now, never
    released or withdrawn). The application must hold no number (``holder`` is unique)."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH cand AS (SELECT id, holder_id FROM plates_releasednumber "  # noqa: S608
            " WHERE plate = %(plate)s AND prefix = %(prefix)s AND plate_type = %(type)s "
            " AND (status = 'free' OR (status = 'held' AND held_until < %(now)s "
            "      AND NOT withdrawal_pending)) "
            " FOR UPDATE SKIP LOCKED), "
            "took AS (UPDATE plates_releasednumber n SET status = 'held', holder_id = %(app)s, "
            " held_until = %(until)s, changed_at = %(now)s FROM cand WHERE n.id = cand.id "
            " RETURNING n.id, n.pool, n.shuffle, n.withdrawal_pending, cand.holder_id AS previous), "
            "sel AS (UPDATE plates_selection SET mode = %(mode)s WHERE application_id = %(app)s "
            " AND EXISTS (SELECT 1 FROM took)), "
            # An expired hold of another application, taken over here: recorded first, as the
            # general path does.
            f"audit AS ({AUDIT} SELECT e.at, e.actor, e.action, e.target, e.detail::jsonb "
            " FROM took, (VALUES (1, %(now)s::timestamptz, 'system', 'plate.hold_expired', "
            "  %(plate)s, '{}'), (2, %(at)s::timestamptz, %(actor)s, 'plate.held', %(target)s, %(detail)s)) "
            "  AS e(k, at, actor, action, target, detail) "
            " WHERE e.k = 2 OR took.previous IS NOT NULL ORDER BY e.k) "
            "SELECT id, pool, shuffle, withdrawal_pending FROM took",
            {"plate": plate, "prefix": selection.prefix, "type": selection.plate_type,
             "now": now, "app": app.pk, "until": until, "mode": mode, "at": timezone.now(),
             "actor": actor[:100], "target": str(app.pk),
             "detail": _detail(plate=plate, mode=mode, until=until.isoformat())})
        row = cursor.fetchone()
    if row is None:
        return None
    selection.mode = mode
    return ReleasedNumber(id=row[0], plate=plate, prefix=selection.prefix,
                          plate_type=selection.plate_type, pool=row[1], status=Status.HELD,
                          holder=app, held_until=until, withdrawal_pending=row[3],
                          shuffle=row[2], changed_at=now)


def confirm(app: Application, selection: Selection, held: ReleasedNumber, actor: str, now) -> bool:
    """Make the application's live hold final: the number allocated, the selection's plate and
    the audit row, in one statement. False (nothing written) if the hold is gone or over."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH took AS (UPDATE plates_releasednumber SET status = 'allocated', held_until = NULL, "  # noqa: S608
            " changed_at = %(now)s WHERE id = %(id)s AND holder_id = %(app)s AND status = 'held' "
            " AND held_until > %(now)s RETURNING id), "
            "sel AS (UPDATE plates_selection SET plate = %(plate)s, confirmed_at = %(now)s, "
            " offered = '[]'::jsonb WHERE application_id = %(app)s AND EXISTS (SELECT 1 FROM took)), "
            f"audit AS ({AUDIT} SELECT %(at)s, %(actor)s, 'plate.confirmed', %(target)s, "
            " %(detail)s::jsonb FROM took) "
            "SELECT id FROM took",
            {"now": now, "id": held.pk, "app": app.pk, "plate": held.plate, "at": timezone.now(),
             "actor": actor[:100], "target": str(app.pk),
             "detail": _detail(plate=held.plate, mode=selection.mode)})
        if cursor.fetchone() is None:
            return False
    held.status, held.held_until = Status.ALLOCATED, None
    selection.plate, selection.confirmed_at, selection.offered = held.plate, now, []
    return True


def outbox(envelope_id: str, stream_id: int, seq: int, type_name: str, data: bytes,
           to_zone: str) -> None:
    """The sealed envelope's outbox row and its ``envelope.queued`` audit row: one statement."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH entry AS (INSERT INTO exchange_outboxentry (envelope_id, stream_id, seq, type, "  # noqa: S608
            " data, created_at, shipped_at, ship_count, acked_at) VALUES (%(envelope)s, %(stream)s, "
            " %(seq)s, %(type)s, %(data)s, %(now)s, NULL, 0, NULL)) "
            f"{AUDIT} VALUES (%(at)s, 'exchange', 'envelope.queued', %(target)s, %(detail)s::jsonb)",
            {"envelope": envelope_id, "stream": stream_id, "seq": seq, "type": type_name,
             "data": data, "now": now, "at": timezone.now(), "target": f"{type_name}#{seq}",
             "detail": _detail(envelope=envelope_id, to=to_zone)})
