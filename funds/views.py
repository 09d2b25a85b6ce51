"""Public pages of community funds: every award as 360Giving open data, as JSON and as CSV, at stable URLs."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from . import open_data

# Shared caches may keep a copy for a few minutes; the files are rebuilt whenever an award changes.
CACHE_CONTROL = "public, max-age=300"


@require_GET
def grants_json(request):
    response = HttpResponse(open_data.package_json(), content_type="application/json; charset=utf-8")
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def grants_csv(request):
    response = HttpResponse(open_data.grants_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="360giving.csv"'
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    return response
