"""The plain statements of the hot paths (core/rows.py, ADR 0040) store and read exactly what the
ORM does: the same values in the same columns (encrypted, JSON, UUIDs, times), defaults and
``auto_now`` applied, save signals sent, and the same instances back."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from policeonline.audit.models import AuditEvent
from policeonline.core import rows

pytestmark = pytest.mark.django_db


def values(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_inserted_rows_read_back_through_the_orm_as_given():
    at = timezone.now() - timedelta(days=1)
    first, second = rows.insert([
        AuditEvent(actor="account:1", action="a.one", target="x", detail={"名": "张三", "n": [1, 2]}),
        AuditEvent(actor="exchange", action="a.two", at=at)])
    assert first.pk and second.pk == first.pk + 1  # one statement, in order
    assert not first._state.adding
    stored = {e.pk: values(e) for e in AuditEvent.objects.filter(pk__in=[first.pk, second.pk])}
    assert stored == {first.pk: values(first), second.pk: values(second)}
    assert stored[second.pk]["at"] == at and stored[first.pk]["detail"] == {"名": "张三", "n": [1, 2]}


def test_select_gives_the_instances_the_orm_gives():
    made = rows.insert([AuditEvent(actor="a", action=f"b.{n}", detail={"n": n}) for n in range(3)])
    found = rows.select(AuditEvent, "actor = %s", ["a"], order_by="id DESC")
    orm = AuditEvent.objects.filter(actor="a").order_by("-id")
    assert [values(e) for e in found] == [values(e) for e in orm]
    assert [e.pk for e in found] == [e.pk for e in reversed(made)]
    assert rows.select(AuditEvent, "actor = %s", ["nobody"]) == []


def test_encrypted_uuid_and_auto_now_fields_go_through_their_fields():
    if settings.ZONE != "internet":
        pytest.skip("applications live in the internet zone")
    from policeonline.accounts.citizens.models import User
    from policeonline.applications.models import Application

    user = User.objects.create_citizen(name="王五", id_number="370102198506150021",
                                       phone="13900000009", password="Str0ng!pass")
    [app] = rows.insert([Application(owner=user, item_code="ZA-001", data_json='{"k": "秘密"}')])
    assert app.created_at and app.updated_at  # auto_now_add / auto_now set on the way in
    with connection.cursor() as cursor:
        cursor.execute("SELECT data_json FROM applications_application")
        assert "秘密" not in cursor.fetchone()[0]  # encrypted at rest, as the ORM stores it
    with transaction.atomic():
        [locked] = rows.select(Application, "id = %s AND owner_id = %s",
                               [rows.prep(Application, "id", str(app.pk)), user.pk], for_update=True)
        assert values(locked) == values(Application.objects.get(pk=app.pk))
        assert locked.data == {"k": "秘密"}

    seen = []

    def saved(sender, instance, created, update_fields, **kwargs):
        seen.append((instance.pk, created, update_fields))

    post_save.connect(saved, sender=Application)
    try:
        before = locked.updated_at
        locked.status, locked.data_json = "sent", '{"k": "新"}'
        rows.update(locked, ["status", "data_json", "updated_at"])
    finally:
        post_save.disconnect(saved, sender=Application)
    again = Application.objects.get(pk=app.pk)
    assert (again.status, again.data, again.updated_at) == ("sent", {"k": "新"}, locked.updated_at)
    assert again.updated_at > before
    assert seen == [(app.pk, False, frozenset({"status", "data_json", "updated_at"}))]

    gone = Application(pk=app.pk)
    Application.objects.filter(pk=app.pk).delete()
    with pytest.raises(DatabaseError):
        rows.update(gone, ["status"])
