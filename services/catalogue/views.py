"""Pages of the service catalogue: the public catalogue and each service's page, and the officers' own catalogue
with adding, changing, importing and exporting services."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import get_object_or_404_for, permission_required_or_404
from covenant.organisations.models import Organisation
from covenant.places.models import Ward

from . import selectors
from .forms import CatalogueFilterForm, ImportForm, ServiceForm
from .models import Involvement, Service
from .services import CSV_COLUMNS, service_create, service_update, services_import

PAGE_SIZE = 25


def service_url(service: Service) -> str:
    return reverse("services:catalogue-service", kwargs={"council": selectors.council_key(service.owner),
                                                         "reference": service.reference})


def _posted(request):
    return request.POST if request.method == "POST" else None


# Public pages ---------------------------------------------------------------------------------------------------

def catalogue(request):
    """Every published service, searched by words and filtered by council, involvement, delivery and contract end."""
    councils = list(selectors.catalogue_councils())
    form = CatalogueFilterForm(request.GET or None,
                               councils=[(selectors.council_key(c), c.name) for c in councils])
    services = selectors.published_services()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        by_key = {selectors.council_key(c): c for c in councils}
        services = selectors.services_filter(
            services, text=data["q"], council=by_key.get(data["council"]), involvement=data["involvement"],
            delivery=data["delivery"], ending_within=data["ending_within"], today=timezone.localdate())
    elif form.is_bound:
        services = services.none()
    page = Paginator(services.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "services/catalogue/list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "can_manage": request.user.has_perm("services_catalogue.manage_catalogue"),
    })


def service_detail(request, council, reference):
    """A service's page: who runs it, its budget and contract, how to get involved, and the other parts' links."""
    service = selectors.service_by_address(council, reference)
    if service is None or not request.user.has_perm("services_catalogue.view_service", service):
        raise Http404
    involvement = [Involvement(value).label for value in service.involvement if value in Involvement.values]
    links: dict[str, list] = {}
    for link in selectors.service_links(service, request.user):
        links.setdefault(link.group, []).append(link)
    return render(request, "services/catalogue/service.html", {
        "service": service, "involvement": involvement, "links": links, "wards": list(service.wards.all()),
        "can_change": request.user.has_perm("services_catalogue.change_service", service),
        "today": timezone.localdate(),
    })


# The officers' catalogue ----------------------------------------------------------------------------------------

def _organisation(request, pk) -> Organisation:
    """A council whose catalogue the officer manages; the same 404 for missing and forbidden."""
    return get_object_or_404_for(request.user, "services_catalogue.add_service", Organisation, pk=pk)


def _service(request, council, reference) -> Service:
    service = selectors.service_by_address(council, reference)
    if service is None or not request.user.has_perm("services_catalogue.change_service", service):
        raise Http404
    return service


@staff_area
@permission_required_or_404("services_catalogue.manage_catalogue")
def manage(request):
    """The catalogues of every council the officer manages, unpublished services too."""
    catalogues = [(organisation, selectors.services_of(organisation).order_by("name", "pk"))
                  for organisation in selectors.managed_organisations(request.user)]
    return render(request, "services/catalogue/manage.html", {"catalogues": catalogues})


def _wards_of(organisation: Organisation):
    from .services import local_authority_of

    local_authority = local_authority_of(organisation)
    return list(Ward.objects.filter(local_authority=local_authority).order_by("name", "code")) \
        if local_authority is not None else []


@staff_area
def service_add(request, pk):
    organisation = _organisation(request, pk)
    form = ServiceForm(_posted(request), wards=_wards_of(organisation), button=_("Add the service"),
                       initial={"delivery": "in_house", "is_published": "yes"})
    if request.method == "POST" and form.is_valid():
        try:
            service = service_create(actor=request.user, owner=organisation, **form.service_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s is in your catalogue") % {"name": service.name})
            return redirect(service_url(service))
    return render(request, "services/catalogue/form.html", {
        "form": form, "organisation": organisation, "title": _("Add a service"),
        "back_url": reverse("services:catalogue-manage")})


@staff_area
def service_edit(request, council, reference):
    service = _service(request, council, reference)
    initial = {field: getattr(service, field) for field in (
        "reference", "name", "description", "who_it_serves", "annual_budget", "delivery", "provider",
        "contract_ends_on", "involvement", "involvement_notes")}
    initial.update(wards=[w.code for w in service.wards.all()], is_published="yes" if service.is_published else "no",
                   annual_budget="" if service.annual_budget is None else f"{service.annual_budget:f}")
    form = ServiceForm(_posted(request), wards=_wards_of(service.owner), button=_("Save the service"),
                       initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service = service_update(actor=request.user, service=service, **form.service_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The changes to %(name)s are saved") % {"name": service.name})
            return redirect(service_url(service))
    return render(request, "services/catalogue/form.html", {
        "form": form, "organisation": service.owner, "service": service, "title": _("Change the service"),
        "back_url": service_url(service)})


@staff_area
def catalogue_import(request, pk):
    """Importing a council's catalogue from CSV: all the lines or none, each problem named by its line."""
    organisation = _organisation(request, pk)
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = services_import(actor=request.user, owner=organisation, text=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(created)s services added and %(updated)s changed") % {
                "created": counts["created"], "updated": counts["updated"]})
            return redirect(reverse("services:catalogue-manage"))
    return render(request, "services/catalogue/import.html", {
        "form": form, "organisation": organisation, "columns": CSV_COLUMNS,
        "involvement": Involvement.choices})


def _csv_response(filename: str) -> tuple[HttpResponse, object]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte order mark so spreadsheet programs read the file as UTF-8.
    response.write("\ufeff")
    return response, csv.writer(response)


@staff_area
def import_template(request, pk):
    """A CSV file with the columns and one example line, to fill in and import."""
    organisation = _organisation(request, pk)
    response, writer = _csv_response(f"services-template-{selectors.council_key(organisation).lower()}.csv")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(selectors.CSV_TEMPLATE_ROWS)
    return response


@staff_area
def catalogue_export(request, pk):
    """The council's whole catalogue, in the columns the import reads, so it can be changed and imported again."""
    organisation = _organisation(request, pk)
    response, writer = _csv_response(f"services-{selectors.council_key(organisation).lower()}.csv")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(selectors.catalogue_csv_rows(organisation))
    return response
