"""The application's own PostgreSQL role, and what it may do (ADR 0032). Idempotent.

    manage.py db_roles [--role policeonline_app] [--password-file PATH]

Run it as the owner — the role that runs ``migrate`` — after every ``migrate``, in each zone.
The application then connects as the role it names (e.g.
``INTERNET_DATABASE_URL=postgres://policeonline_app:…@db/policeonline_internet``): it reads and
writes every table, but the audit log's only INSERT and SELECT — no UPDATE, DELETE or TRUNCATE —
and purges old audit events only through ``audit_purge()``, which the owner's migrations own.
On SQLite (the demo) there are no roles: the command says so and does nothing.
"""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

APPEND_ONLY = ("audit_auditevent", "audit_auditseal")  # the sealer inserts seals
READ_ONLY = ("audit_auditcheckpoint",)  # written by audit_purge() only
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class Command(BaseCommand):
    help = "Create or update the application's PostgreSQL role and its grants (run as the owner)."

    def add_arguments(self, parser):
        parser.add_argument("--role", default="policeonline_app",
                            help="the role the application connects as (default: policeonline_app)")
        parser.add_argument("--password-file", type=Path,
                            help="set the role's password from this file (first line); "
                                 "without it an existing password is left as it is")

    def handle(self, *args, role, password_file, **options):
        if connection.vendor != "postgresql":
            self.stdout.write(f"{connection.vendor}: no database roles; nothing to do")
            return
        if not ROLE_NAME.match(role):
            raise CommandError(f"not a plain role name: {role!r}")
        password = password_file.read_text().splitlines()[0] if password_file else None
        with transaction.atomic(), connection.cursor() as cursor:
            created = grant(cursor, role, password)
        self.stdout.write(f"role {role} {'created' if created else 'updated'}: all tables read and "
                          f"written; audit tables insert and select only; audit_purge() to purge")


def grant(cursor, role: str, password: str | None = None) -> bool:
    """Create ``role`` if needed and (re)apply its grants on this database. Returns whether the
    role was created."""
    q = connection.ops.quote_name
    name, database = q(role), q(connection.settings_dict["NAME"])
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    created = cursor.fetchone() is None
    # Never a superuser or owner: either would pass every check below.
    attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
    cursor.execute(f"{'CREATE' if created else 'ALTER'} ROLE {name} {attributes}")
    if password is not None:
        cursor.execute(f"ALTER ROLE {name} PASSWORD %s", [password])
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = %s",
                   [role])
    owned = [row[0] for row in cursor.fetchall()]
    if owned:
        raise CommandError(f"{role} owns tables ({', '.join(owned[:5])}…): it cannot be the "
                           "application's restricted role")
    for sql in (
        f"GRANT CONNECT ON DATABASE {database} TO {name}",
        f"GRANT USAGE ON SCHEMA public TO {name}",
        f"REVOKE CREATE ON SCHEMA public FROM {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
        # Tables a later migration creates are usable at once; run this command again after
        # every migrate all the same, so that a new audit table loses UPDATE and DELETE too.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE "
        f"ON TABLES TO {name}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {name}",
        *(f"REVOKE ALL ON {q(t)} FROM {name}" for t in APPEND_ONLY + READ_ONLY),
        *(f"GRANT SELECT, INSERT ON {q(t)} TO {name}" for t in APPEND_ONLY),
        *(f"GRANT SELECT ON {q(t)} TO {name}" for t in READ_ONLY),
        f"GRANT EXECUTE ON FUNCTION audit_purge(bigint) TO {name}",
    ):
        cursor.execute(sql)
    return created
