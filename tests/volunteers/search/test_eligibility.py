"""Eligibility: checks, minimum age and required skills, with reasons a volunteer can act on."""

import datetime

import pytest

from tests.accounts.factories import UserFactory
from tests.volunteers.factories import CredentialFactory, NeedFactory, PassportFactory, SkillFactory
from volunteers.models import (
    BarredLists,
    CredentialKind,
    DBSLevel,
    Need,
    NeedCheck,
    PassportSkill,
    QualificationType,
    Workforce,
)
from volunteers.selectors.eligibility import age_on, eligibility, eligible_needs_q

pytestmark = pytest.mark.django_db

ON = datetime.date(2027, 3, 5)


def dbs_check(need, **kwargs):
    values = {"kind": CredentialKind.DBS, "dbs_level": DBSLevel.ENHANCED_BARRED, "dbs_barred_lists": BarredLists.ADULTS}
    values.update(kwargs)
    return NeedCheck.objects.create(need=need, **values)


def dbs(passport, **kwargs):
    values = {"issued_on": datetime.date(2026, 1, 1), "expires_on": None}
    values.update(kwargs)
    return CredentialFactory(passport=passport, dbs=True, verified=True, **values)


def assert_agrees(passport, need, on=ON):
    """The SQL condition used by search keeps the need exactly when the page would say it is eligible."""
    kept = Need.objects.filter(eligible_needs_q(passport, on=on), pk=need.pk).exists()
    assert kept == eligibility(passport, need, on=on).eligible


def test_no_requirements_is_eligible():
    passport = PassportFactory()
    need = NeedFactory()
    result = eligibility(passport, need, on=ON)
    assert result.eligible is True
    assert result.missing == []
    assert_agrees(passport, need)


def test_missing_dbs_is_named_with_the_date():
    passport = PassportFactory()
    need = NeedFactory()
    dbs_check(need)
    result = eligibility(passport, need, on=ON)
    assert result.eligible is False
    assert result.missing == ["An enhanced DBS check with the adults' barred list, verified and valid on 5 March 2027"]
    assert_agrees(passport, need)


def test_verified_dbs_meets_the_check():
    passport = PassportFactory()
    need = NeedFactory()
    dbs_check(need, dbs_workforce=Workforce.ADULT)
    dbs(passport)
    assert eligibility(passport, need, on=ON).eligible is True
    assert_agrees(passport, need)


def test_higher_dbs_meets_lower_and_both_lists_meet_one():
    passport = PassportFactory()
    dbs(passport, dbs_barred_lists=BarredLists.BOTH, dbs_workforce=Workforce.CHILD_AND_ADULT)
    for kwargs in (
        {"dbs_level": DBSLevel.BASIC, "dbs_barred_lists": ""},
        {"dbs_level": DBSLevel.ENHANCED, "dbs_barred_lists": ""},
        {"dbs_barred_lists": BarredLists.CHILDREN, "dbs_workforce": Workforce.CHILD},
        {"dbs_barred_lists": BarredLists.BOTH},
    ):
        need = NeedFactory()
        dbs_check(need, **kwargs)
        assert eligibility(passport, need, on=ON).eligible is True, kwargs
        assert_agrees(passport, need)


def test_lower_dbs_or_wrong_list_or_workforce_does_not():
    passport = PassportFactory()
    dbs(passport, dbs_level=DBSLevel.ENHANCED_BARRED, dbs_barred_lists=BarredLists.ADULTS, dbs_workforce=Workforce.ADULT)
    for kwargs in (
        {"dbs_barred_lists": BarredLists.CHILDREN},
        {"dbs_barred_lists": BarredLists.BOTH},
        {"dbs_barred_lists": BarredLists.ADULTS, "dbs_workforce": Workforce.CHILD},
    ):
        need = NeedFactory()
        dbs_check(need, **kwargs)
        assert eligibility(passport, need, on=ON).eligible is False, kwargs
        assert_agrees(passport, need)
    other = PassportFactory()
    dbs(other, dbs_level=DBSLevel.ENHANCED, dbs_barred_lists="")
    need = NeedFactory()
    dbs_check(need)
    assert eligibility(other, need, on=ON).eligible is False
    assert_agrees(other, need)


def test_dbs_expired_or_unverified_on_the_date_does_not_count():
    passport = PassportFactory()
    need = NeedFactory()
    dbs_check(need)
    dbs(passport, expires_on=ON - datetime.timedelta(days=1))
    CredentialFactory(passport=passport, dbs=True, issued_on=datetime.date(2026, 1, 1))
    assert eligibility(passport, need, on=ON).eligible is False
    assert_agrees(passport, need)
    # The expiry date itself still counts.
    assert eligibility(passport, need, on=ON - datetime.timedelta(days=1)).eligible is True
    assert_agrees(passport, need, on=ON - datetime.timedelta(days=1))


def test_training_and_qualification_checks_match_title_and_type():
    passport = PassportFactory()
    need = NeedFactory()
    NeedCheck.objects.create(need=need, kind=CredentialKind.TRAINING, title="Safeguarding adults")
    NeedCheck.objects.create(
        need=need, kind=CredentialKind.QUALIFICATION, qualification_type=QualificationType.FIRST_AID
    )
    result = eligibility(passport, need, on=ON)
    assert result.missing == [
        "Training in Safeguarding adults, verified and valid on 5 March 2027",
        "The qualification First aid, verified and valid on 5 March 2027",
    ]
    assert_agrees(passport, need)
    CredentialFactory(passport=passport, title="safeguarding adults ", verified=True)
    CredentialFactory(
        passport=passport, kind=CredentialKind.QUALIFICATION, qualification_type=QualificationType.FOOD_HYGIENE,
        title="Food hygiene level 2", verified=True,
    )
    assert eligibility(passport, need, on=ON).missing == [
        "The qualification First aid, verified and valid on 5 March 2027"
    ]
    assert_agrees(passport, need)
    CredentialFactory(
        passport=passport, kind=CredentialKind.QUALIFICATION, qualification_type=QualificationType.FIRST_AID,
        title="First aid at work", verified=True,
    )
    assert eligibility(passport, need, on=ON).eligible is True
    assert_agrees(passport, need)


def test_minimum_age_on_the_date():
    need = NeedFactory(minimum_age=18)
    young = PassportFactory(holder=UserFactory(date_of_birth=datetime.date(2009, 3, 6)))
    assert eligibility(young, need, on=ON).missing == ["You must be 18 or over on 5 March 2027"]
    assert_agrees(young, need)
    birthday = PassportFactory(holder=UserFactory(date_of_birth=datetime.date(2009, 3, 5)))
    assert eligibility(birthday, need, on=ON).eligible is True
    assert_agrees(birthday, need)


def test_unknown_date_of_birth_with_minimum_age_asks_for_it():
    need = NeedFactory(minimum_age=16)
    passport = PassportFactory(holder=UserFactory(date_of_birth=None))
    assert eligibility(passport, need, on=ON).missing == ["Add your date of birth"]
    assert_agrees(passport, need)


def test_required_skills_are_named():
    need = NeedFactory()
    first_aid = SkillFactory(slug="first-aid-at-work", name="First aid at work")
    cooking = SkillFactory(slug="cooking", name="Cooking")
    need.skills.add(first_aid, cooking)
    passport = PassportFactory()
    PassportSkill.objects.create(passport=passport, skill=cooking)
    assert eligibility(passport, need, on=ON).missing == ["The skill First aid at work"]
    assert_agrees(passport, need)
    PassportSkill.objects.create(passport=passport, skill=first_aid)
    assert eligibility(passport, need, on=ON).eligible is True
    assert_agrees(passport, need)


def test_no_passport_lists_everything():
    need = NeedFactory(minimum_age=18)
    dbs_check(need)
    need.skills.add(SkillFactory(name="Driving"))
    result = eligibility(None, need, on=ON)
    assert result.missing == [
        "Create your Volunteer Passport",
        "An enhanced DBS check with the adults' barred list, verified and valid on 5 March 2027",
        "You must be 18 or over on 5 March 2027",
        "The skill Driving",
    ]
    assert_agrees(None, need)
    assert Need.objects.filter(eligible_needs_q(None, on=ON)).count() == 0


def test_eligibility_is_frozen():
    result = eligibility(PassportFactory(), NeedFactory(), on=ON)
    with pytest.raises(AttributeError):
        result.eligible = False


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (datetime.date(2000, 2, 29), datetime.date(2018, 2, 28), 17),
        (datetime.date(2000, 2, 29), datetime.date(2018, 3, 1), 18),
        (datetime.date(2000, 6, 1), datetime.date(2018, 6, 1), 18),
    ],
)
def test_age_on(born, on, age):
    assert age_on(born, on) == age
