"""Where each passport's holder lives, copied onto the passport and its skills so matching can narrow by place."""

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery

from covenant.places.models import Postcode

from ..models import Passport, PassportSkill


def _coordinates(postcode: str) -> tuple[float | None, float | None]:
    found = Postcode.objects.filter(postcode=postcode).values_list("latitude", "longitude").first() if postcode else None
    return found or (None, None)


@transaction.atomic
def passport_locate(*, passport: Passport) -> Passport:
    """Set the passport's place (and its skills') from the holder's postcode; nowhere if it is not known."""
    latitude, longitude = _coordinates(passport.holder.postcode)
    if (passport.latitude, passport.longitude) != (latitude, longitude):
        Passport.objects.filter(pk=passport.pk).update(latitude=latitude, longitude=longitude)
        passport.latitude, passport.longitude = latitude, longitude
    PassportSkill.objects.filter(passport=passport).exclude(latitude=latitude, longitude=longitude).update(
        latitude=latitude, longitude=longitude)
    return passport


@transaction.atomic
def passports_locate_all() -> int:
    """Every passport placed again from its holder's postcode, in two statements: after a new Postcode Directory
    moves postcodes, or after passports were loaded in bulk. Returns how many passports there are."""
    if connection.vendor == "postgresql":
        _locate_all_postgresql()
        return Passport.objects.count()
    from covenant.accounts.models import User

    # update() takes no joins: the holder's postcode is a subquery of its own.
    holder_postcode = User.objects.filter(pk=OuterRef(OuterRef("holder_id"))).values("postcode")[:1]
    located = Postcode.objects.filter(postcode=Subquery(holder_postcode))
    Passport.objects.update(latitude=Subquery(located.values("latitude")[:1]),
                            longitude=Subquery(located.values("longitude")[:1]))
    owner = Passport.objects.filter(pk=OuterRef("passport_id"))
    PassportSkill.objects.update(latitude=Subquery(owner.values("latitude")[:1]),
                                 longitude=Subquery(owner.values("longitude")[:1]))
    return Passport.objects.count()


def _locate_all_postgresql() -> None:
    """The same as joins: a correlated subquery per row would take minutes over a million passports."""
    from covenant.accounts.models import User

    passport, user, postcode = Passport._meta.db_table, User._meta.db_table, Postcode._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {passport} p SET latitude = pc.latitude, longitude = pc.longitude FROM {user} u "
                       f"LEFT JOIN {postcode} pc ON pc.postcode = u.postcode WHERE u.id = p.holder_id "
                       "AND (p.latitude IS DISTINCT FROM pc.latitude OR p.longitude IS DISTINCT FROM pc.longitude)")
        cursor.execute(f"UPDATE {PassportSkill._meta.db_table} s SET latitude = p.latitude, longitude = p.longitude "
                       f"FROM {passport} p WHERE p.id = s.passport_id "
                       "AND (s.latitude IS DISTINCT FROM p.latitude OR s.longitude IS DISTINCT FROM p.longitude)")
