"""Signal receivers of the volunteers app: they keep derived data in step and call services, nothing more."""

from .models import Need, NeedSkillPlace
from .services.search_index import need_skill_places_refresh

# A save touching none of these leaves the skill-and-place index as it was.
INDEXED_FIELDS = {"status", "location_kind", "latitude", "longitude"}


def need_saved(sender, instance: Need, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and not INDEXED_FIELDS & set(update_fields)):
        return
    need_skill_places_refresh(need_ids=[instance.pk])


def need_skills_changed(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        need_skill_places_refresh(need_ids=[instance.pk])
    elif action == "post_clear":
        # A skill taken off every need: its rows go, and no other skill's rows change.
        NeedSkillPlace.objects.filter(skill=instance).delete()
    else:
        need_skill_places_refresh(need_ids=pk_set or ())


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_save

    post_save.connect(need_saved, sender=Need, dispatch_uid="volunteers.need_saved")
    m2m_changed.connect(need_skills_changed, sender=Need.skills.through, dispatch_uid="volunteers.need_skills")
