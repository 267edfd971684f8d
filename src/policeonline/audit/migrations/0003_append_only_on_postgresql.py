"""On PostgreSQL the database itself keeps the audit log append-only: no UPDATE of an event or
seal, no DELETE of an event younger than the retention floor (180 days), no DELETE of a seal
the chain still starts after. (SQLite, the demo's database, relies on the application.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.at >= now() - interval '180 days' THEN
    RAISE EXCEPTION 'audit event % is inside the 180-day retention', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END $$;
CREATE OR REPLACE FUNCTION audit_seal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit seals are append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.event_id > COALESCE((SELECT max(upto_event_id) FROM audit_auditcheckpoint), 0) THEN
    RAISE EXCEPTION 'audit seal % is still part of the chain', OLD.event_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_auditseal
  FOR EACH ROW EXECUTE FUNCTION audit_seal_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_seal_append_only ON audit_auditseal;
DROP FUNCTION IF EXISTS audit_event_refuse_change();
DROP FUNCTION IF EXISTS audit_seal_refuse_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # the SQL has PL/pgSQL % placeholders


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
