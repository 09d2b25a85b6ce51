"""Pages for the open-data feed: what it holds, where it lives and the licence it is published under."""

from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from ..selectors.opendata import CONFORMS_TO, LICENCE, opendata_extension_skills, published_needs


@require_safe
def opendata_page(request):
    return render(request, "volunteers/opendata/page.html", {
        "feed_url": request.build_absolute_uri(reverse("api:volunteers-opendata-feed")),
        "licence_url": LICENCE,
        "standard_url": CONFORMS_TO,
        "published_count": published_needs().count(),
        "extension_skills": opendata_extension_skills(),
    })


urlpatterns = [
    path("open-data/", opendata_page, name="opendata-page"),
]
