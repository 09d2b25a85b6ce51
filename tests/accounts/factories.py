"""Factories for people: a verified resident (UserFactory) and platform staff (StaffUserFactory)."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A person who has signed up and confirmed their email address; password DEFAULT_PASSWORD."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    preferred_name = ""
    postcode = "SW1A 1AA"
    is_active = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Pass verified=False for someone who has not confirmed their email address yet."""
        if not create:
            return
        EmailAddress.objects.update_or_create(
            user=self,
            email=self.email,
            defaults={"verified": extracted is not False, "primary": True},
        )


    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        """Pass mfa=True to enrol an authenticator app; the secret is kept on `totp_secret`."""
        self.totp_secret = enrol_totp(self) if (create and extracted) else None


class StaffUserFactory(UserFactory):
    """Platform staff: must enrol in MFA before using staff areas (pass mfa=True to have done so)."""

    is_staff = True


def enrol_totp(user) -> str:
    """Give `user` an authenticator app as if they had set it up; returns the secret for totp_code()."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, offset: int = 0) -> str:
    """The code an authenticator app would show now (offset in 30-second steps)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    current = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, current + offset))
