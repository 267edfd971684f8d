"""The rows of "My applications" read with one plain statement (ADR 0040's way).

Building and compiling the list's queryset (owner, optional status, whether the department has
accepted: an EXISTS over the events) cost more Python than the rest of the page's own work. The
statement is written once per shape and the values go through the fields' and the backend's
converters, as the ORM would pass them (UUIDs, dates and time zones on SQLite too). Only the
columns the list shows are read: never the encrypted form data.
"""

from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections

from .models import Application, Event, clock_starting_actions

COLUMNS = ("id", "item_code", "workflow", "status", "state", "receipt_no", "due_date",
           "due_provisional", "updated_at")
LIMIT = 200


@lru_cache(maxsize=32)
def _sql(by_status: bool, actions: int, vendor: str) -> str:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    meta, events = Application._meta, Event._meta
    columns = ", ".join(f"a.{quote(meta.get_field(name).column)}" for name in COLUMNS)
    started = (f"EXISTS (SELECT 1 FROM {quote(events.db_table)} e "  # noqa: S608 - names from the models
               f"WHERE e.{quote(events.get_field('application').column)} = a.{quote(meta.pk.column)} "
               f"AND e.{quote(events.get_field('action').column)} IN ({', '.join(['%s'] * actions)}))"
               if actions else "(1 = 0)")
    sql = (f"SELECT {columns}, {started} FROM {quote(meta.db_table)} a "  # noqa: S608
           f"WHERE a.{quote(meta.get_field('owner').column)} = %s")
    if by_status:
        sql += f" AND a.{quote(meta.get_field('status').column)} = %s"
    return sql + f" ORDER BY a.{quote(meta.get_field('updated_at').column)} DESC LIMIT {LIMIT}"


@lru_cache(maxsize=256)
def _converters(connection) -> tuple:
    """Per column, the converters the compiler would apply (backend's, then the field's)."""
    result = []
    for name in COLUMNS:
        col = Application._meta.get_field(name).get_col(Application._meta.db_table)
        result.append((tuple(connection.ops.get_db_converters(col))
                       + tuple(col.get_db_converters(connection)), col))
    return tuple(result)


def own_applications(owner_pk: int, status: str | None = None) -> list[dict]:
    """The owner's applications, newest change first (at most ``LIMIT``), as dicts of
    ``COLUMNS`` and ``clock_started`` (whether the department has accepted)."""
    connection = connections[DEFAULT_DB_ALIAS]
    actions = sorted(clock_starting_actions())
    params = [*actions, owner_pk, *([status] if status else [])]
    with connection.cursor() as cursor:
        cursor.execute(_sql(bool(status), len(actions), connection.vendor), params)
        rows = cursor.fetchall()
    converters = _converters(connection)
    found = []
    for row in rows:
        values = {}
        for name, value, (funcs, col) in zip(COLUMNS, row, converters, strict=False):
            for func in funcs:
                value = func(value, col, connection)
            values[name] = value
        values["clock_started"] = bool(row[-1])
        found.append(values)
    return found
