"""A GIN index on needs' weighted title and description, for full-text search on PostgreSQL only.

Its expression matches volunteers.selectors.search.SEARCH_VECTOR exactly, which is what lets PostgreSQL use it.
"""

from django.db import migrations

INDEX = "volunteers_need_search_idx"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON volunteers_need USING GIN ((
    setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(description, '')), 'B')
))
"""
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0004_needs_and_shifts")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
