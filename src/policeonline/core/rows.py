"""Plain statements for the hottest requests (ADR 0040): read, insert and update model rows with
one hand-written SQL statement each instead of a queryset.

Building a queryset and compiling it costs about half a millisecond of Python per statement
(more than the database takes to run it), and a submission runs ten. These helpers keep what
the ORM guarantees that matters here — every value goes through its field (``pre_save`` for
``auto_now``, ``get_db_prep_save``: encryption, JSON, UUIDs, time zones) on the way in and
through the field's and the backend's converters on the way out (decryption, SQLite's UUIDs and
datetimes); ``pre_save``/``post_save`` receivers of the model are sent as ``save()`` sends them —
and leave out the compiler. They run on PostgreSQL and SQLite alike; the SQL is cached per
model and shape. Use them only where a profile shows the ORM's cost; the ORM stays the rule.
"""

from contextlib import contextmanager
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import signals


def _db():
    """This thread's connection itself (not the proxy): converters are bound to it."""
    return connections[DEFAULT_DB_ALIAS]


def _quote(name: str) -> str:
    return _db().ops.quote_name(name)


@lru_cache(maxsize=256)
def _select_sql(model, where: str, order_by: str, for_update: bool, vendor: str) -> str:
    columns = ", ".join(_quote(f.column) for f in model._meta.concrete_fields)
    sql = f"SELECT {columns} FROM {_quote(model._meta.db_table)} WHERE {where}"  # noqa: S608
    if order_by:
        sql += f" ORDER BY {order_by}"
    if for_update and _db().features.has_select_for_update:
        sql += " FOR UPDATE"
    return sql


@lru_cache(maxsize=256)
def _converters(model, connection) -> tuple:
    """Per column, the converters the compiler would apply (backend's, then the field's)."""
    result = []
    for field in model._meta.concrete_fields:
        col = field.get_col(model._meta.db_table)
        result.append((tuple(connection.ops.get_db_converters(col))
                       + tuple(col.get_db_converters(connection)), col))
    return tuple(result)


def prep(model, name: str, value):
    """``value`` as a query parameter for the field ``name`` (a lookup's right-hand side)."""
    return model._meta.get_field(name).get_db_prep_value(value, _db(), prepared=False)


def select(model, where: str, params: list, *, order_by: str = "", for_update: bool = False) -> list:
    """Instances of ``model`` from ``SELECT <all columns> WHERE <where>`` (``%s`` placeholders;
    prepare parameters with ``prep``); ``for_update`` locks the rows where the database can."""
    connection = _db()
    sql = _select_sql(model, where, order_by, for_update, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return []
    converters = _converters(model, connection)
    names = [f.attname for f in model._meta.concrete_fields]
    found = []
    for row in rows:
        values = list(row)
        for index, (funcs, col) in enumerate(converters):
            for func in funcs:
                values[index] = func(values[index], col, connection)
        found.append(model.from_db(connection.alias, names, values))
    return found


@lru_cache(maxsize=256)
def _insert_sql(model, columns: tuple[str, ...], count: int, returning: str | None,
                vendor: str) -> str:
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = (f"INSERT INTO {_quote(model._meta.db_table)} ({', '.join(map(_quote, columns))}) "  # noqa: S608
           f"VALUES {', '.join([one] * count)}")
    if returning:
        sql += f" RETURNING {_quote(returning)}"
    return sql


def insert(objs: list) -> list:
    """Insert new instances of one model in one statement, as ``bulk_create`` would (defaults,
    ``auto_now_add``, field preparation), and set their primary keys. Returns ``objs``. Inside
    ``batched()`` the row is written (and the keys set) when the next statement runs."""
    if not objs:
        return objs
    connection = _db()
    model = type(objs[0])
    meta = model._meta
    pk = meta.pk
    auto_pk = pk.attname if getattr(pk, "db_returning", False) else None
    fields = [f for f in meta.concrete_fields if f.attname != auto_pk]
    if not connection.features.can_return_rows_from_bulk_insert and auto_pk:
        model._default_manager.bulk_create(objs)  # a database without RETURNING: the ORM's way
        return objs
    sender_has_pre = signals.pre_save.has_listeners(model)
    params = []
    for obj in objs:
        if sender_has_pre:
            signals.pre_save.send(sender=model, instance=obj, raw=False, using=connection.alias,
                                  update_fields=None)
        for field in fields:
            params.append(field.get_db_prep_save(field.pre_save(obj, add=True), connection))
    sql = _insert_sql(model, tuple(f.column for f in fields), len(objs),
                      meta.pk.column if auto_pk else None, connection.vendor)

    def written(cursor):
        if auto_pk:
            for obj, (key,) in zip(objs, cursor.fetchall(), strict=True):
                setattr(obj, auto_pk, key)
        for obj in objs:
            obj._state.adding, obj._state.db = False, connection.alias
            if signals.post_save.has_listeners(model):
                signals.post_save.send(sender=model, instance=obj, created=True, update_fields=None,
                                       raw=False, using=connection.alias)

    _run(connection, sql, params, written)
    return objs


@lru_cache(maxsize=256)
def _update_sql(model, columns: tuple[str, ...], vendor: str) -> str:
    sets = ", ".join(f"{_quote(c)} = %s" for c in columns)
    return f"UPDATE {_quote(model._meta.db_table)} SET {sets} WHERE {_quote(model._meta.pk.column)} = %s"  # noqa: S608


def update(obj, update_fields: list[str]) -> None:
    """``obj.save(update_fields=…)`` in one statement: ``auto_now`` fields among them are set,
    values prepared by their fields, save signals sent. Inside ``batched()`` the row is written
    (and ``post_save`` sent) when the next statement runs."""
    connection = _db()
    model = type(obj)
    meta = model._meta
    fields = [meta.get_field(name) for name in update_fields]
    if signals.pre_save.has_listeners(model):
        signals.pre_save.send(sender=model, instance=obj, raw=False, using=connection.alias,
                              update_fields=frozenset(update_fields))
    params = [field.get_db_prep_save(field.pre_save(obj, add=False), connection) for field in fields]
    params.append(meta.pk.get_db_prep_value(obj.pk, connection))

    def written(cursor):
        if cursor.rowcount != 1:
            raise DatabaseError("Save with update_fields did not affect any rows.")
        if signals.post_save.has_listeners(model):
            signals.post_save.send(sender=model, instance=obj, created=False,
                                   update_fields=frozenset(update_fields), raw=False,
                                   using=connection.alias)

    _run(connection, _update_sql(model, tuple(f.column for f in fields), connection.vendor),
         params, written)


# --- batched writes -------------------------------------------------------------------------

def _run(connection, sql: str, params: list, written) -> None:
    """Execute one write now, or queue it when a ``batched()`` block is open."""
    queue = getattr(connection, "_rows_queue", None)
    if queue is not None:
        queue.append((sql, params, written))
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written(cursor)


def _joinable(connection, cursor, params, many) -> bool:
    """Several statements may share one execute: PostgreSQL's client-side binding cursor
    (Django's default), positional parameters, one parameter set."""
    import psycopg

    return (connection.vendor == "postgresql" and not many and isinstance(params, list | tuple)
            and isinstance(cursor, psycopg.ClientCursor))


def _flush(connection) -> None:
    """Write what is queued: one round trip on PostgreSQL, one statement each elsewhere."""
    queue = connection._rows_queue
    pending, queue[:] = list(queue), []
    if not pending:
        return
    with connection.cursor() as cursor:
        if len(pending) > 1 and _joinable(connection, cursor.cursor, [], False):
            cursor.execute("; ".join(sql for sql, _, _ in pending),
                           [value for _, params, _ in pending for value in params])
            with _rollback_on_error(connection):
                for index, (_, _, written) in enumerate(pending):
                    if index:
                        cursor.cursor.nextset()
                    written(cursor.cursor)
            return
        for sql, params, written in pending:
            cursor.execute(sql, params)
            with _rollback_on_error(connection):
                written(cursor)


def _ahead(execute, sql, params, many, context):
    """Before any other statement in a ``batched()`` block: the queued writes, in the same
    round trip where the database allows (their results first, the statement's last)."""
    connection = context["connection"]
    queue = getattr(connection, "_rows_queue", None)
    if not queue:
        return execute(sql, params, many, context)
    raw = context["cursor"].cursor
    if not _joinable(connection, raw, params, many):
        _flush(connection)
        return execute(sql, params, many, context)
    pending, queue[:] = list(queue), []
    result = execute("; ".join([*(q for q, _, _ in pending), sql]),
                     [*(value for _, p, _ in pending for value in p), *params], many, context)
    with _rollback_on_error(connection):
        for _sql, _params, written in pending:
            written(raw)
            raw.nextset()
    return result


@contextmanager
def _rollback_on_error(connection):
    """A write found wrong after the round trip (an update that met no row) leaves the
    statements sent with it done: the transaction must not commit."""
    try:
        yield
    except BaseException:
        from django.db import transaction

        transaction.set_rollback(True, using=connection.alias)
        raise


@contextmanager
def batched():
    """Inside a transaction, let the writes of ``insert`` and ``update`` wait for the next
    statement and go to the database with it (on PostgreSQL in one round trip; elsewhere one
    after the other, as without the block), and write what is left at the end of the block.
    Order is kept: every other statement runs after the writes queued before it. Keys are set
    and ``post_save`` sent when a write is made. An error inside the block marks the transaction
    for rollback: queued writes are never silently dropped from one that commits."""
    connection = _db()
    if getattr(connection, "_rows_queue", None) is not None or not connection.in_atomic_block:
        yield  # nested (the outer block writes), or no transaction to hold the writes in
        return
    connection._rows_queue = []
    try:
        with connection.execute_wrapper(_ahead):
            yield
            _flush(connection)
    except BaseException:
        if connection._rows_queue:
            from django.db import transaction

            transaction.set_rollback(True, using=connection.alias)
        raise
    finally:
        connection._rows_queue = None
