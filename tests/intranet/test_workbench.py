"""The workbench shell: each department sees its own items; demo seeding is idempotent."""

import pytest
from django.core.management import call_command

from policeonline.accounts.officers.models import Officer

from .conftest import make_officer, sign_in

pytestmark = pytest.mark.django_db


def test_each_department_sees_only_its_own_items(client):
    officer = make_officer("200101", "exit_entry", ["clerk"])
    sign_in(client, officer)
    html = client.get("/").content.decode()
    assert "CRJ-001" in html
    assert "HZ-001" not in html and "JDC-001" not in html


def test_bureau_wide_roles_see_the_shell_without_items(client):
    auditor = make_officer("900101", None, ["auditor"])
    sign_in(client, auditor)
    html = client.get("/").content.decode()
    assert "审计员" in html and "CRJ-001" not in html


def test_unknown_roles_are_refused():
    from django.core.exceptions import ValidationError

    officer = Officer(username="1", roles=["sheriff"])
    with pytest.raises(ValidationError):
        officer.full_clean(exclude=["password"])


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    count = Officer.objects.count()
    call_command("seed_demo")
    assert Officer.objects.count() == count >= 10


def test_a_refused_page_is_explained_and_audited(client):
    from policeonline.audit.models import AuditEvent

    clerk = make_officer("200301", "exit_entry", ["clerk"])
    sign_in(client, clerk)
    response = client.get("/exchange/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()
    assert AuditEvent.objects.filter(actor="200301", action="permission.refused").exists()
