"""The portal's permission matrix: every URL pattern (pages and API operations) called as every
actor, with real objects of citizen A, against security/permission-matrix.yaml; what the
unprivileged actors receive, the exports and the log lines carry no full ID or mobile number."""

import logging
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from policeonline.catalog.models import Category, Item
from tests import permission_matrix as matrix
from tests.internet.applications.conftest import Intranet, make_user
from tests.internet.guarantors.conftest import draft
from tests.internet.guarantors.conftest import submitted as submitted_naming
from tests.internet.payments import conftest as payments
from tests.internet.plates.conftest import submitted as submitted_plain

A = {"name": "张三", "id_number": "37010219900307106X", "phone": "13800000001"}
B = {"name": "李四", "id_number": "370102198506150021", "phone": "13800000002"}
COMPANY = {"company_name": "济南示范科技有限公司", "credit_code": "91370100MA3C00000E",
           "name": "王五", "id_number": "370120197001010013", "phone": "13800000003"}
gateway_key, gateway = payments.gateway_key, payments.gateway  # the payments tests' fixtures
LOGIN = ("/accounts/login/",)
BACKEND = "policeonline.accounts.citizens.backends.IdentifierBackend"


@pytest.fixture(scope="module", autouse=True)
def signing_keys(tmp_path_factory):
    """The bureau's certificate key trusted by the portal and the portal's own permit key, in
    one temporary CERTIFICATE_KEY_DIR (as the certificates and permits tests set them up)."""
    from policeonline.certificates import keys
    from policeonline.certificates.keys import portal_keyring
    from policeonline.exchange.keys import Keyring

    root = tmp_path_factory.mktemp("matrix-keys")
    signer = Keyring(root / "intranet", keys.KEY_ZONE)
    signer.create()
    with override_settings(CERTIFICATE_KEY_DIR=str(root)):
        keys.trust(signer.export_public())
        portal_keyring().create()
        yield signer


def certificate(signer, exchange_keys, owner, receipt_no, seq, serial="WFZ-2026-7K3Q-M9XD"):
    from tests.internet.certificates.conftest import Intranet as Bureau

    bureau = Bureau(signer, exchange_keys["intranet"])
    bureau.seq = seq
    assert bureau.issue(bureau.code(serial=serial), account_ref=owner.account_ref).applied == 1
    from policeonline.certificates.models import Certificate

    Certificate.objects.filter(serial=serial).update(receipt_no=receipt_no)
    return serial, bureau.seq


def objects_of(signing_keys, exchange_keys, gateway, users):
    """Citizen A's things, one of each kind a URL names."""
    from policeonline.appointments.booking import services as booking
    from policeonline.appointments.booking.slots import open_slots
    from policeonline.appointments.halls import load_halls
    from policeonline.appointments.models import Hall
    from policeonline.core.permit_zones import load_into
    from policeonline.letters.portal import services as letters
    from policeonline.notices.portal.models import PublicNotice as Notice
    from policeonline.payments.services import catch_up
    from policeonline.permits import services as permits
    from policeonline.permits.models import PermitZone
    from tests.internet.notices.conftest import Desk, png_bytes
    from tests.internet.payments.conftest import request_payment
    from tests.internet.permits.conftest import Intranet as Registry
    from tests.internet.permits.conftest import truck
    from tests.internet.ratings.conftest import ACCEPT, COMPLETE
    from tests.internet.ratings.conftest import submitted as finished
    from tests.internet.transparency.conftest import Log

    a = users["citizen_a"]
    # The players below stand for one intranet: one sequence of envelopes, passed on.
    registry = Registry(exchange_keys["intranet"])
    assert registry.answer(a, [truck()]).applied == 1
    intranet = Intranet(exchange_keys["intranet"])
    intranet.seq = registry.seq
    mine = draft(a, person=COMPANY)
    attachment = mine.attachments.first()
    scratch = draft(a, person=COMPANY)  # for the calls that delete files (not rolled back)
    sent = submitted_plain(a, item_code="JDC-001")
    done = finished(a, intranet, ACCEPT, COMPLETE, item_code="ZA-001")
    c = make_user(name="赵六", id_number="110101198808081231", phone="13900000009")  # no actor
    guarantee = submitted_naming(c, person=A).guarantee_requests.get()
    serial, intranet.seq = certificate(signing_keys, exchange_keys, a, sent.receipt_no, intranet.seq)
    load_halls()
    hall = next(h for h in Hall.objects.all() if h.serves_item("CRJ-001"))
    slot = open_slots(hall)[0]
    booking = booking.book(a, slot.pk, item_code="CRJ-001")
    load_into(PermitZone)
    permit = permits.issue(a, plate="鲁A7H2K8", zone_code="QCL-FRJ", day=date.today() + timedelta(days=1))
    letter = letters.write("consultation", {"topic": "CRJ-001", "subject": "护照办理需要多久",
                                            "text": "请问首次申领普通护照需要几个工作日？",
                                            "publish_consent": True}, author=a)
    order = request_payment(intranet, sent)
    paid = request_payment(intranet, sent)  # a second fee, paid: its receipt can be fetched
    payer = Client()
    payer.force_login(a, backend=BACKEND)
    assert payer.post(f"/api/v1/payments/{paid.order_no}/pay").status_code == 200
    gateway.pay(paid.order_no)
    catch_up(older_than_minutes=0)
    log = Log(exchange_keys["intranet"])  # the intranet's transparency log names A's application
    log.event(sent.receipt_no, sent.pk, "receive", "submitted")
    log.publish()
    desk = Desk(exchange_keys["intranet"])
    desk.publish(files=(("notice.png", png_bytes(), "image/png"),))
    notice = Notice.objects.first()
    category = Category.objects.order_by("code").first()
    item = Item.objects.order_by("code").first()
    return {
        "category": {"code": category.code},
        "item": {"code": item.code},
        "draft": {"pk": mine.pk, "app_id": mine.pk, "slot": attachment.slot,
                  "attachment_id": attachment.pk, "file_id": attachment.pk},
        "scratch": {"pk": scratch.pk, "app_id": scratch.pk, "slot": attachment.slot},
        "sent": {"pk": sent.pk, "app_id": sent.pk, "serial": serial},
        "finished": {"pk": done.pk, "app_id": done.pk},
        "permit": {"serial": permit.serial},
        "booking": {"pk": booking.pk, "booking_id": booking.pk},
        "guarantee": {"pk": guarantee.pk, "request_id": guarantee.pk},
        "notice": {"notice_id": notice.pk, "index": 1},
        "certificate": {"serial": serial, "code": "none"},
        "order": {"order_no": order.order_no, "provider": "gateway_simulator"},
        "paid": {"order_no": paid.order_no},
        "letter": {"tracking_no": letter.tracking_no, "kind": "consultation"},
        "hall": {"code": hall.code},
        "proof": {"pk": sent.pk, "application_id": sent.pk},
        "receipt": {"receipt_no": sent.receipt_no},
    }


def watched_models():
    """What a refused write on citizen A's objects must leave as it was (the outbox: nothing
    sent to the intranet either)."""
    from django.apps import apps

    return [apps.get_model(label) for label in (
        "applications.Application", "applications.Attachment", "appointment_booking.Booking",
        "guarantor_requests.GuaranteeRequest", "permits.Permit", "letters_portal.Letter",
        "payments.FeeOrder", "rating_portal.PortalRating", "exchange.OutboxEntry")]


@pytest.mark.django_db
def test_every_url_as_every_actor(exchange_keys, signing_keys, gateway, tmp_path, caplog, settings):
    settings.RATELIMIT_ENABLE = False
    cache.clear()
    users = {"citizen_a": make_user(**A), "citizen_b": make_user(**B),
             "company": make_user("company", **COMPANY)}
    objects = objects_of(signing_keys, exchange_keys, gateway, users)
    clients = {actor: Client() for actor in ("anonymous", *users)}

    def relogin(actor):
        clients[actor].logout()
        clients[actor].force_login(users[actor], backend=BACKEND)

    for actor in users:
        relogin(actor)
    caplog.set_level(logging.DEBUG, logger="policeonline")
    own = {"citizen_a": {A["id_number"], A["phone"]}, "citizen_b": {B["id_number"], B["phone"]},
           "company": {COMPANY["id_number"], COMPANY["phone"]}}  # each may see its own
    result = matrix.run("internet", clients, objects, watched_models(), LOGIN, relogin, cache.clear, own)
    assert not result.failures, "\n".join(result.failures)
    assert not result.pii, "\n".join(result.pii)
    assert not matrix.scan_logs(caplog.records), "\n".join(matrix.scan_logs(caplog.records))
    assert result.cells > 500
    exported = {path.rsplit("/", 1)[-1] for _, path, _ in result.exports}
    assert {"figures.csv", "receipt.pdf", "receipt"} <= exported, exported  # scanned above


def test_the_table_names_every_url_and_no_other():
    rows, _ = matrix.load("internet")
    assert not matrix.coverage("internet", matrix.routes(), rows)



def test_a_url_without_a_row_and_a_row_without_a_url_are_named():
    rows, _ = matrix.load("internet")
    rows = dict(rows)
    dropped = rows.pop("applications/<uuid:pk>/")
    rows["applications/<uuid:pk>/old/"] = dropped
    problems = matrix.coverage("internet", matrix.routes(), rows)
    assert problems == [
        "internet: URL pattern 'applications/<uuid:pk>/' (applications:detail) has no row in "
        "permission-matrix.yaml",
        "internet: row 'applications/<uuid:pk>/old/' names a URL pattern that no longer exists"]


def test_how_a_response_is_counted():
    from django.http import HttpResponse, HttpResponseRedirect

    def answer(status, location=None):
        return HttpResponseRedirect(location) if location else HttpResponse(status=status)

    assert matrix.outcome(answer(200), LOGIN) == "allow"
    assert matrix.outcome(answer(422), LOGIN) == "allow"
    assert matrix.outcome(answer(302, "/applications/"), LOGIN) == "allow"
    assert matrix.outcome(answer(302, "/accounts/login/?next=/x/"), LOGIN) == "deny"
    assert [matrix.outcome(answer(s), LOGIN) for s in (401, 403, 404, 405)] == ["deny"] * 4
    assert matrix.outcome(answer(500), LOGIN) == "error 500"
