"""The real URL map plus a page at each domain section, as once their apps have pages."""

from django.http import HttpResponse
from django.urls import path

from covenant.urls import urlpatterns as real_patterns

SECTIONS = ["volunteering/", "parishes/", "services/", "funds/"]

urlpatterns = [path(section, lambda request: HttpResponse("section")) for section in SECTIONS] + real_patterns
