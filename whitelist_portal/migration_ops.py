"""Migration operations that run on PostgreSQL only (SQLite, used by ``make run``, migrates without them)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that does nothing on other databases: GIN trigram indexes exist only where pg_trgm does."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class TrigramExtensionIfPostgres(TrigramExtension):
    """pg_trgm on PostgreSQL; nothing, either way, on other databases (Django's own skips them only forwards)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
