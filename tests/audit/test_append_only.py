"""Nothing in the application can change or delete an audit entry."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from covenant.audit.models import AppendOnlyError, AuditEntry
from covenant.audit.services import audit_record
from tests.conftest import need_service

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return audit_record(actor=UserFactory(), action="tests.original", changes={"a": [1, 2]})


def _unchanged(entry):
    fresh = AuditEntry.objects.get(pk=entry.pk)
    assert fresh.action == "tests.original"
    assert fresh.changes == {"a": [1, 2]}


def test_saving_an_existing_entry_is_refused(entry):
    entry.action = "tests.forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    _unchanged(entry)


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    _unchanged(entry)


@pytest.mark.parametrize(
    "attempt",
    [
        lambda: AuditEntry.objects.all().delete(),
        lambda: AuditEntry.objects.filter(action="tests.original").delete(),
        lambda: AuditEntry.objects.update(action="tests.forged"),
        lambda: AuditEntry.objects.filter(action="tests.original").update(action="tests.forged"),
    ],
)
def test_queryset_changes_are_refused(entry, attempt):
    with pytest.raises(AppendOnlyError):
        attempt()
    _unchanged(entry)


def test_bulk_update_is_refused(entry):
    entry.action = "tests.forged"
    # bulk_update's own atomic block has no savepoint, so give it one to roll back to.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["action"])
    _unchanged(entry)


def test_update_or_create_cannot_change_an_entry(entry):
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEntry.objects.update_or_create(pk=entry.pk, defaults={"action": "tests.forged"})
    _unchanged(entry)


def test_the_database_refuses_raw_updates_and_deletes_on_postgresql(entry):
    need_service("PostgreSQL", connection.vendor == "postgresql", "the append-only trigger is PostgreSQL-only")
    table = AuditEntry._meta.db_table
    for sql in [f"UPDATE {table} SET action = 'tests.forged' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"]:
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    _unchanged(entry)


@pytest.fixture
def superuser(client):
    from allauth.mfa.models import Authenticator

    user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(user)
    return user


def test_admin_shows_entries_read_only(client, superuser, entry):
    changelist = reverse("admin:audit_auditentry_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    assert "tests.original" in response.content.decode()
    assert 'name="action"' not in response.content.decode()  # no bulk actions, so no bulk delete

    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    response = client.get(change)
    assert response.status_code == 200
    response = client.post(change, {"action": "tests.forged"})
    assert response.status_code == 403

    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_add"), {"action": "tests.forged"}).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.count() == 1
    _unchanged(entry)


def test_admin_hides_the_log_from_people_who_are_not_staff(client, entry):
    client.force_login(UserFactory(email="someone@example.org"))
    response = client.get(reverse("admin:audit_auditentry_changelist"))
    assert response.status_code == 302  # admin sends non-staff to its login page
    assert "tests.original" not in response.content.decode()
