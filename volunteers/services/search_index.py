"""Keeps the skill-and-place search index (NeedSkillPlace) in step with needs and their skills.

The index is derived data, like a full-text index: it must follow every write to a need's status, place or skills,
whether a service, the admin, the demo seed or a test fixture made it. So it is refreshed from model signals
(connected in VolunteersConfig.ready) rather than from each service, and `need_skill_places_rebuild` rebuilds it
whole after bulk loads that bypass the ORM.
"""

from collections.abc import Iterable

from django.db import transaction

from ..models import LocationKind, Need, NeedSkillPlace, NeedStatus


def _rows(needs: list[Need]) -> list[NeedSkillPlace]:
    skills_of: dict[int, list[int]] = {}
    for need_id, skill_id in Need.skills.through.objects.filter(need_id__in=[need.pk for need in needs]).values_list(
        "need_id", "skill_id"
    ):
        skills_of.setdefault(need_id, []).append(skill_id)
    rows = []
    for need in needs:
        # Remote needs carry no place: a distance search keeps them wherever it is centred.
        remote = need.location_kind == LocationKind.REMOTE
        for skill_id in skills_of.get(need.pk, ()):
            rows.append(NeedSkillPlace(
                need_id=need.pk, skill_id=skill_id,
                latitude=None if remote else need.latitude, longitude=None if remote else need.longitude,
            ))
    return rows


@transaction.atomic
def need_skill_places_refresh(*, need_ids: Iterable[int]) -> int:
    """Rewrite the index rows of these needs: one a skill while published, none otherwise. Returns rows written."""
    need_ids = sorted(set(need_ids))
    if not need_ids:
        return 0
    NeedSkillPlace.objects.filter(need_id__in=need_ids).delete()
    needs = list(Need.objects.filter(pk__in=need_ids, status=NeedStatus.PUBLISHED)
                 .only("id", "location_kind", "latitude", "longitude"))
    if not needs:
        return 0
    return len(NeedSkillPlace.objects.bulk_create(_rows(needs)))


@transaction.atomic
def need_skill_places_rebuild(*, batch: int = 5_000) -> int:
    """Rebuild the whole index from the needs, in batches; for bulk loads and repairs. Returns rows written."""
    NeedSkillPlace.objects.all().delete()
    written = 0
    published = Need.objects.filter(status=NeedStatus.PUBLISHED).order_by("pk").only(
        "id", "location_kind", "latitude", "longitude"
    )
    last = 0
    while True:
        needs = list(published.filter(pk__gt=last)[:batch])
        if not needs:
            return written
        last = needs[-1].pk
        written += len(NeedSkillPlace.objects.bulk_create(_rows(needs), batch_size=batch))
