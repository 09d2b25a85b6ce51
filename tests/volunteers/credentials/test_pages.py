"""The holder's question pages with check-your-answers, and the verifier's pages, through the real views."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from covenant.organisations.models import Membership
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory
from tests.volunteers.factories import CredentialFactory
from volunteers.models import Credential, CredentialStatus, PassportView, Section

from .conftest import share

pytestmark = pytest.mark.django_db


def date_parts(name, value):
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def dbs_answers(**overrides):
    answers = {
        "dbs_level": "enhanced_barred", "dbs_barred_lists": "both", "dbs_workforce": "child_and_adult",
        "certificate_number": "0012 3456 7890", "update_service_subscribed": "yes",
        "update_service_id": "C000123456",
        **date_parts("issued_on", timezone.localdate() - datetime.timedelta(days=20)),
    }
    answers.update(overrides)
    return answers


def test_holder_adds_a_dbs_check_with_check_your_answers(client, holder):
    client.force_login(holder)
    assert client.get(reverse("volunteers:credentials-list")).status_code == 200
    response = client.post(reverse("volunteers:credentials-add"), {"kind": "dbs"})
    assert response.url == reverse("volunteers:credentials-add-details", args=["dbs"])
    assert client.get(response.url).status_code == 200
    response = client.post(reverse("volunteers:credentials-add-details", args=["dbs"]), dbs_answers())
    assert response.url == reverse("volunteers:credentials-add-check", args=["dbs"])
    page = html.unescape(client.get(response.url).content.decode())
    assert "Check your answers" in page and "001234567890" in page and "Children's and adults' barred lists" in page
    assert not Credential.objects.exists()
    response = client.post(reverse("volunteers:credentials-add-check", args=["dbs"]))
    assert response.url == reverse("volunteers:credentials-list")
    credential = Credential.objects.get()
    assert credential.certificate_number == "001234567890" and credential.passport.holder == holder
    page = client.get(reverse("volunteers:credentials-list")).content.decode()
    assert "Not yet verified" in page
    # Confirming again does not add it twice: the answers are gone.
    response = client.post(reverse("volunteers:credentials-add-check", args=["dbs"]))
    assert response.status_code == 302 and Credential.objects.count() == 1


@pytest.mark.parametrize(("answers", "message"), [
    (dbs_answers(certificate_number="1234"), "Certificate number must be 12 digits, like 001234567890"),
    (dbs_answers(**date_parts("issued_on", timezone.localdate() + datetime.timedelta(days=3))),
     "Date of issue must be today or in the past"),
    (dbs_answers(issued_on_0="31", issued_on_1="2", issued_on_2="2024"), "Date of issue must be a real date"),
    (dbs_answers(issued_on_0="", issued_on_1="2"), "Date of issue must include a day"),
    (dbs_answers(issued_on_2="24"), "Year must include 4 numbers"),
    (dbs_answers(dbs_level="enhanced"), "Only an enhanced check with barred list check includes barred lists"),
    (dbs_answers(dbs_barred_lists="none"), "Select which barred lists were checked: children’s, adults’ or both"),
    (dbs_answers(update_service_id="!"), "Update Service ID must be 6 to 20 letters and numbers"),
    (dbs_answers(dbs_level="platinum"), "Select the level of the DBS check"),
])
def test_bad_answers_are_shown_with_gov_uk_errors(client, holder, answers, message):
    client.force_login(holder)
    response = client.post(reverse("volunteers:credentials-add-details", args=["dbs"]), answers)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page and message in page
    assert "volunteers-credential-draft" not in client.session


def test_training_expiry_before_completion_is_refused(client, holder):
    client.force_login(holder)
    completed = timezone.localdate() - datetime.timedelta(days=5)
    response = client.post(reverse("volunteers:credentials-add-details", args=["training"]), {
        "title": "First aid at work", "provider": "St John Ambulance", **date_parts("issued_on", completed),
        **date_parts("expires_on", completed - datetime.timedelta(days=1)),
    })
    assert "Expiry date must be after the date you completed the training" in response.content.decode()


def test_unknown_kind_is_404(client, holder):
    client.force_login(holder)
    assert client.get(reverse("volunteers:credentials-add-details", args=["tarot"])).status_code == 404
    assert client.post(reverse("volunteers:credentials-add"), {"kind": "tarot"}).status_code == 200


def test_check_page_without_answers_goes_back_to_the_questions(client, holder):
    client.force_login(holder)
    response = client.get(reverse("volunteers:credentials-add-check", args=["training"]))
    assert response.url == reverse("volunteers:credentials-add-details", args=["training"])


def test_changing_a_verified_credential_through_the_pages_resets_it(client, holder, shared_dbs, verifier,
                                                                   organisation):
    from volunteers.services.credentials import credential_verify
    credential_verify(actor=verifier, organisation=organisation, credential=shared_dbs,
                      evidence_seen="Original", evidence_seen_on=timezone.localdate())
    client.force_login(holder)
    page = client.get(reverse("volunteers:credentials-change", args=[shared_dbs.pk])).content.decode()
    assert "it will need to be verified again" in page
    response = client.post(reverse("volunteers:credentials-change", args=[shared_dbs.pk]),
                           dbs_answers(certificate_number="009876543210"))
    assert response.url == reverse("volunteers:credentials-change-check", args=[shared_dbs.pk])
    client.post(response.url)
    shared_dbs.refresh_from_db()
    assert shared_dbs.status == CredentialStatus.SELF_DECLARED and shared_dbs.certificate_number == "009876543210"


def test_holder_removes_a_credential(client, holder, passport):
    credential = CredentialFactory(passport=passport)
    client.force_login(holder)
    url = reverse("volunteers:credentials-remove", args=[credential.pk])
    response = client.post(url, {})
    assert "Select yes if you want to remove it" in response.content.decode()
    client.post(url, {"confirm": "no"})
    assert Credential.objects.filter(pk=credential.pk).exists()
    client.post(url, {"confirm": "yes"})
    assert not Credential.objects.filter(pk=credential.pk).exists()


def test_other_people_cannot_open_or_change_a_holders_credential(client, dbs):
    client.force_login(UserFactory())
    for name in ("credentials-change", "credentials-change-check", "credentials-remove"):
        assert client.get(reverse(f"volunteers:{name}", args=[dbs.pk])).status_code == 404
        assert client.post(reverse(f"volunteers:{name}", args=[dbs.pk]), {"confirm": "yes"}).status_code == 404
    assert Credential.objects.filter(pk=dbs.pk).exists()
    client.logout()
    assert client.get(reverse("volunteers:credentials-list")).status_code == 302


def verify_url(organisation, credential):
    return reverse("volunteers:credentials-verify", args=[organisation.pk, credential.pk])


def test_verifier_sees_shared_credentials_and_verifies_one(client, shared_dbs, organisation, verifier):
    client.force_login(verifier)
    assert client.get(reverse("volunteers:credentials-verifier-home")).url == \
        reverse("volunteers:credentials-verify-list", args=[organisation.pk])
    page = client.get(reverse("volunteers:credentials-verify-list", args=[organisation.pk])).content.decode()
    assert "Priya Shah" in page and "Waiting to be checked" in page
    views_before = PassportView.objects.count()
    page = client.get(verify_url(organisation, shared_dbs)).content.decode()
    assert "001234567890" in page
    view = PassportView.objects.latest("id")
    assert PassportView.objects.count() == views_before + 1
    assert view.viewer == verifier and view.organisation == organisation and view.sections == [Section.DBS]
    response = client.post(verify_url(organisation, shared_dbs), {
        "outcome": "verified", "evidence_seen": "Original certificate seen in person",
        **date_parts("evidence_seen_on", timezone.localdate()),
    })
    assert response.status_code == 302
    shared_dbs.refresh_from_db()
    assert shared_dbs.status == CredentialStatus.VERIFIED
    assert shared_dbs.evidence_seen == "Original certificate seen in person"


def test_verifier_form_errors(client, shared_dbs, organisation, verifier):
    client.force_login(verifier)
    response = client.post(verify_url(organisation, shared_dbs), {
        "outcome": "rejected", "evidence_seen": "", **date_parts("evidence_seen_on",
                                                                 timezone.localdate() + datetime.timedelta(days=1)),
    })
    page = response.content.decode()
    assert "Enter what you saw" in page
    assert "Date you saw it must be today or in the past" in page
    assert "Enter why the credential could not be verified" in page
    shared_dbs.refresh_from_db()
    assert shared_dbs.status == CredentialStatus.SELF_DECLARED


def test_no_consent_means_404(client, dbs, organisation, verifier):
    client.force_login(verifier)
    assert client.get(verify_url(organisation, dbs)).status_code == 404
    share(dbs.passport, organisation, [Section.TRAINING, Section.PROFILE])
    assert client.get(verify_url(organisation, dbs)).status_code == 404
    page = client.get(reverse("volunteers:credentials-verify-list", args=[organisation.pk])).content.decode()
    assert "Priya Shah" not in page
    assert not PassportView.objects.filter(passport=dbs.passport, viewer=verifier).exists()


def test_expired_or_revoked_share_means_404(client, dbs, organisation, verifier):
    share(dbs.passport, organisation, [Section.DBS], revoked=True)
    share(dbs.passport, organisation, [Section.DBS], days=-1)
    client.force_login(verifier)
    assert client.get(verify_url(organisation, dbs)).status_code == 404


def test_verifier_of_unverified_organisation_gets_404(client, dbs, unverified_organisation_verifier):
    organisation = Membership.objects.get(user=unverified_organisation_verifier).organisation
    client.force_login(unverified_organisation_verifier)
    assert client.get(reverse("volunteers:credentials-verifier-home")).status_code == 404
    assert client.get(reverse("volunteers:credentials-verify-list", args=[organisation.pk])).status_code == 404
    assert client.get(verify_url(organisation, dbs)).status_code == 404


def test_member_without_verifier_role_gets_404(client, shared_dbs, organisation):
    coordinator = MembershipFactory(organisation=organisation, roles=["coordinator", "admin"]).user
    client.force_login(coordinator)
    assert client.get(reverse("volunteers:credentials-verify-list", args=[organisation.pk])).status_code == 404
    response = client.post(verify_url(organisation, shared_dbs), {"outcome": "verified"})
    assert response.status_code == 404
    shared_dbs.refresh_from_db()
    assert shared_dbs.status == CredentialStatus.SELF_DECLARED


def test_verifier_of_another_organisation_gets_404(client, shared_dbs, organisation):
    from tests.volunteers.factories import verifier_of
    outsider = verifier_of()
    other = Membership.objects.get(user=outsider).organisation
    client.force_login(outsider)
    assert client.get(verify_url(organisation, shared_dbs)).status_code == 404
    assert client.get(verify_url(other, shared_dbs)).status_code == 404


def test_the_list_page_does_not_query_per_credential(client, holder, passport, organisation,
                                                     django_assert_max_num_queries):
    for _ in range(5):
        CredentialFactory(passport=passport, verified=True, verified_organisation=organisation)
    client.force_login(holder)
    client.get(reverse("volunteers:credentials-list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("volunteers:credentials-list"))
    assert response.content.decode().count("Riverside Volunteer Centre") == 5
