"""Permission-matrix rows for the assets pages and API (see tests/test_permission_matrix.py).

The asset is nominated to the council of the matrix's council officer, who decides and records; the world's
organisation (a verified charity) nominates, through its administrator.
"""

from django.urls import reverse

from tests.matrix import FOLLOWS, LOGIN, NF, OK, Row, expect, public, signed_in


def _council(world):
    """The matrix council officer's council, given an area in the places core so it keeps a list."""
    from covenant.organisations.models import Role
    from tests.places.factories import LocalAuthorityFactory

    council = world.people["council_officer"].memberships.get(roles__role=Role.OFFICER).organisation
    LocalAuthorityFactory(code=council.ons_code, name=council.name)
    return council


def _asset(world, stage: str):
    """The world's charity's nomination at a stage: draft, nominated or listed (with the owner's notice)."""
    from services.assets import services
    from services.assets.models import Asset, NominatorKind
    from tests.services.assets.factories import ANSWERS, LATITUDE, LONGITUDE

    existing = getattr(world, f"asset_{stage}", None)
    if existing is not None:
        return existing
    admin, officer = world.people["org_admin"], world.people["council_officer"]
    asset = services.asset_start(actor=admin, council=_council(world))
    services.asset_set_nominator(actor=admin, asset=asset, kind=NominatorKind.ORGANISATION,
                                 organisation=world.organisation, local_connection=True)
    services.asset_update(actor=admin, asset=asset, **ANSWERS)
    services.asset_set_location(actor=admin, asset=asset, latitude=LATITUDE, longitude=LONGITUDE)
    if stage != "draft":
        services.asset_submit(actor=admin, asset=asset)
    if stage == "listed":
        from django.utils import timezone

        services.asset_decide(actor=officer, asset=asset, listed=True, reasons="A pub.")
        services.notice_record(actor=officer, asset=asset, notified_on=timezone.localdate())
    asset = Asset.objects.get(pk=asset.pk)
    setattr(world, f"asset_{stage}", asset)
    return asset


def _page(name, stage):
    return lambda w: reverse(f"services:asset-{name}", kwargs={"pk": _asset(w, stage).pk})


officers = expect(NF, anonymous=LOGIN, council_officer=OK)
the_nominator = expect(NF, anonymous=LOGIN, org_admin=OK)

PAGES = [
    Row("assets of community value", lambda w: reverse("services:asset-register"), public()),
    Row("unsuccessful nominations", lambda w: reverse("services:asset-unsuccessful"), public()),
    Row("assets of community value: CSV", lambda w: reverse("services:asset-export-csv"), public()),
    Row("assets of community value: JSON", lambda w: reverse("services:asset-export-json"), public()),
    Row("nominate an asset", lambda w: reverse("services:asset-start"), signed_in()),
    Row("your nominations", lambda w: reverse("services:asset-yours"), signed_in()),
    Row("assets: the council's queue", lambda w: reverse("services:asset-queue"), officers),
    Row("a nominated asset", _page("detail", "nominated"), public()),
    Row("a listed asset", _page("detail", "listed"), public()),
    Row("a draft nomination, publicly", _page("detail", "draft"), expect(NF, org_admin=FOLLOWS)),
    Row("a missing asset", lambda w: reverse("services:asset-detail", kwargs={"pk": 999999}), expect(NF)),
    *[Row(f"a draft nomination: {name}", _page(name, "draft"), the_nominator)
      for name in ("tasks", "nominator", "land", "location", "owner", "reasons", "check")],
    # An organisation names no members: the page is for groups of 21.
    Row("a draft nomination: members", _page("members", "draft"), expect(NF, anonymous=LOGIN)),
    Row("a listed asset: ask to bid", _page("bid", "listed"), signed_in()),
    Row("a nominated asset: ask to bid", _page("bid", "nominated"), expect(NF, anonymous=LOGIN)),
    Row("a nominated asset: the council's page", _page("council", "nominated"), officers),
    Row("a nominated asset: decide", _page("decide", "nominated"), officers),
    *[Row(f"a listed asset: {name}", _page(name, "listed"), officers)
      for name in ("council", "notice", "bid-record", "review-request")],
    # No review has been asked for, so there is none to decide.
    Row("a listed asset: decide a review", _page("review-decide", "listed"), officers),
    Row("a nominated asset: follow", _page("follow", "nominated"), expect(405, anonymous=LOGIN)),
]

API = [
    Row("assets of community value (API)", lambda w: "/api/v1/assets-of-community-value/", public()),
    Row("assets: the planning dataset (API)", lambda w: "/api/v1/assets-of-community-value/dataset/", public()),
    Row("a listed asset (API)", lambda w: f"/api/v1/assets-of-community-value/{_asset(w, 'listed').pk}/", public()),
    Row("a draft nomination (API)", lambda w: f"/api/v1/assets-of-community-value/{_asset(w, 'draft').pk}/",
        expect(NF)),
    Row("assets: the council's queue (API)", lambda w: "/api/v1/assets-of-community-value/queue/",
        expect(NF, council_officer=OK)),
    # Writing answers only POST (tests/services/assets/test_api.py covers who may).
    *[Row(f"a listed asset: {name} (API)",
          lambda w, name=name: f"/api/v1/assets-of-community-value/{_asset(w, 'listed').pk}/{name}/", expect(405))
      for name in ("decision", "notices", "bid-requests")],
]
