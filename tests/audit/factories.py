"""Factories for audit tests: staff with MFA enrolled, and entries written through audit_record."""

import factory
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"auditee{n}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    """Platform staff who have enrolled an authenticator app, as staff must before using staff areas."""

    class Meta:
        skip_postgeneration_save = True

    is_staff = True
    email = factory.Sequence(lambda n: f"staff{n}@example.org")

    @factory.post_generation
    def mfa(user, create, extracted, **kwargs):
        if create and extracted is not False:
            Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
