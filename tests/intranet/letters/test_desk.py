"""The department answers: claim, answer (crosses back), transfer, publish the consented
consultation in an edited wording; another department's officer finds nothing; bad input
changes nothing."""

import pytest

from policeonline.audit.models import AuditEvent
from policeonline.letters.desk.models import Letter

from .conftest import sent, sign_in

pytestmark = pytest.mark.django_db


def act(client, letter_id, **data):
    return client.post(f"/letters/{letter_id}/", data)


def test_claim_answer_and_publish_in_an_edited_wording(client, portal, officers, exchange_keys):
    letter_id = portal.letter()
    sign_in(client, officers["clerk"])
    inbox = client.get("/letters/").content.decode()
    assert "护照办理需要多久" in inbox
    page = client.get(f"/letters/{letter_id}/").content.decode()
    assert "请问首次申领普通护照" in page and "scan.pdf" in page
    assert AuditEvent.objects.filter(action="letter.viewed", actor="210001").exists()
    assert act(client, letter_id, action="claim").status_code == 302
    assert act(client, letter_id, action="answer", answer="  ").status_code == 422  # empty: nothing
    assert Letter.objects.get().state == "open" and not sent(exchange_keys, "letter.answered")
    assert act(client, letter_id, action="answer", answer="7个工作日内办结。").status_code == 302
    letter = Letter.objects.get()
    assert letter.state == "answered" and letter.answered_by == officers["clerk"]
    [answered] = sent(exchange_keys, "letter.answered")
    assert answered["answer"] == "7个工作日内办结。" and answered["department"] == "出入境管理支队"
    page = client.get(f"/letters/{letter_id}/").content.decode()
    assert "请问首次申领普通护照需要几个工作日？我叫赵六。" in page  # the wording to edit
    response = act(client, letter_id, action="publish", question="首次申领普通护照需要几个工作日？",
                   public_answer="7个工作日内办结。")
    assert response.status_code == 302
    [published] = sent(exchange_keys, "letter.published")
    assert published["question"] == "首次申领普通护照需要几个工作日？" and "赵六" not in published["question"]


def test_answer_needs_the_claim_and_a_claimed_letter_is_not_taken(client, portal, officers, exchange_keys):
    letter_id = portal.letter()
    sign_in(client, officers["clerk"])
    assert act(client, letter_id, action="answer", answer="答复").status_code == 422
    act(client, letter_id, action="claim")
    client.logout()
    sign_in(client, officers["clerk2"])
    response = act(client, letter_id, action="claim")
    assert response.status_code == 422
    assert Letter.objects.get().claimed_by == officers["clerk"]
    assert act(client, letter_id, action="answer", answer="答复").status_code == 422
    assert not sent(exchange_keys, "letter.answered")


def test_another_department_finds_nothing(client, portal, officers):
    letter_id = portal.letter()
    sign_in(client, officers["other"])
    assert client.get(f"/letters/{letter_id}/").status_code == 404
    assert act(client, letter_id, action="claim").status_code == 404
    assert "护照办理需要多久" not in client.get("/letters/").content.decode()
    assert Letter.objects.get().claimed_by is None
    refusals = AuditEvent.objects.filter(action="permission.refused", target=f"letter:{letter_id}")
    assert refusals.count() == 2  # the page and the claim
    assert {e.actor for e in refusals} == {officers["other"].username}


def test_transfer_needs_a_reason_and_moves_the_letter(client, portal, officers, exchange_keys):
    letter_id = portal.letter()
    due = Letter.objects.get().due_date
    sign_in(client, officers["clerk"])
    act(client, letter_id, action="claim")
    assert act(client, letter_id, action="transfer", department="population", note="").status_code == 422
    assert Letter.objects.get().department.code == "exit_entry"
    assert act(client, letter_id, action="transfer", department="population",
               note="户籍问题").status_code == 302
    letter = Letter.objects.get()
    assert letter.department.code == "population" and letter.claimed_by is None and letter.due_date == due
    assert [u["state"] for u in sent(exchange_keys, "letter.updated")] == ["received", "transferred"]
    assert client.get(f"/letters/{letter_id}/").status_code == 404  # no longer this department's


def test_no_publication_without_the_writers_consent(client, portal, officers, exchange_keys):
    letter_id = portal.letter(consent=False)
    sign_in(client, officers["clerk"])
    act(client, letter_id, action="claim")
    act(client, letter_id, action="answer", answer="答复内容")
    response = act(client, letter_id, action="publish", question="问", public_answer="答")
    assert response.status_code == 422 and not sent(exchange_keys, "letter.published")
    assert Letter.objects.get().published_at is None
