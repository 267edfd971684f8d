"""On PostgreSQL the application's database role may not delete audit rows at all (ADR 0032):
the purge goes through ``audit_purge(upto)``, a SECURITY DEFINER function owned by the role
that ran the migrations. It removes only a sealed prefix: the checkpoint it writes carries the
chain value of the seal at ``upto``; the triggers of 0003 still refuse any event younger than
180 days by the database's clock. (SQLite, the demo's database, purges in Python.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_purge(upto bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  sealed text;
  gone integer;
BEGIN
  SELECT chain INTO sealed FROM audit_auditseal WHERE event_id = upto;
  IF sealed IS NULL THEN
    RAISE EXCEPTION 'audit event % is not sealed', upto USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO audit_auditcheckpoint (upto_event_id, chain, purged, made_at)
    VALUES (upto, sealed, 0, now());
  DELETE FROM audit_auditevent WHERE id <= upto;
  GET DIAGNOSTICS gone = ROW_COUNT;
  DELETE FROM audit_auditseal WHERE event_id <= upto;
  UPDATE audit_auditcheckpoint SET purged = gone WHERE upto_event_id = upto;
  RETURN gone;
END $$;
REVOKE ALL ON FUNCTION audit_purge(bigint) FROM PUBLIC;
"""

DROP = "DROP FUNCTION IF EXISTS audit_purge(bigint);"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # the SQL has PL/pgSQL % placeholders


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_on_postgresql")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
