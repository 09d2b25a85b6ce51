"""The catalogue's pages through the real views: the public catalogue with its search and filters, a service's
page with the other parts' links, and the officers' catalogue (add, change, import, template and export), with bad
input in every form and the same 404 for everyone who may not."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry
from services.catalogue import selectors
from services.catalogue.models import Service
from services.catalogue.selectors import ServiceLink, add_months
from services.catalogue.services import CSV_COLUMNS
from tests.accounts.factories import UserFactory
from tests.organisations.factories import LocalAuthorityFactory as CouncilFactory
from tests.organisations.factories import MembershipFactory
from tests.services.factories import ServiceFactory, council

pytestmark = pytest.mark.django_db

LIST = reverse("services:catalogue-list")
MANAGE = reverse("services:catalogue-manage")


def page_of(service, name="catalogue-service"):
    return reverse(f"services:{name}", kwargs={"council": selectors.council_key(service.owner),
                                               "reference": service.reference})


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def officer_client(client, town):
    client.force_login(town.officer)
    return client


def _service(town, **kwargs):
    kwargs.setdefault("owner", town.organisation)
    kwargs.setdefault("local_authority", town.local_authority)
    return ServiceFactory(**kwargs)


class TestPublicCatalogue:
    def test_published_services_are_listed_and_hidden_ones_are_not(self, client, town):
        _service(town, name="Libraries")
        _service(town, name="Secret plans", is_published=False)
        page = html(client.get(LIST))
        assert "Libraries" in page and "Secret plans" not in page
        assert "1 service" in page

    def test_words_council_involvement_and_delivery_narrow_the_list(self, client, town):
        elsewhere = council(code="E06000009", name="Blackpool")
        _service(town, name="Libraries", involvement=["volunteering"], delivery="in_house")
        _service(town, name="Youth clubs", involvement=["commissioning", "co_design"], delivery="commissioned",
                 provider="Youth Trust")
        _service(elsewhere, name="Blackpool libraries", involvement=["volunteering"])
        assert "Blackpool libraries" not in html(client.get(LIST, {"council": "E08000024"}))
        found = html(client.get(LIST, {"q": "youth trust"}))
        assert "Youth clubs" in found and "Libraries" not in found
        found = html(client.get(LIST, {"involvement": "co_design"}))
        assert "Youth clubs" in found and "Libraries" not in found
        found = html(client.get(LIST, {"delivery": "in_house"}))
        assert "Libraries" in found and "Youth clubs" not in found

    def test_contracts_ending_within_months_count_from_today_to_the_same_day_months_on(self, client, town):
        today = timezone.localdate()
        _service(town, name="Ends on the last day", contract_ends_on=add_months(today, 6))
        _service(town, name="Ends a day too late", contract_ends_on=add_months(today, 6) + datetime.timedelta(days=1))
        _service(town, name="Ended yesterday", contract_ends_on=today - datetime.timedelta(days=1))
        found = html(client.get(LIST, {"ending_within": "6"}))
        assert "Ends on the last day" in found
        assert "Ends a day too late" not in found and "Ended yesterday" not in found

    @pytest.mark.parametrize(("query", "message"), [
        ({"ending_within": "soon"}, "Enter the number of months as a whole number, like 12"),
        ({"ending_within": "0"}, "Enter a number of months from 1 to 120"),
        ({"ending_within": "121"}, "Enter a number of months from 1 to 120"),
        ({"council": "E99999999"}, "Choose a council from the list"),
        ({"involvement": "riot"}, "Choose a way to get involved from the list"),
        ({"delivery": "magic"}, "Choose how the service is delivered from the list"),
    ])
    def test_bad_filters_are_named_in_an_error_summary(self, client, town, query, message):
        _service(town, name="Libraries")
        response = client.get(LIST, query)
        assert response.status_code == 200
        page = html(response)
        assert "govuk-error-summary" in page and message in page and "<title>Error:" in page
        assert "Libraries" not in page

    def test_a_second_page_keeps_the_filters(self, client, town):
        for n in range(30):
            _service(town, name=f"Service {n:02d}", delivery="in_house")
        page = html(client.get(LIST, {"delivery": "in_house"}))
        assert "delivery=in_house&amp;page=2" in page
        assert "Service 29" in html(client.get(LIST, {"delivery": "in_house", "page": "2"}))


class TestServicePage:
    def test_it_says_who_runs_it_the_budget_contract_and_how_to_get_involved(self, client, town):
        service = _service(town, name="Youth clubs", delivery="commissioned", provider="Youth Trust",
                           annual_budget="300000", contract_ends_on=datetime.date(2031, 3, 31),
                           involvement=["commissioning"], involvement_notes="Come to the youth forum")
        service.wards.set([town.ward])
        page = html(client.get(page_of(service)))
        for words in ("Youth clubs", "Commissioned from a provider: Youth Trust", "£300,000.00", "31 March 2031",
                      "Bidding when it is commissioned", "Come to the youth forum", town.ward.name):
            assert words in page, words

    def test_the_address_names_the_council_by_its_ons_code_in_any_case(self, client, service):
        assert page_of(service) == "/services/E08000024/youth/"
        assert client.get("/services/e08000024/youth/").status_code == 200

    def test_a_parish_council_without_an_ons_code_is_named_by_its_number(self, client, town):
        parish = CouncilFactory(type="parish_council", ons_code="")
        service = ServiceFactory(owner=parish, local_authority=town.local_authority, reference="allotments")
        assert page_of(service) == f"/services/{parish.pk}/allotments/"
        assert client.get(page_of(service)).status_code == 200
        # A council with an ONS code has one address, by its code.
        assert client.get(f"/services/{town.organisation.pk}/youth/").status_code == 404

    def test_other_parts_add_their_links_through_the_registry(self, client, service, monkeypatch):
        monkeypatch.setattr(selectors, "SERVICE_LINK_SOURCES", [])

        @selectors.register_service_links
        def codesign_links(svc, user):
            return [ServiceLink(group="Co-design processes", text=f"Redesign {svc.name}", url="/somewhere/",
                                status="Ideas until 1 May")]

        selectors.register_service_links(codesign_links)
        assert len(selectors.SERVICE_LINK_SOURCES) == 1
        page = html(client.get(page_of(service)))
        assert "Co-design processes" in page and "Redesign Youth services" in page and "Ideas until 1 May" in page

    def test_a_hidden_service_is_found_only_by_its_councils_officers(self, client, town, service):
        Service.objects.filter(pk=service.pk).update(is_published=False)
        assert client.get(page_of(service)).status_code == 404
        client.force_login(UserFactory())
        assert client.get(page_of(service)).status_code == 404
        client.force_login(town.officer)
        assert "not in the public catalogue" in html(client.get(page_of(service)))

    @pytest.mark.parametrize("path", ["/services/E08000024/nothing/", "/services/E08999999/youth/",
                                      "/services/999999/youth/", "/services/%20/youth/"])
    def test_missing_services_answer_404(self, client, service, path):
        assert client.get(path).status_code == 404


class TestOfficersCatalogue:
    def _form(self, **overrides):
        data = {"reference": "LIB-01", "name": "Libraries", "description": "Branch libraries",
                "who_it_serves": "Everyone", "annual_budget": "1250000", "delivery": "in_house", "provider": "",
                "contract_ends_on_0": "", "contract_ends_on_1": "", "contract_ends_on_2": "",
                "involvement": ["volunteering"], "involvement_notes": "", "is_published": "yes"}
        data.update(overrides)
        return data

    def test_the_catalogue_lists_hidden_services_too(self, officer_client, town):
        _service(town, name="Secret plans", is_published=False)
        page = html(officer_client.get(MANAGE))
        assert "Secret plans" in page and "Hidden" in page and town.organisation.name in page

    def test_an_officer_adds_a_service_on_its_question_page(self, officer_client, town):
        add = reverse("services:catalogue-add", args=[town.organisation.pk])
        assert town.ward.name in html(officer_client.get(add))
        response = officer_client.post(add, self._form(wards=[town.ward.code], contract_ends_on_0="31",
                                                       contract_ends_on_1="3", contract_ends_on_2="2030"))
        service = Service.objects.get()
        assert response.status_code == 302 and response.url == "/services/E08000024/lib-01/"
        assert service.contract_ends_on == datetime.date(2030, 3, 31) and list(service.wards.all()) == [town.ward]
        assert AuditEntry.objects.filter(action="services.service_created").exists()

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"name": ""}, "Enter the service&#x27;s name"),
        ({"annual_budget": "lots"}, "Enter the annual budget in pounds, like 250000"),
        ({"delivery": "commissioned"}, "Enter who provides a commissioned service"),
        ({"delivery": ""}, "Choose how the service is delivered"),
        ({"contract_ends_on_0": "31", "contract_ends_on_1": "2", "contract_ends_on_2": "2030"},
         "The contract end date must be a real date"),
        ({"involvement": ["riot"]}, "Choose ways to get involved from the list"),
        ({"wards": ["E05999999"]}, "Choose wards of the council from the list"),
        ({"is_published": ""}, "Select yes to show the service in the public catalogue"),
    ])
    def test_bad_answers_are_shown_against_their_questions_and_nothing_is_saved(self, officer_client, town,
                                                                              overrides, message):
        response = officer_client.post(reverse("services:catalogue-add", args=[town.organisation.pk]),
                                       self._form(**overrides))
        page = html(response)
        assert response.status_code == 200 and "govuk-error-summary" in page and message in page
        assert "<title>Error:" in page
        assert not Service.objects.exists()

    def test_a_reference_already_used_is_refused(self, officer_client, town):
        _service(town, reference="lib-01")
        page = html(officer_client.post(reverse("services:catalogue-add", args=[town.organisation.pk]),
                                        self._form()))
        assert "Another service in your catalogue has the reference lib-01" in page

    def test_an_officer_changes_a_service(self, officer_client, town, service):
        edit = page_of(service, "catalogue-edit")
        form = html(officer_client.get(edit))
        assert 'value="Youth services"' in form
        response = officer_client.post(edit, self._form(reference="youth", name="Youth work", is_published="no"))
        assert response.status_code == 302
        service.refresh_from_db()
        assert service.name == "Youth work" and not service.is_published
        entry = AuditEntry.objects.get(action="services.service_changed")
        assert entry.changes["name"] == ["Youth services", "Youth work"]

    def test_another_councils_officer_and_residents_get_404_everywhere(self, client, town, service):
        stranger = MembershipFactory(organisation=CouncilFactory(), roles=["officer"], user=UserFactory(mfa=True)).user
        pk = town.organisation.pk
        paths = [reverse(f"services:catalogue-{name}", args=[pk])
                 for name in ("add", "import", "import-template", "export")] + [page_of(service, "catalogue-edit")]
        for person in (stranger, town.resident()):
            client.force_login(person)
            for path in paths:
                assert client.get(path).status_code == 404, path
            assert client.post(paths[0], self._form()).status_code == 404
        assert not Service.objects.exclude(pk=service.pk).exists()


class TestImportExport:
    def _upload(self, text: str, name: str = "services.csv"):
        return {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")}

    def test_a_good_file_imports_every_line(self, officer_client, town):
        text = (",".join(CSV_COLUMNS) + "\n"
                "LIB-01,Libraries,Branch libraries,,,1250000,in_house,,,volunteering,\n"
                "YOUTH,Youth clubs,Evening clubs,,,300000,commissioned,Youth Trust,2027-03-31,commissioning,\n")
        response = officer_client.post(reverse("services:catalogue-import", args=[town.organisation.pk]),
                                       self._upload(text))
        assert response.status_code == 302 and Service.objects.count() == 2
        assert "2 services added and 0 changed" in html(officer_client.get(response.url))

    def test_every_bad_line_is_listed_by_number_in_the_error_summary_and_nothing_is_imported(self, officer_client,
                                                                                             town):
        text = (",".join(CSV_COLUMNS) + "\n"
                "LIB-01,Libraries,Branch libraries,,,1250000,in_house,,,,\n"
                ",,No name,,,,,,,,\n"
                "PARKS,Parks,Parks,,,lots,in_house,,2027-13-01,,\n")
        page = html(officer_client.post(reverse("services:catalogue-import", args=[town.organisation.pk]),
                                        self._upload(text)))
        assert "govuk-error-summary" in page and "<title>Error:" in page
        assert "Line 3, name: Enter the service&#x27;s name" in page
        assert "Line 4, annual_budget" in page and "Line 4, contract_ends_on" in page
        assert not Service.objects.exists()

    @pytest.mark.parametrize(("upload", "message"), [
        ({}, "Select a CSV file"),
        ({"file": SimpleUploadedFile("services.xlsx", b"PK\x03\x04")}, "The selected file must be a CSV"),
        ({"file": SimpleUploadedFile("services.csv", b"\xff\xfe\x00bad")}, "saved as UTF-8"),
        ({"file": SimpleUploadedFile("services.csv", b"")}, "The selected file is empty"),
        ({"file": SimpleUploadedFile("services.csv", b"name,description\nLibraries,Books\n")},
         "The first line of the file must be the column names"),
    ])
    def test_files_that_are_not_the_catalogues_csv_are_refused(self, officer_client, town, upload, message):
        page = html(officer_client.post(reverse("services:catalogue-import", args=[town.organisation.pk]), upload))
        assert "govuk-error-summary" in page and message in page

    def test_the_template_has_the_columns_and_an_example_that_imports(self, officer_client, town):
        response = officer_client.get(reverse("services:catalogue-import-template", args=[town.organisation.pk]))
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
        officer_client.post(reverse("services:catalogue-import", args=[town.organisation.pk]), self._upload(text))
        assert Service.objects.filter(reference="youth-01").exists()

    def test_an_export_imports_again_as_it_is(self, officer_client, town, service):
        service.wards.set([town.ward])
        Service.objects.filter(pk=service.pk).update(annual_budget="1500.50", involvement=["co_design", "feedback"],
                                                     contract_ends_on=datetime.date(2028, 1, 31),
                                                     description="=HYPERLINK(evil)")
        response = officer_client.get(reverse("services:catalogue-export", args=[town.organisation.pk]))
        text = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows[0]["wards"] == town.ward.code and rows[0]["involvement"] == "co_design;feedback"
        # A formula would run in a spreadsheet; it is kept as text.
        assert rows[0]["description"] == "'=HYPERLINK(evil)"
        before = Service.objects.values("name", "annual_budget", "contract_ends_on", "involvement").get()
        officer_client.post(reverse("services:catalogue-import", args=[town.organisation.pk]), self._upload(text))
        assert Service.objects.values("name", "annual_budget", "contract_ends_on", "involvement").get() == before
