"""Pages of a person's own account: profile, data download, account deletion and API access."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from covenant.core.cookies import remember_settings, set_language_cookie

from . import services
from .decorators import staff_area
from .forms import DeleteAccountForm, ProfileForm
from .selectors import user_api_token, user_has_mfa, user_requires_mfa


def _own_account(request, perm: str):
    """The signed-in person, if they may do `perm` to their own account; otherwise 404."""
    if not request.user.has_perm(perm, request.user):
        raise Http404
    return request.user


def _with_language_cookie(request, response, language: str):
    """LocaleMiddleware reads this cookie; it lasts a year only if the person allowed that cookie."""
    set_language_cookie(response, language=language, remember=bool(remember_settings(request)), request=request)
    return response


@login_required
def profile(request):
    user = _own_account(request, "accounts.view_profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "person": user,
            "has_mfa": user_has_mfa(user),
            "requires_mfa": user_requires_mfa(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_change(request):
    user = _own_account(request, "accounts.change_profile")
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                user = services.user_update_profile(actor=request.user, user=user, **form.profile_changes())
            except ValidationError as error:
                # The service re-checks invariants; show anything it finds on the form.
                form.add_error(None, error)
            else:
                translation.activate(user.language)
                messages.success(request, _("Your details have been saved"))
                return _with_language_cookie(request, redirect("accounts:profile"), user.language)
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(user))
    return render(request, "accounts/profile_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def download_data(request):
    user = _own_account(request, "accounts.export_data")
    if request.method == "POST":
        data = services.user_export_data(actor=request.user, user=user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        filename = f"covenant-your-data-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/download_data.html")


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = _own_account(request, "accounts.delete_account")
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=user)
        if form.is_valid():
            services.user_delete_account(actor=request.user, user=user)
            logout(request)
            return redirect("accounts:deleted")
    else:
        form = DeleteAccountForm(user=user)
    return render(request, "accounts/delete_account.html", {"form": form})


def account_deleted(request):
    return render(request, "accounts/deleted.html")


# API tokens skip the second factor at each request, so official roles must enrol in MFA before
# they can create one: @staff_area sends them to enrol first.
@staff_area
@require_http_methods(["GET"])
def api_access(request):
    user = _own_account(request, "accounts.manage_api_token")
    return render(request, "accounts/api_access.html", {"token": user_api_token(user)})


@staff_area
@require_POST
def api_token_create(request):
    user = _own_account(request, "accounts.manage_api_token")
    token = services.api_token_create(actor=request.user, user=user)
    # Shown once, in the response to the POST, so the key never sits in a URL or the session.
    response = render(request, "accounts/api_token_created.html", {"token": token})
    response["Cache-Control"] = "no-store"
    return response


@staff_area
@require_POST
def api_token_revoke(request):
    user = _own_account(request, "accounts.manage_api_token")
    if services.api_token_revoke(actor=request.user, user=user):
        messages.success(request, _("Your API token has been revoked. It can no longer be used"))
    else:
        messages.info(request, _("You did not have an API token"))
    return redirect("accounts:api_access")
