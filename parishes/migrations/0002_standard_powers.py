"""Seed the standard powers and freedoms every council offers pop-up parishes."""

from django.db import migrations

STANDARD_POWERS = [
    ("green-spaces", "Look after green spaces",
     "Care for parks, verges, allotments and play areas in the parish, with the council's agreement."),
    ("community-building", "Run a community building",
     "Take on the running of a hall, library or centre and decide how it is used."),
    ("commission-local-service", "Commission a local service with a delegated budget",
     "Spend a budget the council delegates on a local service, within the council's rules."),
    ("planning-say", "A say on local planning applications",
     "Be consulted on planning applications in the area and have the parish's response recorded."),
    ("events-and-markets", "Local events and markets",
     "Organise and license local events, fairs and markets."),
    ("regulatory-freedoms", "Pilots of regulatory freedoms",
     "Try agreed exemptions from local rules for a limited time, to test a better way of doing things."),
]


def seed(apps, schema_editor):
    Power = apps.get_model("parishes", "Power")
    for slug, name, description in STANDARD_POWERS:
        Power.objects.update_or_create(slug=slug, defaults={"name": name, "description": description,
                                                            "local_authority": None})


def unseed(apps, schema_editor):
    apps.get_model("parishes", "Power").objects.filter(
        slug__in=[slug for slug, _name, _description in STANDARD_POWERS], local_authority__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("parishes", "0001_proposals_petitions")]

    operations = [migrations.RunPython(seed, unseed)]
