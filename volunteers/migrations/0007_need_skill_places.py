"""The skill-and-place search index of published needs (NeedSkillPlace), filled from the needs already published."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Need = apps.get_model("volunteers", "Need")
    NeedSkillPlace = apps.get_model("volunteers", "NeedSkillPlace")
    rows = []
    for link in Need.skills.through.objects.filter(need__status="published").select_related("need").iterator():
        remote = link.need.location_kind == "remote"
        rows.append(NeedSkillPlace(
            need_id=link.need_id, skill_id=link.skill_id,
            latitude=None if remote else link.need.latitude, longitude=None if remote else link.need.longitude,
        ))
    NeedSkillPlace.objects.bulk_create(rows, batch_size=5_000)


class Migration(migrations.Migration):

    dependencies = [
        ('volunteers', '0006_need_skills_covering_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='NeedSkillPlace',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('latitude', models.FloatField(null=True)),
                ('longitude', models.FloatField(null=True)),
                ('need', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='volunteers.need')),
                ('skill', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='volunteers.skill')),
            ],
            options={
                'indexes': [models.Index(fields=['skill', 'latitude', 'longitude', 'need'], name='volunteers_skillplace_idx')],
                'constraints': [models.UniqueConstraint(fields=('need', 'skill'), name='volunteers_skillplace_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
