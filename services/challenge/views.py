"""Pages of the Community Right to Challenge: the public list and each challenge's page, the body's task list
from start to submission, and the council's queue, windows, modifications and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import get_object_or_404_for, permission_required_or_404
from services.catalogue.models import Service
from services.catalogue.selectors import managed_organisations
from services.following import follow_add, follow_remove, is_following

from . import eligibility, selectors, services
from .forms import (
    AcceptForm,
    AnswersForm,
    BodyForm,
    ModificationAnswerForm,
    ModificationRequestForm,
    RejectForm,
    StartForm,
    WindowForm,
)
from .models import Challenge, Window

# The task list's question pages: the address's section and the answers it asks for.
SECTIONS = {
    "finances": ("finances",),
    "capability": ("capability",),
    "value": ("social_value", "economic_value", "environmental_value"),
    "users-needs": ("users_needs",),
}
SECTION_TITLES = {"finances": gettext_lazy("Finances"), "capability": gettext_lazy("Capability"),
                  "value": gettext_lazy("Social, economic and environmental value"),
                  "users-needs": gettext_lazy("Users' needs")}
# Where each of the submission's error keys is fixed.
FIX_ON = {"body": "body", "finances": "finances", "capability": "capability", "social_value": "value",
          "economic_value": "value", "environmental_value": "value", "users_needs": "users-needs"}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _challenge(request, pk, perm: str) -> Challenge:
    """The expression of interest if the person may `perm` it; the same 404 for missing and forbidden."""
    return get_object_or_404_for(request.user, perm, selectors._with_related(Challenge.objects.all()), pk=pk)


def _public_url(challenge: Challenge) -> str:
    return reverse("services:challenge-detail", kwargs={"pk": challenge.pk})


def _tasks_url(challenge: Challenge) -> str:
    return reverse("services:challenge-tasks", kwargs={"pk": challenge.pk})


def _review_url(challenge: Challenge) -> str:
    return reverse("services:challenge-review", kwargs={"pk": challenge.pk})


def _tasks(challenge: Challenge, state: selectors.DraftState) -> list[dict]:
    tasks = [{"key": "body", "title": _("Who is expressing an interest"), "done": state.body_done,
              "url": reverse("services:challenge-body", kwargs={"pk": challenge.pk})}]
    for section, names in SECTIONS.items():
        tasks.append({"key": section, "title": str(SECTION_TITLES[section]),
                      "done": not any(name in state.missing for name in names),
                      "url": reverse("services:challenge-answers", kwargs={"pk": challenge.pk, "section": section})})
    return tasks


def _answers(challenge: Challenge) -> list[dict]:
    """The expression of interest's answers with their questions, for checking and for the council."""
    return [{"section": section, "name": name, "label": str(AnswersForm.QUESTIONS[name][0]),
             "value": getattr(challenge, name)} for section, names in SECTIONS.items() for name in names]


def _fix_url(challenge: Challenge, key: str) -> str:
    section = FIX_ON.get(key)
    if section is None:
        return ""
    if section == "body":
        return reverse("services:challenge-body", kwargs={"pk": challenge.pk})
    return reverse("services:challenge-answers", kwargs={"pk": challenge.pk, "section": section})


# Public pages ---------------------------------------------------------------------------------------------------

def challenge_list(request):
    """Services open to the Right to Challenge with their windows, and every expression of interest received."""
    today = timezone.localdate()
    services_open = selectors.services_open_to_challenge()
    windows = selectors.windows_now(services_open, today=today)
    open_services = [{"service": service, "window": windows[service.pk].current, "next": windows[service.pk].next,
                      "has_windows": windows[service.pk].any} for service in services_open]
    challenges = [{"challenge": c, "body": selectors.body_name(c), "deadline": selectors.deadline(c, today=today)}
                  for c in selectors.public_challenges()]
    return render(request, "services/challenge/list.html", {
        "services": open_services, "challenges": challenges,
        "can_start": request.user.has_perm("services_challenge.add_challenge"),
        "is_officer": request.user.has_perm("services_challenge.view_queue"),
    })


def challenge_detail(request, pk):
    """A challenge's public page: the body, service, status, dates and decision (never its finances)."""
    challenge = _challenge(request, pk, "services_challenge.view_challenge")
    if challenge.is_draft:
        return redirect(_tasks_url(challenge))
    return render(request, "services/challenge/detail.html", {
        "challenge": challenge, "body": selectors.body_name(challenge),
        "deadline": selectors.deadline(challenge), "steps": selectors.timeline(challenge),
        "following": is_following(request.user, challenge),
        "speaks_for": selectors.speaks_for(request.user, challenge),
        "can_answer": request.user.has_perm("services_challenge.answer_modification", challenge),
        "can_review": request.user.has_perm("services_challenge.review_challenge", challenge),
    })


@login_required
@require_POST
def challenge_follow(request, pk):
    challenge = _challenge(request, pk, "services_challenge.view_challenge")
    if challenge.is_draft:
        raise Http404
    if is_following(request.user, challenge):
        follow_remove(actor=request.user, target=challenge)
        messages.success(request, _("You no longer follow this expression of interest"))
    else:
        follow_add(actor=request.user, target=challenge)
        messages.success(request, _("You follow this expression of interest. We will tell you when it moves on"))
    return redirect(_public_url(challenge))


# The body's pages -----------------------------------------------------------------------------------------------

@login_required
@permission_required_or_404("services_challenge.add_challenge")
def challenge_start(request):
    open_services = selectors.services_open_to_challenge()
    form = StartForm(_posted(request), services=open_services)
    if request.method == "POST" and form.is_valid():
        service = next(s for s in open_services if s.pk == form.cleaned_data["service"])
        try:
            challenge = services.challenge_start(actor=request.user, service=service)
        except ValidationError as error:
            for messages_ in error.message_dict.values():
                for message in messages_:
                    form.add_error("service", message)
        else:
            return redirect(_tasks_url(challenge))
    return render(request, "services/challenge/start.html", {"form": form, "services": open_services})


@login_required
def challenge_tasks(request, pk):
    challenge = _challenge(request, pk, "services_challenge.view_challenge")
    if not challenge.is_draft:
        return redirect(_public_url(challenge))
    if not request.user.has_perm("services_challenge.change_challenge", challenge):
        raise Http404
    state = selectors.draft_state(challenge)
    return render(request, "services/challenge/tasks.html", {
        "challenge": challenge, "state": state, "tasks": _tasks(challenge, state),
        "body": selectors.body_name(challenge),
        "window_problem": selectors.window_problem(challenge.service),
        "window": selectors.current_window(challenge.service),
    })


@login_required
def challenge_body(request, pk):
    challenge = _challenge(request, pk, "services_challenge.change_challenge")
    organisations = list(selectors.body_organisations(request.user))
    initial = {"body_kind": challenge.body_kind, "organisation": challenge.organisation_id,
               "not_for_profit": challenge.not_for_profit, "employees_declared": challenge.employees_declared,
               "employees": "\n".join(f"{p['name']}, {p['role']}" if p.get("role") else p["name"]
                                      for p in challenge.employees)}
    form = BodyForm(_posted(request), organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_set_body(actor=request.user, challenge=challenge, **form.arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_tasks_url(challenge))
    return render(request, "services/challenge/body.html", {
        "form": form, "challenge": challenge, "council": challenge.service.owner,
        "categories": [(o, eligibility.category_of(o)) for o in organisations],
    })


@login_required
def challenge_answers(request, pk, section):
    if section not in SECTIONS:
        raise Http404
    challenge = _challenge(request, pk, "services_challenge.change_challenge")
    names = SECTIONS[section]
    form = AnswersForm(_posted(request), names=names, initial={name: getattr(challenge, name) for name in names})
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_update(actor=request.user, challenge=challenge, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_tasks_url(challenge))
    return render(request, "services/challenge/answers.html", {
        "form": form, "challenge": challenge, "title": str(SECTION_TITLES[section]), "section": section})


@login_required
def challenge_check(request, pk):
    """Check your answers, then send the expression of interest; what still blocks it says where to fix it."""
    challenge = _challenge(request, pk, "services_challenge.change_challenge")
    errors = []
    if request.method == "POST":
        try:
            services.challenge_submit(actor=request.user, challenge=challenge)
        except ValidationError as error:
            for key, problems in error.message_dict.items():
                errors += [{"text": problem, "href": _fix_url(challenge, key)} for problem in problems]
        else:
            messages.success(request, _("%(council)s has received your expression of interest") % {
                "council": challenge.service.owner.name})
            return redirect(_public_url(challenge))
    return render(request, "services/challenge/check.html", {
        "challenge": challenge, "body": selectors.body_name(challenge), "errors": errors,
        "window": selectors.current_window(challenge.service), "answers": _answers(challenge),
    })


@login_required
def challenge_modification(request, pk):
    """The body answers the council's proposed modification."""
    challenge = _challenge(request, pk, "services_challenge.answer_modification")
    modification = challenge.modifications.filter(answered_at__isnull=True).first()
    form = ModificationAnswerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.modification_answer(actor=request.user, challenge=challenge, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("We have sent your answer to %(council)s") % {
                "council": challenge.service.owner.name})
            return redirect(_public_url(challenge))
    return render(request, "services/challenge/modification.html", {
        "form": form, "challenge": challenge, "modification": modification})


@login_required
def challenge_yours(request):
    today = timezone.localdate()
    rows = [{"challenge": c, "body": selectors.body_name(c), "deadline": selectors.deadline(c, today=today)}
            for c in selectors.challenges_of(request.user)]
    return render(request, "services/challenge/yours.html", {
        "rows": rows, "can_start": request.user.has_perm("services_challenge.add_challenge")})


# The council's pages --------------------------------------------------------------------------------------------

@staff_area
@permission_required_or_404("services_challenge.view_queue")
def challenge_queue(request):
    return render(request, "services/challenge/queue.html", {
        "rows": selectors.queue_rows(request.user), "councils": managed_organisations(request.user)})


@staff_area
def challenge_review(request, pk):
    """The whole expression of interest for the council's officers, with what they can do next."""
    challenge = _challenge(request, pk, "services_challenge.review_challenge")
    return render(request, "services/challenge/review.html", {
        "challenge": challenge, "body": selectors.body_name(challenge), "deadline": selectors.deadline(challenge),
        "modifications": challenge.modifications.select_related("requested_by", "answered_by"),
        "can_decide": request.user.has_perm("services_challenge.decide_challenge", challenge),
        "answers": _answers(challenge), "steps": selectors.timeline(challenge),
    })


def _officer_action(request, pk, *, form_class, template: str, perm: str, act, done: str):
    challenge = _challenge(request, pk, perm)
    deadline = selectors.deadline(challenge)
    kwargs = {"late": deadline.overdue} if form_class in (AcceptForm, RejectForm) else {}
    form = form_class(_posted(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            act(actor=request.user, challenge=challenge, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, done)
            return redirect(_review_url(challenge))
    return render(request, template, {"form": form, "challenge": challenge, "deadline": deadline,
                                      "body": selectors.body_name(challenge)})


@staff_area
def challenge_modify(request, pk):
    return _officer_action(request, pk, form_class=ModificationRequestForm, template="services/challenge/modify.html",
                           perm="services_challenge.request_modification", act=services.modification_request,
                           done=_("The body has been sent the proposed modification"))


@staff_area
def challenge_accept(request, pk):
    return _officer_action(request, pk, form_class=AcceptForm, template="services/challenge/accept.html",
                           perm="services_challenge.decide_challenge", act=services.challenge_accept,
                           done=_("The expression of interest is accepted and the decision published"))


@staff_area
def challenge_reject(request, pk):
    return _officer_action(request, pk, form_class=RejectForm, template="services/challenge/reject.html",
                           perm="services_challenge.decide_challenge", act=services.challenge_reject,
                           done=_("The expression of interest is rejected and the decision published"))


@staff_area
@permission_required_or_404("services_challenge.view_queue")
def window_services(request):
    """The services of the officer's councils, each with its submission windows."""
    owners = managed_organisations(request.user)
    rows = [{"service": service, "windows": list(selectors.windows_of(service)),
             "open": selectors.is_open_to_challenge(service)}
            for service in Service.objects.filter(owner__in=owners).select_related("owner").order_by(
                "owner__name", "name", "pk")]
    return render(request, "services/challenge/windows_index.html", {"rows": rows})


@staff_area
def window_list(request, service_pk):
    service = get_object_or_404_for(request.user, "services_challenge.manage_windows",
                                    Service.objects.select_related("owner"), pk=service_pk)
    form = WindowForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.window_add(actor=request.user, service=service, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The window is added"))
            return redirect(reverse("services:challenge-windows", kwargs={"service_pk": service.pk}))
    return render(request, "services/challenge/windows.html", {
        "service": service, "windows": selectors.windows_of(service), "form": form,
        "open": selectors.is_open_to_challenge(service), "today": timezone.localdate(),
    })


@staff_area
@require_POST
def window_remove(request, service_pk, window_pk):
    service = get_object_or_404_for(request.user, "services_challenge.manage_windows", Service, pk=service_pk)
    window = Window.objects.filter(service=service, pk=window_pk).first()
    if window is None:
        raise Http404
    services.window_remove(actor=request.user, window=window)
    messages.success(request, _("The window is removed"))
    return redirect(reverse("services:challenge-windows", kwargs={"service_pk": service.pk}))

