"""Off-site ID card applications (SF-005) naming a guarantor, submitted through the services,
and the intranet's case updates sealed with its key (the applications tests' helpers)."""

import pytest

from policeonline.applications import services
from policeonline.applications.demo_files import sample_pdf
from policeonline.catalog.models import Item
from policeonline.formspec import form_for

from ..applications.conftest import Intranet, make_user, outbox_bodies  # noqa: F401

APPLICANT = {"name": "赵六", "id_number": "110101198808081231", "phone": "13900000009"}
GUARANTOR = {"name": "李四", "id_number": "370102198506150021", "phone": "13800000002"}


@pytest.fixture
def intranet(exchange_keys, db):
    return Intranet(exchange_keys["intranet"])


@pytest.fixture
def applicant(db):
    return make_user(**APPLICANT)


@pytest.fixture
def guarantor(db):
    return make_user(**GUARANTOR)


def naming(person: dict) -> dict:
    return {"guarantor_name": person["name"], "guarantor_id_number": person["id_number"],
            "guarantor_phone": person["phone"]}


def draft(user, person=GUARANTOR, **extra):
    """A complete SF-005 draft of ``user`` naming ``person`` as guarantor, files attached."""
    item = Item.objects.get(code="SF-005")
    form = form_for(item)
    app = services.start(user, item)
    data = {**form.example(services.identity_of(user)), **naming(person), **extra}
    app, errors = services.save_draft(app.pk, user, data)
    assert not errors, errors
    for slot in form.slots:
        services.attach(app.pk, user, slot.name, f"{slot.name}.pdf", sample_pdf(slot.name))
    return app


def submitted(user, person=GUARANTOR, **extra):
    return services.submit(draft(user, person, **extra).pk, user)
