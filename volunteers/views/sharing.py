"""Pages for sharing a passport: the holder's shares and access log, and an organisation's view of shared passports."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from covenant.core.permissions import get_object_or_404_for, permission_required_or_404
from covenant.organisations.models import Organisation
from covenant.organisations.selectors import verified_organisations

from ..forms.sharing import OrganisationSearchForm, RevokeForm, ShareConfirmForm, ShareForm
from ..models import Section, Share
from ..permissions.sharing import PASSPORT_READER_ROLES
from ..selectors import sharing as selectors
from ..selectors.passport import passport_of
from ..services import sharing as services
from ..services.passport import km_to_miles, language_codes, passport_get_or_create

ACCESS_LOG_PAGE_SIZE = 25
# The answers to "share your passport" between the question page and check-your-answers.
DRAFT = "volunteers-share-draft"
SEARCH_LIMIT = 20


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
@permission_required_or_404("volunteers.share_passport")
def shares(request):
    passport = passport_of(request.user)
    labels = dict(Section.choices)
    current = list(selectors.current_shares_of(passport))
    for share in current:
        share.section_labels = [labels[section] for section in Section.values if section in share.sections]
    return render(request, "volunteers/sharing/shares.html", {
        "current": current,
        "past": selectors.past_shares_of(passport)[:20],
    })


@login_required
@permission_required_or_404("volunteers.share_passport")
def search(request):
    form = OrganisationSearchForm(request.GET if "q" in request.GET else None)
    results = None
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["q"].strip()
        results = list(verified_organisations(text=text)[:SEARCH_LIMIT])
        if not results:
            unverified = Organisation.objects.filter(name__icontains=text).exclude(
                pk__in=verified_organisations().values("pk")).order_by("name").first()
            if unverified is not None:
                form.add_error("q", _("%(name)s has not been verified yet, so you cannot share your passport "
                                      "with it. Choose a verified organisation") % {"name": unverified.name})
            else:
                form.add_error("q", _("No verified organisation matches ‘%(text)s’. Check the spelling or enter "
                                      "part of the name") % {"text": text})
    return render(request, "volunteers/sharing/search.html", {"form": form, "results": results})


def _organisation_or_404(organisation_pk) -> Organisation:
    try:
        return Organisation.objects.get(pk=organisation_pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def _not_verified(organisation: Organisation) -> str:
    return _("%(name)s has not been verified yet, so you cannot share your passport with it. "
             "Choose a verified organisation") % {"name": organisation.name}


def _already_sharing(user, organisation: Organisation) -> bool:
    return selectors.active_shares().filter(passport__holder=user, organisation=organisation).exists()


def _draft(request) -> dict | None:
    """The answers waiting for check-your-answers, checked again; None if missing, malformed or out of date."""
    draft = request.session.get(DRAFT)
    if not isinstance(draft, dict):
        return None
    organisation_pk, sections, expires_on = draft.get("organisation"), draft.get("sections"), draft.get("expires_on")
    if type(organisation_pk) is not int or not isinstance(sections, list) or not isinstance(expires_on, str):
        return None
    try:
        return {
            "organisation": organisation_pk,
            "sections": services.clean_sections(sections),
            "expires_on": services.clean_expires_on(datetime.date.fromisoformat(expires_on)),
        }
    except (TypeError, ValueError, ValidationError):
        return None


def _start_again(request, message: str = ""):
    request.session.pop(DRAFT, None)
    messages.error(request, message or _("We could not find your answers, or they are out of date, so nothing has "
                                         "been shared. Choose the organisation again to share your passport"))
    return redirect("volunteers:sharing-search")


@login_required
@permission_required_or_404("volunteers.share_passport")
def create(request, organisation_pk):
    organisation = _organisation_or_404(organisation_pk)
    # Answers given before (coming back from check-your-answers, or choosing another organisation) are kept.
    draft = _draft(request)
    initial = {"sections": draft["sections"], "expires_on": draft["expires_on"]} if draft else {}
    form = ShareForm(_posted(request), initial=initial, submit_label=_("Continue"))
    if not organisation.is_verified:
        # Said on the page itself, before anyone fills the form in.
        form.add_error(None, _not_verified(organisation))
    elif form.is_bound and form.is_valid():
        if _already_sharing(request.user, organisation):
            form.add_error(None, _("You already share your passport with %(name)s. Change that share instead")
                           % {"name": organisation.name})
        else:
            request.session[DRAFT] = {
                "organisation": organisation.pk, "sections": form.cleaned_data["sections"],
                "expires_on": form.cleaned_data["expires_on"].isoformat(),
            }
            return redirect("volunteers:sharing-check", organisation_pk=organisation.pk)
    return render(request, "volunteers/sharing/create.html", {"form": form, "organisation": organisation})


@login_required
@permission_required_or_404("volunteers.share_passport")
def check(request, organisation_pk):
    """Check your answers: nothing is shared until the person confirms here."""
    organisation = _organisation_or_404(organisation_pk)
    draft = _draft(request)
    if draft is None or draft["organisation"] != organisation.pk:
        return _start_again(request)
    if not organisation.is_verified:
        return _start_again(request, _not_verified(organisation))
    form = ShareConfirmForm(_posted(request))
    if form.is_bound and form.is_valid():
        try:
            services.share_create(actor=request.user, passport=passport_get_or_create(holder=request.user),
                                  organisation=organisation, sections=draft["sections"],
                                  expires_on=draft["expires_on"])
        except ValidationError as error:
            return _start_again(request, " ".join(error.messages))
        request.session.pop(DRAFT, None)
        messages.success(request, _("You are sharing your passport with %(name)s") % {"name": organisation.name})
        return redirect("volunteers:sharing-list")
    labels = dict(Section.choices)
    return render(request, "volunteers/sharing/check.html", {
        "form": form, "organisation": organisation, "expires_on": draft["expires_on"],
        "section_labels": [labels[section] for section in draft["sections"]],
    })


def _own_live_share(request, pk) -> Share:
    return get_object_or_404_for(request.user, "volunteers.change_share",
                                 Share.objects.select_related("passport", "organisation"), pk=pk)


@login_required
def change(request, pk):
    share = _own_live_share(request, pk)
    initial = {"sections": share.sections, "expires_on": share.expires_on}
    form = ShareForm(_posted(request), initial=initial, submit_label=_("Save changes"))
    if form.is_bound and form.is_valid():
        try:
            services.share_update(actor=request.user, share=share, sections=form.cleaned_data["sections"],
                                  expires_on=form.cleaned_data["expires_on"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your share with %(name)s has been changed") % {"name": share.organisation.name})
            return redirect("volunteers:sharing-list")
    return render(request, "volunteers/sharing/change.html", {"form": form, "share": share})


@login_required
def revoke(request, pk):
    share = _own_live_share(request, pk)
    form = RevokeForm(_posted(request))
    if form.is_bound and form.is_valid():
        services.share_revoke(actor=request.user, share=share)
        messages.success(request, _("You have stopped sharing your passport with %(name)s")
                         % {"name": share.organisation.name})
        return redirect("volunteers:sharing-list")
    return render(request, "volunteers/sharing/revoke.html", {"form": form, "share": share})


@login_required
@permission_required_or_404("volunteers.view_access_log")
def access_log(request):
    entries = selectors.access_log(passport_of(request.user))
    page = Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(Section.choices)
    for entry in page.object_list:
        entry.section_labels = [labels.get(section, section) for section in entry.sections]
    return render(request, "volunteers/sharing/access_log.html", {"page": page})


@login_required
def organisations(request):
    """The organisations the person reads shared passports for; with one, straight to its list."""
    choices = list(Organisation.objects.verified().filter(
        memberships__user=request.user, memberships__roles__role__in=PASSPORT_READER_ROLES,
    ).distinct().order_by("name", "id"))
    if not choices:
        raise Http404
    if len(choices) == 1:
        return redirect("volunteers:sharing-org-list", choices[0].pk)
    return render(request, "volunteers/sharing/organisations.html", {"organisations": choices})


@login_required
def organisation_list(request, organisation_pk):
    organisation = get_object_or_404_for(request.user, "volunteers.view_shared_passports", Organisation,
                                         pk=organisation_pk)
    return render(request, "volunteers/sharing/organisation_list.html", {
        "organisation": organisation, "rows": selectors.share_rows(organisation),
        "can_verify": request.user.has_perm("volunteers.verify_credentials_for", organisation),
    })


def shared_share_or_404(user, organisation_pk, passport_pk) -> Share:
    """The share in force that lets `user` see this passport for this organisation, or 404."""
    organisation = get_object_or_404_for(user, "volunteers.view_shared_passports", Organisation, pk=organisation_pk)
    try:
        passport_pk = int(passport_pk)
    except (TypeError, ValueError):
        raise Http404 from None
    share = (selectors.active_shares().filter(organisation=organisation, passport_id=passport_pk)
             .select_related("passport__holder", "organisation").order_by("-created_at").first())
    if share is None or not user.has_perm("volunteers.view_shared_passport", share):
        raise Http404
    return share


@login_required
def organisation_passport(request, organisation_pk, passport_pk):
    share = shared_share_or_404(request.user, organisation_pk, passport_pk)
    view = selectors.shared_passport(share)
    services.passport_view_record(viewer=request.user, organisation=share.organisation, passport=share.passport,
                                  sections=view["sections"], channel="page")
    labels = dict(Section.choices)
    credential_groups = [(labels[section], [_with_dates(item) for item in items])
                         for section, items in view.get("credentials", {}).items()]
    profile = view.get("profile")
    if profile:
        # The view holds codes and ISO dates for the API; people read language names and dates like 5 March 2026.
        names = language_codes()
        profile = {**profile, "away": [_with_dates(away) for away in profile["away"]],
                   "languages": [names.get(code, code) for code in profile["languages"]],
                   # The holder chose the distance in miles, so organisations read it in miles too.
                   "max_travel_miles": km_to_miles(profile["max_travel_km"])}
    return render(request, "volunteers/sharing/organisation_passport.html", {
        "organisation": share.organisation, "share": share, "view": view, "credential_groups": credential_groups,
        "profile": profile, "section_labels": [labels[section] for section in view["sections"]],
        "can_verify": request.user.has_perm("volunteers.verify_credentials_for", share.organisation),
    })


def _with_dates(item: dict) -> dict:
    """A copy of `item` whose ISO day strings are dates, for the template's date filter."""
    return {key: datetime.date.fromisoformat(value) if key in ("issued_on", "expires_on", "starts_on", "ends_on")
            and value else value for key, value in item.items()}


urlpatterns = [
    path("passport/sharing/", shares, name="sharing-list"),
    path("passport/sharing/new/", search, name="sharing-search"),
    path("passport/sharing/new/<int:organisation_pk>/", create, name="sharing-create"),
    path("passport/sharing/new/<int:organisation_pk>/check/", check, name="sharing-check"),
    path("passport/sharing/<int:pk>/change/", change, name="sharing-change"),
    path("passport/sharing/<int:pk>/stop/", revoke, name="sharing-revoke"),
    path("passport/access-log/", access_log, name="sharing-access-log"),
    path("shared-passports/", organisations, name="sharing-organisations"),
    path("shared-passports/<int:organisation_pk>/", organisation_list, name="sharing-org-list"),
    path("shared-passports/<int:organisation_pk>/<int:passport_pk>/", organisation_passport,
         name="sharing-org-passport"),
]
