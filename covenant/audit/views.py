"""Audit log pages for platform staff: a filtered list and one entry's changes."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import permission_required_or_404

from .forms import AuditFilterForm
from .models import AuditEntry
from .selectors import audit_changes_rows, audit_entry_get, audit_entry_list

PAGE_SIZE = 50
FILTER_FIELDS = ("actor", "action", "target_type", "target_id", "date_from", "date_to")


@require_GET
@staff_area
@permission_required_or_404("audit.view_audit_log")
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # Filters that cannot be understood show the errors, never an unfiltered log.
        entries = AuditEntry.objects.none()
    else:
        entries = audit_entry_list(**form.filters()) if form.is_bound else audit_entry_list()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query = {key: value for key, value in query.items() if key in FILTER_FIELDS and value}
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "entries": page.object_list, "query": urlencode(query), "filtered": bool(query)},
    )


@require_GET
@staff_area
@permission_required_or_404("audit.view_audit_log")
def audit_detail(request, pk: int):
    try:
        entry = audit_entry_get(pk=pk)
    except AuditEntry.DoesNotExist:
        raise Http404 from None
    return render(request, "audit/detail.html", {"entry": entry, "rows": audit_changes_rows(entry)})
