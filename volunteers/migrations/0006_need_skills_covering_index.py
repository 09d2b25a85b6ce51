"""A btree index on needs' skills by (skill, need), on PostgreSQL only.

Searching needs for a skill reads the ids of the needs with that skill. Django's own index on the link table's
skill_id column makes PostgreSQL visit a table page for every one of them (about 2,000 needs a skill on the bench
data set); with the need's id in the index it reads them from the index alone. See docs/PERFORMANCE.md, issue 4.
"""

from django.db import migrations

INDEX = "volunteers_need_skills_skill_need_idx"
CREATE = f"CREATE INDEX IF NOT EXISTS {INDEX} ON volunteers_need_skills (skill_id, need_id)"
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0005_need_search_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
