"""Every case event becomes one log entry in its own transaction (hashes and ids only); the
periodic job places entries, signs a tree head and sends leaves then head to the portal;
``manage.py transparency verify`` re-derives every entry from the case events and names the
first bad index after an edit, a removal or an insertion."""

import base64

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from policeonline.cases import engine
from policeonline.cases.models import CaseEvent
from policeonline.exchange.models import OutboxEntry
from policeonline.transparency import bundle, entries, heads, merkle
from policeonline.transparency.log import publishing
from policeonline.transparency.log.checking import verify
from policeonline.transparency.log.models import CaseSalt, Entry, TreeHead

pytestmark = pytest.mark.django_db


def bodies(exchange_keys, type_name):
    """What the intranet queued, opened as the portal opens it."""
    from policeonline.exchange.envelope import decode_body, open_envelope

    return [decode_body(open_envelope(bytes(e.data), zone="internet", keyring=exchange_keys["internet"],
                                      max_bytes=1024 * 1024))
            for e in OutboxEntry.objects.filter(type=type_name).order_by("id")]


def test_each_event_is_one_entry_chained_within_its_case_and_free_of_personal_data(moved_case):
    events = list(moved_case.events.order_by("seq"))
    logged = list(Entry.objects.filter(case_ref=moved_case.pk).order_by("seq"))
    assert [e.seq for e in logged] == [e.seq for e in events] == [1, 2, 3, 4]
    salt = CaseSalt.objects.get(case_ref=moved_case.pk)
    assert salt.tag == entries.case_tag(moved_case.receipt_no, bytes.fromhex(salt.salt))
    prev = entries.ZERO
    for event, entry in zip(events, logged, strict=True):
        fields = entries.parse(entry.text)
        assert (fields["case"], fields["seq"], fields["action"], fields["to"]) == (
            salt.tag, event.seq, event.action, event.to_state)
        assert fields["prev"] == prev and entry.leaf == merkle.leaf_hash(entry.text.encode()).hex()
        prev = entry.leaf
    text = " ".join(e.text for e in logged)
    for personal in (moved_case.receipt_no, moved_case.applicant_name, "110101198808081231",
                     "13900000009", "照片", "200001", str(moved_case.application_id)):
        assert personal not in text


def test_an_event_rolled_back_leaves_no_entry(moved_case, officers):
    before = Entry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        engine.release(moved_case.pk, engine.Actor.officer(officers["clerk"]))
        raise RuntimeError("the officer's transaction fails after the event")
    assert Entry.objects.count() == before


def test_the_job_places_entries_signs_a_head_and_sends_leaves_before_the_head(moved_case, log_key):
    summary = publishing.publish()
    assert "tree head 4 signed" in summary
    head = TreeHead.objects.get()
    tree = [bytes.fromhex(e.leaf) for e in Entry.objects.order_by("index")]
    assert [e.index for e in Entry.objects.order_by("index")] == [0, 1, 2, 3]
    assert head.size == 4 and head.root == merkle.root(tree).hex()
    public = base64.b64decode(head.public_key)
    assert public == log_key[3]
    sth = {"size": 4, "root": head.root, "timestamp": head.timestamp, "signature": head.signature}
    assert heads.check_signature(public, sth)
    assert not heads.check_signature(public, {**sth, "size": 5})
    sent = list(OutboxEntry.objects.filter(type__startswith="transparency.").order_by("seq"))
    assert [e.type for e in sent] == ["transparency.leaves", "transparency.sth"]
    assert "nothing new" not in summary and "is current" in publishing.publish()
    assert TreeHead.objects.count() == 1
    # More events: a bigger head, consistent with the first.
    engine.notice(moved_case.pk, "reminder", public=False)
    publishing.publish()
    first, second = TreeHead.objects.order_by("size")
    tree = publishing.leaves()
    proof = merkle.consistency_proof(first.size, tree)
    assert merkle.verify_consistency(first.size, second.size, bytes.fromhex(first.root),
                                     bytes.fromhex(second.root), proof)


def test_events_from_before_the_log_are_logged_first_so_the_chain_is_whole(moved_case, officers):
    Entry.objects.filter(case_ref=moved_case.pk).delete()  # as if the log came later
    engine.release(moved_case.pk, engine.Actor.officer(officers["clerk"]))
    assert list(Entry.objects.filter(case_ref=moved_case.pk).order_by("seq")
                .values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    publishing.publish()
    assert verify().ok


def _verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("transparency", "verify")
    return str(failure.value)


def _index_of(case, seq) -> int:
    return Entry.objects.get(case_ref=case.pk, seq=seq).index


def test_verify_passes_on_an_untouched_log(moved_case, capsys):
    publishing.publish()
    call_command("transparency", "verify")
    assert "OK: 4 entries" in capsys.readouterr().out


def test_an_edited_event_is_found_at_its_index(moved_case):
    publishing.publish()
    CaseEvent.objects.filter(case=moved_case, seq=3).update(to_state="approved")
    assert _verify_fails().endswith(f"first bad index {_index_of(moved_case, 3)}")
    CaseEvent.objects.filter(case=moved_case, seq=3).update(to_state=moved_case.events.get(seq=4).from_state)
    assert verify().ok
    CaseEvent.objects.filter(case=moved_case, seq=4).update(note="请补正")  # only the note
    assert verify().first_bad_index == _index_of(moved_case, 4)


def test_a_removed_event_is_found_at_its_index(moved_case):
    publishing.publish()
    CaseEvent.objects.filter(case=moved_case, seq=2)._raw_delete(using="default")
    assert _verify_fails().endswith(f"first bad index {_index_of(moved_case, 2)}")
    report = verify()
    assert any("missing" in problem for _, problem in report.problems)


def test_an_inserted_event_is_found_where_it_went_in(moved_case):
    publishing.publish()
    for seq in (4, 3):  # make room after event 2, as a forger would
        CaseEvent.objects.filter(case=moved_case, seq=seq).update(seq=seq + 1)
    template = moved_case.events.get(seq=2)
    CaseEvent.objects.bulk_create([CaseEvent(
        case=moved_case, seq=3, action="approve", from_state=template.to_state,
        to_state=template.to_state, actor="200003", department_code=template.department_code,
        at=template.at)])  # bulk_create: behind the engine's (and the log's) back
    assert _verify_fails().endswith(f"first bad index {_index_of(moved_case, 3)}")
    # The displaced last event is now one the log never saw.
    assert any(index is None and "not in the log" in problem for index, problem in verify().problems)


def test_the_log_rewritten_to_match_an_edit_no_longer_gives_the_signed_root(moved_case):
    publishing.publish()
    entry = Entry.objects.get(case_ref=moved_case.pk, seq=3)
    CaseEvent.objects.filter(case=moved_case, seq=3).update(reason_code="forged")
    fields = entries.parse(entry.text)
    forged = entries.canonical({**fields, "body": "f" * 64})
    Entry.objects.filter(pk=entry.pk).update(text=forged, leaf=merkle.leaf_hash(forged.encode()).hex())
    report = verify()
    assert not report.ok
    assert any("tree head 4" in problem for _, problem in report.problems)


def test_the_key_command_is_idempotent_and_exports_pem(capsys):
    call_command("transparency", "keys", "create")
    call_command("transparency", "keys", "export")
    out = capsys.readouterr().out
    assert "already present" in out and "BEGIN PUBLIC KEY" in out


def test_what_the_portal_receives_makes_a_bundle_the_verifier_accepts(moved_case, exchange_keys):
    """The envelopes' leaves and head, used as the portal uses them: the applicant's bundle
    (their entries, found by the tag the salt and receipt give) checks out."""
    publishing.publish()
    (leaves_body,), (head_body,) = (bodies(exchange_keys, "transparency.leaves"),
                                    bodies(exchange_keys, "transparency.sth"))
    (link,) = leaves_body["cases"]
    assert link["application_id"] == str(moved_case.application_id)
    texts = leaves_body["entries"]
    tree = [merkle.leaf_hash(t.encode()) for t in texts]
    document = {
        "format": bundle.FORMAT, "receipt_no": moved_case.receipt_no, "salt": link["salt"],
        "case_tag": link["tag"], "tree_head": head_body,
        "public_key": {"kid": head_body["kid"], "pem": heads.pem(base64.b64decode(head_body["public_key"]))},
        "entries": [{"index": i, "entry": t, "audit_path": [h.hex() for h in merkle.inclusion_proof(i, tree)]}
                    for i, t in enumerate(texts) if entries.parse(t)["case"] == link["tag"]]}
    result = bundle.check(document)
    assert result.ok, result.problems
    assert [e["action"] for e in result.entries] == ["receive", "claim", "accept", "request_supplement"]


def test_entries_cross_in_bounded_batches_in_order(moved_case, exchange_keys, monkeypatch):
    monkeypatch.setattr(publishing, "MAX_BATCH", 3)
    publishing.publish()
    batches = bodies(exchange_keys, "transparency.leaves")
    assert [(b["first"], len(b["entries"])) for b in batches] == [(0, 3), (3, 1)]
    assert [e for b in batches for e in b["entries"]] == list(
        Entry.objects.order_by("index").values_list("text", flat=True))
