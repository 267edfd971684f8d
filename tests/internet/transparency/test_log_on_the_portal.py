"""The portal keeps the intranet's leaves, checks every signed head against them (signature,
root, consistency with the previous head) before publishing it, and raises an alarm naming
the index when the intranet contradicts what it already sent."""

import pytest

from policeonline.transparency import merkle
from policeonline.transparency.portal.models import Alarm, Leaf, TreeHead

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_head_is_published_once_its_leaves_check_out_and_shown_on_the_public_page(logged, client):
    head = TreeHead.objects.get()
    assert head.status == TreeHead.Status.PUBLISHED and head.size == 7
    assert Leaf.objects.count() == 7
    page = client.get("/transparency/", **EN).content.decode()
    assert head.root in page and "Latest signed tree head" in page
    listed = client.get("/transparency/tree-heads.json").json()["tree_heads"]
    assert listed == [head.sth]
    assert "BEGIN PUBLIC KEY" in client.get("/transparency/key.pem").content.decode()
    entries = client.get("/transparency/entries.json?start=0&end=7").json()["entries"]
    assert [e["entry"] for e in entries] == logged.texts


def test_no_personal_data_is_published(logged, client, application):
    public = "".join(client.get(p).content.decode() for p in (
        "/transparency/", "/transparency/tree-heads.json", "/transparency/entries.json?start=0&end=7"))
    for personal in (application.receipt_no, "赵六", "110101198808081231", "13900000009",
                     str(application.pk)):
        assert personal not in public


def test_a_head_waits_for_its_leaves(log, application):
    log.event(application.receipt_no, application.pk, "receive", "submitted")
    log.event(application.receipt_no, application.pk, "accept", "examining")
    log.ship_leaves(log.texts[:1])
    log.send("transparency.sth", log.head(size=2))
    assert TreeHead.objects.get().status == TreeHead.Status.PENDING
    log.ship_leaves(log.texts[1:], first=1)
    assert TreeHead.objects.get().status == TreeHead.Status.PUBLISHED


def test_a_head_with_another_root_or_a_bad_signature_is_refused_and_shown(log, application, client):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    for action in ("receive", "accept", "reject"):
        log.event(application.receipt_no, application.pk, action, action)
    log.publish(size=1, root="ab" * 32)
    log.publish(size=2, key=Ed25519PrivateKey.generate())
    log.publish(size=3)
    by_size = {h.size: h for h in TreeHead.objects.all()}
    assert by_size[1].status == by_size[2].status == TreeHead.Status.REJECTED
    assert "root" in by_size[1].problem and "signature" in by_size[2].problem
    assert by_size[3].status == TreeHead.Status.PUBLISHED
    page = client.get("/transparency/", **EN).content.decode()
    assert "Contradictions detected" in page and "tree head 1 rejected" in page


def test_a_different_entry_for_a_held_index_is_an_alarm_naming_it_and_changes_nothing(logged):
    before = list(Leaf.objects.order_by("index").values_list("leaf", flat=True))
    forged = logged.texts[2].replace('"examining"', '"approved"')
    logged.ship_leaves([logged.texts[1], forged], first=1)
    alarm = Alarm.objects.get()
    assert alarm.index == 2 and "index 2" in alarm.message
    assert list(Leaf.objects.order_by("index").values_list("leaf", flat=True)) == before


def test_a_later_head_is_checked_for_consistency_with_the_earlier(logged, application, client):
    logged.event(application.receipt_no, application.pk, "recommend", "approving")
    logged.publish()
    assert TreeHead.objects.filter(status=TreeHead.Status.PUBLISHED).count() == 2
    document = client.get("/transparency/consistency.json?first=7&second=8").json()
    tree = [merkle.leaf_hash(t.encode()) for t in logged.texts]
    assert merkle.verify_consistency(7, 8, merkle.root(tree[:7]), merkle.root(tree),
                                     [bytes.fromhex(h) for h in document["proof"]])
    assert client.get("/transparency/consistency.json?first=8&second=7").status_code == 400
    assert client.get("/transparency/consistency.json?first=3&second=8").status_code == 404
    assert client.get("/transparency/entries.json?start=x").status_code == 400
