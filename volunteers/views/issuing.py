"""Pages for issued credentials: issue, download, show as a QR code, withdraw, and the public checks."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from covenant.core.permissions import get_object_or_404_for

from ..forms.issuing import CheckForm, IssueForm, RevokeForm
from ..selectors import issuing as selectors
from ..selectors.passport import passport_of
from ..services.issuing import issued_credential_issue, issued_credential_revoke
from ..services.sharing import passport_view_record


def _posted(request):
    """The submitted data, or None for a GET: an empty submission must still be checked, not shown afresh."""
    return request.POST if request.method == "POST" else None


def _own(request, pk, perm: str):
    return get_object_or_404_for(request.user, perm, selectors.issued_queryset(), pk=pk)


def _log_public_view(request, issued, *, channel: str) -> None:
    """Someone other than the holder saw the checks in this credential: it goes in the holder's access log."""
    passport_view_record(viewer=request.user if request.user.is_authenticated else None, organisation=None,
                         passport=issued.passport, sections=selectors.issued_sections(issued), channel=channel)


@login_required
def issued_list(request):
    issued = list(selectors.issued_credentials_of(request.user))
    now = timezone.now()
    rows = [(item, selectors.issued_status(item, now=now)) for item in issued]
    return render(request, "volunteers/issuing/list.html", {"rows": rows})


@login_required
def issue(request):
    passport = passport_of(request.user)
    if passport is not None and not request.user.has_perm("volunteers.issue_credential", passport):
        raise Http404
    issuable = selectors.issuable_credentials(passport, on=timezone.localdate())
    form = IssueForm(_posted(request), passport=passport, issuable=issuable)
    if request.method == "POST" and form.is_valid():
        try:
            issued = issued_credential_issue(actor=request.user, passport=passport,
                                             credentials=form.cleaned_data["credentials"])
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("Your credential has been issued"))
            return redirect("volunteers:issuing-detail", pk=issued.pk)
    needs_name = not request.user.full_name.strip()
    return render(request, "volunteers/issuing/issue.html",
                  {"form": form, "issuable": issuable, "needs_name": needs_name})


@login_required
def detail(request, pk):
    issued = _own(request, pk, "volunteers.view_issued_credential")
    url = selectors.issued_public_url(issued)
    return render(request, "volunteers/issuing/detail.html", {
        "issued": issued, "state": selectors.issued_status(issued), "public_url": url,
        # The SVG is made here from our own URL alone, never from user input, so it is safe to inline.
        "qr_svg": mark_safe(selectors.qr_svg(url)),  # noqa: S308
        "claims": selectors.claims_for_display(issued.document),
    })


@login_required
def download(request, pk):
    issued = _own(request, pk, "volunteers.view_issued_credential")
    response = HttpResponse(json.dumps(issued.document, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="covenant-credential-{issued.pk}.json"'
    return response


@login_required
def qr(request, pk):
    issued = _own(request, pk, "volunteers.view_issued_credential")
    response = HttpResponse(selectors.qr_svg(selectors.issued_public_url(issued)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="covenant-credential-{issued.pk}.svg"'
    return response


@login_required
def revoke(request, pk):
    issued = _own(request, pk, "volunteers.revoke_issued_credential")
    form = RevokeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            issued_credential_revoke(actor=request.user, issued=issued, reason=form.cleaned_data["reason"])
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("You have withdrawn the credential. Its page now says it is revoked."))
            return redirect("volunteers:issuing-detail", pk=issued.pk)
    return render(request, "volunteers/issuing/revoke.html", {"issued": issued, "form": form})


@require_GET
def public(request, pk):
    """What a QR code opens: anyone may see whether the credential is valid, and what it includes."""
    issued = selectors.issued_credential(pk)
    if issued is None:
        raise Http404
    _log_public_view(request, issued, channel="page")
    return render(request, "volunteers/issuing/public.html", {
        "issued": issued, "state": selectors.issued_status(issued),
        "document": issued.document, "subject": issued.document.get("credentialSubject", {}),
        "claims": selectors.claims_for_display(issued.document),
    })


def check(request):
    """Anyone pastes or uploads a credential; its signature is checked against the published key."""
    form = CheckForm(_posted(request), request.FILES if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = selectors.document_verify(form.cleaned_data["parsed"])
        if result.issued is not None:
            _log_public_view(request, result.issued, channel="page")
    return render(request, "volunteers/issuing/check.html", {
        "form": form, "result": result,
        "subject": result.document.get("credentialSubject", {}) if result and result.verified else {},
        "claims": selectors.claims_for_display(result.document) if result and result.verified else [],
    })


@require_GET
def did_document(request):
    """The did:web document naming every key that has signed a credential, for verifiers to fetch."""
    response = JsonResponse(selectors.did_document(), content_type="application/did+json")
    # Verifiers running in a browser on another site must be able to read the public keys.
    response["Access-Control-Allow-Origin"] = "*"
    return response


urlpatterns = [
    path("credentials/issued/", issued_list, name="issuing-list"),
    path("credentials/issue/", issue, name="issuing-issue"),
    path("credentials/check/", check, name="issuing-check"),
    path("credentials/<uuid:pk>/", public, name="issuing-public"),
    path("credentials/<uuid:pk>/manage/", detail, name="issuing-detail"),
    path("credentials/<uuid:pk>/download/", download, name="issuing-download"),
    path("credentials/<uuid:pk>/qr.svg", qr, name="issuing-qr"),
    path("credentials/<uuid:pk>/revoke/", revoke, name="issuing-revoke"),
]
