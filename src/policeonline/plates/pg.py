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

ADR 0037 puts a step that runs in autocommit (the usual case) on a shorter path still:
``peek`` reads the application, its selection and its number without a lock (with their row
versions, ``xmin``), ``services`` decides in Python, and one autocommit statement
(``try_display``, ``try_take``, ``try_confirm``) writes the step — but only if, with the
application's and the selection's rows locked, those rows are still the versions read (and
the number and the stream's counter still what the step expects); otherwise it writes
nothing and the step goes the locking way above. Prepared on the connection (``prepare=True``).
"""

import json
from functools import cache

import psycopg
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from policeonline.applications.models import Application

from . import conf
from .models import ReleasedNumber, Selection

Status = ReleasedNumber.Status
AUDIT = "INSERT INTO audit_auditevent (at, actor, action, target, detail)"
SELECTION_COLUMNS = ("application_id, prefix, plate_type, vin, displays_used, compose_used, offered, "
                     "mode, plate, confirmed_at, created_at")

# The display's numbers: `size` free numbers of the kind from a random point of the shuffled
# pool, wrapping round; `offered` is them as one JSON list and their count. Shared by the plain
# display (ADR 0035) and the guarded one-statement display (ADR 0037).
SHOWN = (
    "above AS (SELECT plate, shuffle FROM plates_releasednumber "
    " WHERE prefix = %(prefix)s AND plate_type = %(type)s AND status = 'free' "
    " AND shuffle >= %(start)s ORDER BY shuffle LIMIT %(size)s), "
    "below AS (SELECT plate, shuffle FROM plates_releasednumber "
    " WHERE prefix = %(prefix)s AND plate_type = %(type)s AND status = 'free' "
    " AND shuffle < %(start)s ORDER BY shuffle LIMIT %(size)s), "
    "shown AS (SELECT plate, row_number() OVER (ORDER BY part, shuffle) AS k FROM "
    " (SELECT plate, 0 AS part, shuffle FROM above UNION ALL "
    "  SELECT plate, 1, shuffle FROM below) AS free ORDER BY part, shuffle LIMIT %(size)s), "
    "offered AS (SELECT coalesce(jsonb_agg(plate ORDER BY k), '[]'::jsonb) AS list, "
    " count(*) AS n FROM shown), ")


def enabled() -> bool:
    return connection.vendor == "postgresql"


# Steps try the optimistic way first (ADR 0037); tests switch it off to run the locking way.
OPTIMISTIC = True


@cache
def _read(lock: bool = True):
    """The read: SQL, and per model (fields, converters) to build the instances. Locking (the
    application's row only), or not and then with the application's and the selection's row
    versions (``xmin``) last."""
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
    if not lock:
        sql = sql.replace(" FROM applications_application", ", a.xmin::text, s.xmin::text FROM "
                          "applications_application", 1).replace(" FOR UPDATE OF a", "")
    return sql, models


def locked(app_id, user) -> Application | None:
    """``services._locked`` in one statement without the ORM's query building: the
    application locked (only its row), its selection and its number as the related objects."""
    sql, models = _read()
    with connection.cursor() as cursor:
        # An id that is no UUID is refused as the ORM's lookup refuses it (ValidationError).
        cursor.execute(sql, [Application._meta.pk.to_python(app_id), user.pk])
        row = cursor.fetchone()
    return None if row is None else _build(row, models)


def _build(row, models) -> Application:
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
            f"WITH {SHOWN}"  # noqa: S608
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


# The number's row found by its plate alone (its unique index: with the kind's conditions beside
# it, a table without statistics was walked along the kind's index instead) and locked, then
# taken only if it is of the kind and takeable, re-checked on the locked row.
TAKE = ("cand AS MATERIALIZED (SELECT id, holder_id FROM plates_releasednumber "
        " WHERE plate = %(plate)s{guard} FOR UPDATE SKIP LOCKED), "
        "took AS (UPDATE plates_releasednumber n SET status = 'held', holder_id = %(app)s, "
        " held_until = %(until)s, changed_at = %(now)s FROM cand WHERE n.id = cand.id "
        " AND n.prefix = %(prefix)s AND n.plate_type = %(type)s AND (n.status = 'free' "
        " OR (n.status = 'held' AND n.held_until < %(now)s AND NOT n.withdrawal_pending)) "
        " RETURNING n.id, n.pool, n.shuffle, n.withdrawal_pending, cand.holder_id AS previous)")


def take(app: Application, selection: Selection, plate: str, mode: str, actor: str,
         until) -> ReleasedNumber | None:
    """Hold ``plate`` for the application if it is takeable (free, or held by a hold that ran
    out and no withdrawal waits for it), with the selection's mode and the audit rows, in one
    statement; ``None`` if it is not (taken, locked by another selector right now, never
    released or withdrawn). The application must hold no number (``holder`` is unique)."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {TAKE.replace('{guard}', '')}, "  # noqa: S608
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


# --- ADR 0037: one autocommit statement per step, after a read without locks ---------------

NEVER_BY_COUNT = 2**62


class _Prepared(psycopg.Cursor):
    """Server-side binding, every statement prepared on its connection (parsed and planned once
    per connection, not once per step)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)

    def _send_query_prepared(self, name, pgq, *, binary=None):
        self._query = pgq  # the SQL Django's query log reads (psycopg keeps it only unprepared)
        super()._send_query_prepared(name, pgq, binary=binary)


def _run(sql: str, params, many: bool = False):
    """One statement through Django's cursor wrapper (its errors, its query log), prepared."""
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None and conf.get("PLATE_PREPARED_STATEMENTS"):
        # Django turns psycopg's preparing off for the connection (for poolers), which also
        # ignores ``prepare=True``. A threshold never reached turns it back on for explicit
        # requests only: Django's own cursors bind on the client side and never prepare.
        connection.connection.prepare_threshold = NEVER_BY_COUNT
    with connection.wrap_database_errors:
        cursor = connection._prepare_cursor(_Prepared(connection.connection))
    with cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if many else cursor.fetchone()


def _write(sql: str, params: dict, many: bool = False):
    """A step's one statement: in autocommit its own transaction; inside a caller's
    transaction (tests, an outer ``atomic``) in a savepoint, so that a statement a constraint
    refused leaves that transaction usable. Its rows; None if a constraint refused it
    (nothing written: the step then goes the locking way, which decides and words it)."""
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                return _run(sql, params, many)
        return _run(sql, params, many)
    except IntegrityError:
        return None


def peek(app_id, user, stream: tuple[str, str] | None = None) -> tuple | None:
    """The application with its selection and its number as related objects (as ``locked``),
    read without a lock, and the row versions (``xmin``) of the application and the
    selection; with a ``stream`` (name, zone), its counter's id and next number too (None,
    None before its first envelope)."""
    sql, models = _read(lock=False)
    params = [Application._meta.pk.to_python(app_id), user.pk]
    if stream is not None:
        sql = sql.replace(" FROM applications_application", STREAM_COLUMNS, 1)
        params[:0] = [*stream, *stream]
    row = _run(sql, params)
    if row is None:
        return None
    extra = 4 if stream is not None else 2
    return _build(row[:-extra], models), *row[-extra:]


STREAM_COLUMNS = (", (SELECT id FROM exchange_outgoingstream WHERE name = %s AND to_zone = %s), "
                  "(SELECT next_seq FROM exchange_outgoingstream WHERE name = %s AND to_zone = %s) "
                  "FROM applications_application")


# The application's row locked if it is still the version read and the vehicle has no plate
# yet (as ``services._selection`` checks it); then the selection's row, likewise. Everything
# the statement writes depends on these: if either changed since ``peek``, nothing is written.
GUARD = ("a AS MATERIALIZED (SELECT id FROM applications_application "  # noqa: S608
         " WHERE id = %(app)s AND xmin = %(axmin)s::xid AND NOT EXISTS (SELECT 1 "
         " FROM plates_selection o WHERE o.vin = %(vin)s AND o.vin <> '' AND o.plate <> '' "
         " AND o.application_id <> %(app)s) FOR UPDATE), "
         "s AS MATERIALIZED (SELECT application_id FROM plates_selection "
         " WHERE application_id = %(app)s AND xmin = %(sxmin)s::xid "
         " AND EXISTS (SELECT 1 FROM a) FOR UPDATE)")


def _guard(app: Application, axmin: str, sxmin: str | None, vin: str) -> dict:
    return {"app": app.pk, "axmin": axmin, "sxmin": sxmin or "0", "vin": vin}


def try_display(app: Application, selection: Selection, axmin: str, sxmin: str | None,
                actor: str, start: int, size: int) -> list[str] | None:
    """``display`` as one autocommit statement, if the application and its selection (or
    its having none) are still as read and ``size`` numbers are free; else None, nothing
    written."""
    new = selection._state.adding
    if new:  # a selection written meanwhile is a conflict: nothing is inserted, nothing else
        write = (f"INSERT INTO plates_selection ({SELECTION_COLUMNS}) "  # noqa: S608
                 "SELECT %(app)s, %(prefix)s, %(type)s, %(vin)s, %(used)s, %(composed)s, "
                 "offered.list, '', '', NULL, %(now)s FROM offered "
                 "WHERE offered.n = %(size)s AND EXISTS (SELECT 1 FROM a) "
                 "ON CONFLICT (application_id) DO NOTHING RETURNING 1")
    else:
        write = ("UPDATE plates_selection SET displays_used = %(used)s, offered = offered.list "
                 "FROM offered WHERE application_id = %(app)s AND offered.n = %(size)s "
                 "AND EXISTS (SELECT 1 FROM s) RETURNING 1")
    now = timezone.now()
    rows = _write(
        f"WITH {GUARD}, "  # noqa: S608
        f"{SHOWN}"
        f"sel AS ({write}), "
        f"audit AS ({AUDIT} SELECT %(now)s, %(actor)s, 'plate.displayed', %(target)s, "
        " jsonb_build_object('count', offered.n) FROM offered, sel) "
        "SELECT plate FROM shown WHERE EXISTS (SELECT 1 FROM sel) ORDER BY k",
        {**_guard(app, axmin, sxmin, selection.vin),
         "prefix": selection.prefix, "type": selection.plate_type,
         "used": selection.displays_used + 1, "composed": selection.compose_used,
         "start": start, "size": size, "now": now, "actor": actor[:100],
         "target": str(app.pk)}, many=True)
    if not rows:
        return None
    numbers = [plate for plate, in rows]
    selection.displays_used += 1
    selection.offered = numbers
    if new:
        selection._state.adding, selection.created_at = False, now
    return numbers


def try_take(app: Application, selection: Selection, axmin: str, sxmin: str, plate: str,
             mode: str, actor: str, until) -> ReleasedNumber | None:
    """``take`` as one autocommit statement, if the application and its selection are still
    as read (so it still holds no number) and ``plate`` is takeable; else None, nothing
    written (taken, locked by another selector right now, or a conflict)."""
    now = timezone.now()
    row = _write(
        f"WITH {GUARD}, {TAKE.replace('{guard}', ' AND EXISTS (SELECT 1 FROM s)')}, "  # noqa: S608
        "sel AS (UPDATE plates_selection SET mode = %(mode)s WHERE application_id = %(app)s "
        " AND EXISTS (SELECT 1 FROM took)), "
        f"audit AS ({AUDIT} SELECT e.at, e.actor, e.action, e.target, e.detail::jsonb "
        " FROM took, (VALUES (1, %(now)s::timestamptz, 'system', 'plate.hold_expired', "
        "  %(plate)s, '{}'), (2, %(at)s::timestamptz, %(actor)s, 'plate.held', %(target)s, %(detail)s)) "
        "  AS e(k, at, actor, action, target, detail) "
        " WHERE e.k = 2 OR took.previous IS NOT NULL ORDER BY e.k) "
        "SELECT id, pool, shuffle, withdrawal_pending FROM took",
        {**_guard(app, axmin, sxmin, selection.vin), "plate": plate, "prefix": selection.prefix,
         "type": selection.plate_type, "now": now, "until": until, "mode": mode,
         "at": timezone.now(), "actor": actor[:100], "target": str(app.pk),
         "detail": _detail(plate=plate, mode=mode, until=until.isoformat())})
    if row is None:
        return None
    selection.mode = mode
    return ReleasedNumber(id=row[0], plate=plate, prefix=selection.prefix,
                          plate_type=selection.plate_type, pool=row[1], status=Status.HELD,
                          holder=app, held_until=until, withdrawal_pending=row[3],
                          shuffle=row[2], changed_at=now)


def try_confirm(app: Application, selection: Selection, held: ReleasedNumber, axmin: str,
                sxmin: str, actor: str, now, stream_id: int, seq: int, envelope_id: str,
                data: bytes, to_zone: str) -> tuple[bool, int | None]:
    """``confirm`` and ``outbox`` as one autocommit statement: the number allocated, the
    selection's plate, the stream's counter moved from ``seq`` (the number the envelope was
    sealed with) to the next, the envelope's outbox row and the two audit rows — all of it
    only if the application and the selection are still as read, the hold is still live
    and the stream's next number is still ``seq``, checked with all four rows locked (the
    stream's last, as ``outbox._take_seqs`` locks it last), so each stream's numbers stay
    gap-free and in commit order. Returns (done, the stream's next number when only that
    differed, so the caller may seal again with it)."""
    at = timezone.now()
    row = _write(
        f"WITH {GUARD}, "  # noqa: S608
        "n AS MATERIALIZED (SELECT id FROM plates_releasednumber WHERE id = %(id)s "
        " AND holder_id = %(app)s AND status = 'held' AND held_until > %(now)s "
        " AND EXISTS (SELECT 1 FROM s) FOR UPDATE), "
        "q AS MATERIALIZED (SELECT id, next_seq FROM exchange_outgoingstream "
        " WHERE id = %(stream)s AND EXISTS (SELECT 1 FROM n) FOR UPDATE), "
        "ok AS MATERIALIZED (SELECT id FROM q WHERE next_seq = %(seq)s), "
        "counter AS (UPDATE exchange_outgoingstream c SET next_seq = c.next_seq + 1 FROM ok "
        " WHERE c.id = ok.id), "
        "took AS (UPDATE plates_releasednumber SET status = 'allocated', held_until = NULL, "
        " changed_at = %(now)s WHERE id = %(id)s AND EXISTS (SELECT 1 FROM ok)), "
        "sel AS (UPDATE plates_selection SET plate = %(plate)s, confirmed_at = %(now)s, "
        " offered = '[]'::jsonb WHERE application_id = %(app)s AND EXISTS (SELECT 1 FROM ok)), "
        "entry AS (INSERT INTO exchange_outboxentry (envelope_id, stream_id, seq, type, data, "
        " created_at, shipped_at, ship_count, acked_at) SELECT %(envelope)s, ok.id, %(seq)s, "
        " 'plate.chosen', %(data)s, %(at)s, NULL, 0, NULL FROM ok), "
        f"audit AS ({AUDIT} SELECT %(at)s, e.actor, e.action, e.target, e.detail::jsonb "
        " FROM ok, (VALUES (1, %(actor)s, 'plate.confirmed', %(target)s, %(detail)s), "
        "  (2, 'exchange', 'envelope.queued', %(entry)s, %(queued)s)) "
        "  AS e(k, actor, action, target, detail) ORDER BY e.k) "
        "SELECT EXISTS (SELECT 1 FROM ok), (SELECT next_seq FROM q)",
        {**_guard(app, axmin, sxmin, selection.vin), "id": held.pk, "now": now,
         "stream": stream_id, "seq": seq, "plate": held.plate, "envelope": envelope_id,
         "data": data, "at": at, "actor": actor[:100], "target": str(app.pk),
         "detail": _detail(plate=held.plate, mode=selection.mode),
         "entry": f"plate.chosen#{seq}", "queued": _detail(envelope=envelope_id, to=to_zone)})
    if row is None or not row[0]:
        return False, (row[1] if row is not None else None)
    held.status, held.held_until = Status.ALLOCATED, None
    selection.plate, selection.confirmed_at, selection.offered = held.plate, now, []
    return True, None
