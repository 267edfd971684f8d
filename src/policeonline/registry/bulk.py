"""Fast INSERTs for the generator: one ``executemany`` per table and batch, with values already
in column order. In ``bulk_create`` the ORM's per-value preparation cost more than the
database; this skips it, so callers encrypt protected fields and adapt dates themselves."""

from django.db import connection


def insert(model, columns: tuple[str, ...], rows: list[tuple]):
    """Insert ``rows`` (tuples in ``columns`` order, field names) into ``model``'s table.
    Every concrete field but the primary key must be listed, so a new column cannot be left
    silently to a database default."""
    meta = model._meta
    expected = {f.name for f in meta.concrete_fields if not f.primary_key}
    if set(columns) != expected:
        raise ValueError(f"{meta.label}: columns {sorted(expected ^ set(columns))} differ")
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(meta.get_field(name).column) for name in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})",  # noqa: S608
                           rows)
