"""Pop-up parishes in admin: every model is there for platform staff to look up, and none can be changed there."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.urls import reverse

from parishes.models import ParishDecision, Proposal
from tests.accounts.factories import UserFactory

from .factories_active import active_parish, add_member, meeting_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(user)
    return user


PARISH_MODELS = [model for model in admin.site._registry if model._meta.app_label == "parishes"]


def test_every_parishes_model_is_there_on_its_own_or_inside_its_parent():
    from django.apps import apps

    inlines = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    assert set(PARISH_MODELS) | inlines >= set(apps.get_app_config("parishes").get_models())


@pytest.mark.parametrize("model", PARISH_MODELS, ids=lambda m: m.__name__)
def test_staff_look_up_every_list_and_add_nothing(client, hood, superuser, model):
    parish = active_parish(hood)
    add_member(parish)
    ParishDecision.objects.create(meeting=meeting_of(parish, days=-1), parish=parish, title="Bulbs", motion="That",
                                  members_count=2, quorum=3, votes_for=2, outcome="inquorate")
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "Hendon"})
    assert response.status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403


def test_a_parish_reads_but_does_not_change(client, hood, superuser):
    parish = active_parish(hood)
    change = reverse("admin:parishes_proposal_change", args=[parish.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"name": "Renamed"}).status_code == 403
    assert client.post(reverse("admin:parishes_proposal_delete", args=[parish.pk]), {"post": "yes"}).status_code == 403
    assert Proposal.objects.get(pk=parish.pk).name == parish.name
