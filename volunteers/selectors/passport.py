"""Reads for the passport profile (skills, causes, availability, travel) and the taxonomies."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from volunteers.models import Cause, Passport, PassportSkill, Skill, SkillKind


def passport_of(user) -> Passport | None:
    """The person's passport, or None if they have not started one (or are not signed in)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Passport.objects.filter(holder=user).first()


def passport_profile(user) -> Passport | None:
    """The person's passport with everything the profile pages and API show, in a fixed number of queries."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Passport.objects.filter(holder=user)
        .select_related("holder")
        .prefetch_related(
            Prefetch("skills", queryset=PassportSkill.objects.select_related("skill").order_by("skill__group", "skill__name")),
            Prefetch("causes", queryset=Cause.objects.order_by("name")),
            "availability",
            "unavailable",
        )
        .first()
    )


def matching_skills() -> QuerySet:
    """Skills a volunteer can choose on the skills page: every active skill but languages, which have their own."""
    return Skill.objects.filter(active=True).exclude(kind=SkillKind.LANGUAGE).order_by("group", "name")


def skill_groups() -> list[tuple[str, list[Skill]]]:
    """The choosable skills, grouped as the taxonomy groups them."""
    groups: dict[str, list[Skill]] = {}
    for skill in matching_skills():
        groups.setdefault(skill.group, []).append(skill)
    return list(groups.items())


def active_causes() -> QuerySet:
    return Cause.objects.filter(active=True).order_by("name")


def languages() -> QuerySet:
    """Languages from the taxonomy, by their ISO 639 code."""
    return Skill.objects.filter(active=True, kind=SkillKind.LANGUAGE).exclude(code="").order_by("name")


def skills_search(*, q: str = "", group: str = "", kind: str = "") -> QuerySet:
    """Active skills, narrowed by words in the name or group, by group and by kind."""
    skills = Skill.objects.filter(active=True)
    if q:
        skills = skills.filter(Q(name__icontains=q) | Q(group__icontains=q) | Q(code__iexact=q))
    if group:
        skills = skills.filter(group__iexact=group)
    if kind:
        skills = skills.filter(kind=kind)
    return skills.order_by("group", "name")


def causes_search(*, q: str = "") -> QuerySet:
    """Active causes whose name or one of its synonyms contains the words."""
    causes = active_causes()
    if q:
        # A few dozen causes, and synonyms are a JSON list that not every database can search: filter here.
        matching = [cause.pk for cause in causes if q.lower() in cause.name.lower()
                    or any(q.lower() in synonym.lower() for synonym in cause.synonyms)]
        causes = causes.filter(pk__in=matching)
    return causes


def profile_tasks(passport: Passport | None) -> dict[str, str]:
    """The status of each profile section: what the task list shows beside it."""
    if passport is None:
        return {
            "about_you": "not_started", "skills": "not_started", "causes": "not_started",
            "availability": "not_started", "travel": "not_started", "access_needs": "optional",
            "languages": "not_started",
        }
    today = timezone.localdate()
    skills = list(passport.skills.all())
    return {
        "about_you": "completed" if passport.holder.postcode else "in_progress",
        "skills": "completed" if skills else "not_started",
        "causes": "completed" if list(passport.causes.all()) else "not_started",
        "availability": "completed" if list(passport.availability.all()) else (
            "in_progress" if [e for e in passport.unavailable.all() if e.ends_on >= today] else "not_started"
        ),
        "travel": "completed" if passport.transport else "not_started",
        "access_needs": "completed" if (passport.accessibility_needs or passport.adjustments) else "optional",
        "languages": "completed" if passport.languages else "not_started",
    }
