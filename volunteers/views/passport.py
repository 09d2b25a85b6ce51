"""Pages of the passport profile: the "Complete your passport" task list, question pages, check answers, summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from covenant.core.permissions import get_object_or_404_for
from volunteers.forms.passport import (
    AboutYouForm,
    AccessNeedsForm,
    CausesForm,
    ExceptionForm,
    LanguagesForm,
    SkillLevelsForm,
    SkillsForm,
    TravelForm,
    WindowForm,
    apply_errors,
)
from volunteers.models import AvailabilityException, AvailabilityWindow, SkillLevel, Transport
from volunteers.selectors import passport as selectors
from volunteers.services import passport as services

VIEW = "volunteers.view_passport_profile"
CHANGE = "volunteers.change_passport_profile"

# The profile sections, in the order the task list shows them: key, title, the page that asks the questions.
SECTIONS = [
    ("about_you", gettext_lazy("About you"), "volunteers:passport-about-you"),
    ("skills", gettext_lazy("Skills"), "volunteers:passport-skills"),
    ("causes", gettext_lazy("Causes you care about"), "volunteers:passport-causes"),
    ("availability", gettext_lazy("When you are free"), "volunteers:passport-availability"),
    ("travel", gettext_lazy("Travel and transport"), "volunteers:passport-travel"),
    ("access_needs", gettext_lazy("Access needs"), "volunteers:passport-access-needs"),
    ("languages", gettext_lazy("Languages"), "volunteers:passport-languages"),
]
SECTION_TITLES = {key: title for key, title, _url in SECTIONS}

# Other parts of the passport, listed only once their pages exist: title, URL names to try, what to count.
OTHER_SECTIONS = [
    (gettext_lazy("Checks, training and qualifications"), ("volunteers:credentials-list", "volunteers:credentials"),
     "credentials"),
    (gettext_lazy("References"), ("volunteers:references-list",), "references"),
    (gettext_lazy("Volunteering history"), ("volunteers:history-page",), "hours"),
    (gettext_lazy("Who you share your passport with"), ("volunteers:sharing-list",), "shares"),
    (gettext_lazy("Who has seen your passport"), ("volunteers:sharing-access-log",), None),
    (gettext_lazy("Your verifiable credential"), ("volunteers:issuing-list", "volunteers:issuing"), "issued"),
]

STATUS_LABELS = {
    "completed": gettext_lazy("Completed"),
    "in_progress": gettext_lazy("In progress"),
    "not_started": gettext_lazy("Not yet started"),
    "optional": gettext_lazy("Optional"),
}


def _first_url(names) -> str | None:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _own_passport(request, *, create: bool = False):
    """The signed-in person's passport (started if `create`), or None if they have none yet."""
    if not request.user.has_perm("volunteers.start_passport"):
        raise Http404
    if create:
        services.passport_get_or_create(holder=request.user)
    passport = selectors.passport_profile(request.user)
    if passport is not None and not request.user.has_perm(CHANGE, passport):
        raise Http404
    return passport


def _check_url(section: str) -> str:
    return reverse("volunteers:passport-check", args=[section])


def _render_form(request, template: str, form, **context):
    return render(request, f"volunteers/passport/{template}", {"form": form, **context})


def _summary_context(passport) -> dict:
    return {
        "passport": passport,
        "person": passport.holder if passport else None,
        "travel_miles": services.km_to_miles(passport.max_travel_km) if passport else None,
        "language_names": [services.language_codes().get(code, code) for code in passport.languages]
        if passport else [],
        "transport_labels": [Transport(value).label for value in passport.transport] if passport else [],
        "sections": [(key, title) for key, title, _url in SECTIONS],
        "today": timezone.localdate(),
    }


@login_required
@require_http_methods(["GET"])
def tasks(request):
    passport = _own_passport(request)
    statuses = selectors.profile_tasks(passport)
    rows = [
        {"key": key, "title": title, "url": reverse(url), "status": statuses[key],
         "status_label": STATUS_LABELS[statuses[key]]}
        for key, title, url in SECTIONS
    ]
    others = []
    for title, names, related in OTHER_SECTIONS:
        url = _first_url(names)
        if url is None:
            continue
        count = getattr(passport, related).count() if passport is not None and related else None
        others.append({"title": title, "url": url, "count": count})
    done = sum(1 for row in rows if row["status"] in ("completed", "optional"))
    return render(
        request, "volunteers/passport/tasks.html",
        {"rows": rows, "others": others, "done": done, "total": len(rows), "passport": passport},
    )


@login_required
@require_http_methods(["GET"])
def summary(request):
    passport = _own_passport(request)
    return render(request, "volunteers/passport/summary.html", _summary_context(passport))


@login_required
@require_http_methods(["GET"])
def check(request, section: str):
    if section not in SECTION_TITLES:
        raise Http404
    passport = _own_passport(request)
    return render(
        request, "volunteers/passport/check.html",
        {**_summary_context(passport), "section": section, "section_title": SECTION_TITLES[section]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def about_you(request):
    passport = _own_passport(request)
    if request.method == "POST":
        form = AboutYouForm(request.POST)
        if form.is_valid():
            passport = _own_passport(request, create=True)
            try:
                services.passport_update_profile(actor=request.user, passport=passport, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(_check_url("about_you"))
    else:
        form = AboutYouForm(initial={
            "second_base_label": getattr(passport, "second_base_label", ""),
            "second_base_postcode": getattr(passport, "second_base_postcode", ""),
        })
    return _render_form(request, "about_you.html", form, person=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def skills(request):
    passport = _own_passport(request)
    groups = selectors.skill_groups()
    current = {item.skill.slug: item.level for item in passport.skills.all()} if passport else {}
    if request.method == "POST":
        form = SkillsForm(request.POST, groups=groups)
        if form.is_valid():
            passport = _own_passport(request, create=True)
            chosen = form.chosen()
            levels = {skill: current.get(skill.slug, SkillLevel.COMPETENT) for skill in chosen}
            try:
                services.passport_set_skills(actor=request.user, passport=passport, levels=levels)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if chosen:
                    return redirect("volunteers:passport-skill-levels")
                return redirect(_check_url("skills"))
    else:
        initial = {}
        for index, (_group, group_skills) in enumerate(groups):
            initial[f"group_{index}"] = [skill.slug for skill in group_skills if skill.slug in current]
        form = SkillsForm(initial=initial, groups=groups)
    return _render_form(request, "skills.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def skill_levels(request):
    passport = _own_passport(request)
    items = list(passport.skills.all()) if passport else []
    if not items:
        messages.info(request, _("Choose your skills first"))
        return redirect("volunteers:passport-skills")
    chosen = [item.skill for item in items]
    if request.method == "POST":
        form = SkillLevelsForm(request.POST, skills=chosen)
        if form.is_valid():
            try:
                services.passport_set_skills(actor=request.user, passport=passport, levels=form.levels())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(_check_url("skills"))
    else:
        form = SkillLevelsForm(initial={f"level_{item.skill.slug}": item.level for item in items}, skills=chosen)
    return _render_form(request, "skill_levels.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def causes(request):
    passport = _own_passport(request)
    choices = list(selectors.active_causes())
    if request.method == "POST":
        form = CausesForm(request.POST, causes=choices)
        if form.is_valid():
            passport = _own_passport(request, create=True)
            try:
                services.passport_set_causes(actor=request.user, passport=passport, causes=form.chosen())
            except ValidationError as error:
                apply_errors(form, error, "causes")
            else:
                return redirect(_check_url("causes"))
    else:
        initial = [cause.slug for cause in passport.causes.all()] if passport else []
        form = CausesForm(initial={"causes": initial}, causes=choices)
    return _render_form(request, "causes.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    passport = _own_passport(request)
    windows = list(passport.availability.all()) if passport else []
    if request.method == "POST":
        form = WindowForm(request.POST, existing=windows)
        if form.is_valid():
            passport = _own_passport(request, create=True)
            try:
                services.passport_set_availability(
                    actor=request.user, passport=passport,
                    windows=[*form.existing, form.cleaned_data["window"]],
                )
            except ValidationError as error:
                apply_errors(form, error, "starts_at")
            else:
                messages.success(request, _("Time added"))
                return redirect("volunteers:passport-availability")
    else:
        form = WindowForm(existing=windows)
    today = timezone.localdate()
    away = [item for item in passport.unavailable.all() if item.ends_on >= today] if passport else []
    return _render_form(request, "availability.html", form, windows=windows, away=away)


@login_required
@require_POST
def availability_remove(request, pk: int):
    window = get_object_or_404_for(
        request.user, CHANGE, AvailabilityWindow.objects.select_related("passport"), pk=pk
    )
    passport = window.passport
    remaining = [
        services.Window(w.weekday, w.starts_at, w.ends_at) for w in passport.availability.exclude(pk=window.pk)
    ]
    services.passport_set_availability(actor=request.user, passport=passport, windows=remaining)
    messages.success(request, _("Time removed"))
    return redirect("volunteers:passport-availability")


@login_required
@require_http_methods(["GET", "POST"])
def away(request):
    _own_passport(request)
    if request.method == "POST":
        form = ExceptionForm(request.POST)
        if form.is_valid():
            passport = _own_passport(request, create=True)
            try:
                services.passport_add_exception(
                    actor=request.user, passport=passport, starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["ends_on"], reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                apply_errors(form, error, "ends_on")
            else:
                messages.success(request, _("Dates added"))
                return redirect("volunteers:passport-availability")
    else:
        form = ExceptionForm()
    return _render_form(request, "away.html", form)


@login_required
@require_POST
def away_remove(request, pk: int):
    exception = get_object_or_404_for(
        request.user, CHANGE, AvailabilityException.objects.select_related("passport"), pk=pk
    )
    services.passport_remove_exception(actor=request.user, exception=exception)
    messages.success(request, _("Dates removed"))
    return redirect("volunteers:passport-availability")


@login_required
@require_http_methods(["GET", "POST"])
def travel(request):
    passport = _own_passport(request)
    if request.method == "POST":
        form = TravelForm(request.POST)
        if form.is_valid():
            passport = _own_passport(request, create=True)
            try:
                services.passport_update_profile(actor=request.user, passport=passport, **form.changes())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(_check_url("travel"))
    else:
        form = TravelForm(initial=TravelForm.initial_for(passport) if passport else None)
    return _render_form(request, "travel.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def access_needs(request):
    passport = _own_passport(request)
    if request.method == "POST":
        form = AccessNeedsForm(request.POST)
        if form.is_valid():
            passport = _own_passport(request, create=True)
            services.passport_update_profile(actor=request.user, passport=passport, **form.cleaned_data)
            return redirect(_check_url("access_needs"))
    else:
        form = AccessNeedsForm(initial={
            "accessibility_needs": getattr(passport, "accessibility_needs", ""),
            "adjustments": getattr(passport, "adjustments", ""),
        })
    return _render_form(request, "access_needs.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def languages(request):
    passport = _own_passport(request)
    if request.method == "POST":
        form = LanguagesForm(request.POST)
        if form.is_valid():
            passport = _own_passport(request, create=True)
            try:
                services.passport_update_profile(
                    actor=request.user, passport=passport, languages=form.cleaned_data["languages"]
                )
            except ValidationError as error:
                apply_errors(form, error, "languages")
            else:
                return redirect(_check_url("languages"))
    else:
        form = LanguagesForm(initial={"languages": passport.languages if passport else []})
    return _render_form(request, "languages.html", form)


urlpatterns = [
    path("passport/", tasks, name="passport-tasks"),
    path("passport/summary/", summary, name="passport-summary"),
    path("passport/check/<slug:section>/", check, name="passport-check"),
    path("passport/about-you/", about_you, name="passport-about-you"),
    path("passport/skills/", skills, name="passport-skills"),
    path("passport/skills/levels/", skill_levels, name="passport-skill-levels"),
    path("passport/causes/", causes, name="passport-causes"),
    path("passport/availability/", availability, name="passport-availability"),
    path("passport/availability/<int:pk>/remove/", availability_remove, name="passport-availability-remove"),
    path("passport/availability/away/", away, name="passport-away"),
    path("passport/availability/away/<int:pk>/remove/", away_remove, name="passport-away-remove"),
    path("passport/travel/", travel, name="passport-travel"),
    path("passport/access-needs/", access_needs, name="passport-access-needs"),
    path("passport/languages/", languages, name="passport-languages"),
]
