"""The national matching benchmark's generator at a tiny scale: it writes what matching reads, and the benchmark
leaves the data set as it found it."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from bench.matching_national import NeedMaker, fill, forget_run
from covenant.notifications.models import Delivery
from covenant.organisations.models import VerificationStatus
from volunteers.matching.scoring import limits
from volunteers.models import (
    Credential,
    CredentialKind,
    CredentialStatus,
    LocationKind,
    MatchingRun,
    Need,
    NeedCheck,
    NeedStatus,
    Offer,
    Passport,
    Shift,
)
from volunteers.services.matching import matching_batch_run, matching_need_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def counts():
    call_command("load_taxonomies", verbosity=0)
    return fill(scale=0.002, seed=5, log=lambda *args: None)


def totals() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Need, Shift, NeedCheck, Offer, MatchingRun, Delivery, Passport, Credential)}


def test_the_data_set_is_open_needs_within_the_horizon_and_passports_with_checks(counts):
    assert counts["passports"] == Passport.objects.count() == 2_000
    assert counts["needs"] == 40
    assert not Need.objects.exclude(status=NeedStatus.PUBLISHED).exists()
    assert not Need.objects.exclude(organisation__verification_status=VerificationStatus.VERIFIED).exists()
    now = timezone.now()
    horizon = now + datetime.timedelta(days=limits().horizon_days)
    upcoming = Shift.objects.filter(starts_at__gt=now)
    assert not upcoming.filter(starts_at__gt=horizon).exists()
    # Every need has something to match; shifts in the past carry the booking history only.
    assert upcoming.values("need").distinct().count() == 40
    assert Need.objects.filter(location_kind=LocationKind.REMOTE).count() < 40
    assert NeedCheck.objects.filter(kind=CredentialKind.DBS).exists()
    dbs = Credential.objects.filter(kind=CredentialKind.DBS, status=CredentialStatus.VERIFIED).count()
    assert 0.2 * 2_000 < dbs < 0.4 * 2_000


def test_matching_runs_on_it_and_the_benchmark_leaves_it_as_it_was(counts):
    before = totals()
    run = matching_batch_run()
    assert run.stats["offers"] > 0
    forget_run(run)
    assert totals() == before

    need, _wants = NeedMaker(seed=2).publish()
    run = matching_need_run(need_id=need.pk)
    assert run.stats["places"] == 1
    forget_run(run)
    need.delete()
    assert totals() == before
