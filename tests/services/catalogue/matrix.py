"""Permission-matrix rows for the catalogue pages and API (see tests/test_permission_matrix.py).

The world's council officer manages their own council's catalogue and nobody else's; everyone reads published
services; a hidden service is found only by its council's officers."""

from django.urls import reverse

from tests.matrix import LOGIN, NF, OK, Row, expect, public


def officer_council(w):
    """The (verified) council the world's council officer belongs to."""
    from covenant.organisations.models import Organisation

    return Organisation.objects.get(memberships__user=w.people["council_officer"])


def service_of_officer(w, *, published: bool = True):
    """A service in the officer's council's catalogue, made once per test."""
    from services.catalogue.models import Service
    from tests.services.factories import ServiceFactory

    council = officer_council(w)
    reference = "matrix-published" if published else "matrix-hidden"
    return (Service.objects.filter(owner=council, reference=reference).first()
            or ServiceFactory(owner=council, reference=reference, is_published=published))


def _service_path(name: str, service) -> str:
    from services.catalogue.selectors import council_key

    return reverse(f"services:{name}", kwargs={"council": council_key(service.owner), "reference": service.reference})


OFFICER_ONLY = expect(NF, anonymous=LOGIN, council_officer=OK)

PAGES = [
    Row("public services", lambda w: reverse("services:catalogue-list"), public()),
    Row("public services, filtered badly", lambda w: reverse("services:catalogue-list") + "?ending_within=lots",
        public()),
    Row("a published service", lambda w: _service_path("catalogue-service", service_of_officer(w)), public()),
    Row("a hidden service", lambda w: _service_path("catalogue-service", service_of_officer(w, published=False)),
        expect(NF, council_officer=OK)),
    Row("a missing service", lambda w: reverse("services:catalogue-service", args=["E08999999", "nothing"]),
        expect(NF)),
    Row("your council's catalogue", lambda w: reverse("services:catalogue-manage"), OFFICER_ONLY),
    *[Row(f"catalogue: {name}", lambda w, name=name: reverse(f"services:catalogue-{name}",
                                                             args=[officer_council(w).pk]), OFFICER_ONLY)
      for name in ("add", "import", "import-template", "export")],
    Row("change a published service", lambda w: _service_path("catalogue-edit", service_of_officer(w)),
        OFFICER_ONLY),
    Row("change a hidden service",
        lambda w: _service_path("catalogue-edit", service_of_officer(w, published=False)), OFFICER_ONLY),
]

API = [
    Row("public services (API)", lambda w: "/api/v1/services/", public()),
    Row("a published service (API)", lambda w: f"/api/v1/services/{service_of_officer(w).pk}/", public()),
    # The API is open data: hidden services are nobody's there, their own council's officers' included.
    Row("a hidden service (API)", lambda w: f"/api/v1/services/{service_of_officer(w, published=False).pk}/",
        expect(NF)),
]
