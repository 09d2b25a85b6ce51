"""Factories for people and notifications used by the notifications and audit tests."""

import factory
from django.contrib.auth import get_user_model

from covenant.notifications.models import Channel, Delivery, Notification


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    is_staff = True


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    event = "tests.greeting"
    key = factory.Sequence(lambda n: f"key-{n}")
    channel = Channel.EMAIL
    recipient = factory.SubFactory(UserFactory)
    recipient_key = factory.LazyAttribute(lambda o: f"user:{o.recipient.pk}")
    address = factory.LazyAttribute(lambda o: o.recipient.email)
    subject = "Hello"
    body = "A message"


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    event = "tests.greeting"
    title = factory.Sequence(lambda n: f"Notification {n}")
    body = "Something happened."
    url = "/dashboard"
