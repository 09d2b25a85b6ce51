"""Signal receivers of the volunteers app: they keep derived data in step and call services, nothing more."""

from .models import Need, NeedSkillPlace, Passport, PassportSkill
from .services.locations import passport_locate, passports_locate_all
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


def holder_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A holder's postcode changed: their passport and its skills move with it."""
    if raw or (update_fields is not None and "postcode" not in update_fields):
        return
    passport = Passport.objects.filter(holder=instance).first()
    if passport is not None:
        passport.holder = instance
        passport_locate(passport=passport)


def passport_saved(sender, instance: Passport, raw=False, created=False, **kwargs) -> None:
    if created and not raw:
        passport_locate(passport=instance)


def passport_skill_saving(sender, instance: PassportSkill, raw=False, **kwargs) -> None:
    """A skill takes its passport's place when added."""
    if not raw and instance.latitude is None and instance.passport_id:
        instance.latitude, instance.longitude = (
            Passport.objects.filter(pk=instance.passport_id).values_list("latitude", "longitude").first()
            or (None, None))


def postcodes_changed(sender, **kwargs) -> None:
    """A new Postcode Directory may have moved postcodes: every passport is placed again."""
    passports_locate_all()


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_save, pre_save

    from covenant.places.signals import postcodes_changed as directory_changed

    directory_changed.connect(postcodes_changed, dispatch_uid="volunteers.postcodes_changed")
    post_save.connect(holder_saved, sender=get_user_model(), dispatch_uid="volunteers.holder_saved")
    post_save.connect(passport_saved, sender=Passport, dispatch_uid="volunteers.passport_saved")
    pre_save.connect(passport_skill_saving, sender=PassportSkill, dispatch_uid="volunteers.passport_skill_saving")
    post_save.connect(need_saved, sender=Need, dispatch_uid="volunteers.need_saved")
    m2m_changed.connect(need_skills_changed, sender=Need.skills.through, dispatch_uid="volunteers.need_skills")
