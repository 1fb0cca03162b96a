# On PostgreSQL, a trigger makes the access log append-only (the retention purge excepted).

from django.db import migrations

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_accesslogentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('relais.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_accesslogentry is append-only (%)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslogentry_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_accesslogentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_accesslogentry_append_only ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_accesslogentry_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
