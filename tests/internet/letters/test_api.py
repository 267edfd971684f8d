"""Letters in the API: the same checks as the pages (verified account, text limits, daily
limit), my letters only, one rating, and the public Q&A open to anyone."""

import pytest

from policeonline.letters.portal.models import Letter

from .conftest import answer, make_user, outbox_bodies, publish, zh

pytestmark = pytest.mark.django_db
BODY = {"kind": "consultation", "topic": "CRJ-001", "subject": "护照办理需要多久",
        "text": "请问首次申领普通护照需要几个工作日？", "publish_consent": True}


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_write_read_and_rate_through_the_api(client, writer, intranet, exchange_keys):
    assert post(client, "/api/v1/letters", BODY).status_code == 401
    client.force_login(writer)
    response = post(client, "/api/v1/letters", BODY)
    assert response.status_code == 201
    tracking = response.json()["tracking_no"]
    assert response.json()["status"] == "sent" and response.json()["publish_consent"]
    assert outbox_bodies(exchange_keys, "letter.submitted")[0]["tracking_no"] == tracking
    answer(intranet, Letter.objects.get())
    one = client.get(f"/api/v1/letters/{tracking}").json()
    assert one["status"] == "answered" and one["answer"] == "首次申领护照7个工作日内办结。"
    assert post(client, f"/api/v1/letters/{tracking}/rating", {"rating": 5}).json()["rating"] == 5
    assert post(client, f"/api/v1/letters/{tracking}/rating", {"rating": 1}).status_code == 409
    assert [x["tracking_no"] for x in client.get("/api/v1/letters").json()] == [tracking]


def test_bad_input_and_volumes_are_refused_and_nothing_is_sent(client, writer, settings):
    client.force_login(writer)
    for bad in ({"text": ""}, {"text": "很" * 3001}, {"subject": " "}, {"kind": "praise"},
                {"topic": "XX-999"}):
        response = post(client, "/api/v1/letters", BODY | bad)
        assert response.status_code == 422, bad
    assert not Letter.objects.exists()
    settings.LETTERS_DAILY_LIMIT = 1
    assert post(client, "/api/v1/letters", BODY).status_code == 201
    refused = post(client, "/api/v1/letters", BODY)
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "too_many"
    assert zh("Write at least %(min)d characters.", min=10) in \
        post(client, "/api/v1/letters", BODY | {"text": "太短"}).json()["error"]["message"]
    assert Letter.objects.count() == 1


def test_another_account_finds_nothing_and_the_public_qa_is_open(client, writer, intranet):
    client.force_login(writer)
    tracking = post(client, "/api/v1/letters", BODY).json()["tracking_no"]
    letter = Letter.objects.get()
    answer(intranet, letter)
    publish(intranet, letter)
    client.force_login(make_user(name="孙七", id_number="370103199204120039", phone="13800000017"))
    assert client.get(f"/api/v1/letters/{tracking}").status_code == 404
    assert post(client, f"/api/v1/letters/{tracking}/rating", {"rating": 1}).status_code == 404
    client.logout()
    [qa] = client.get("/api/v1/letters/qa", {"q": "护照"}).json()
    assert qa["question"] == "首次申领护照需要多久？" and "赵六" not in str(qa)
    assert client.get("/api/v1/letters/qa", {"q": "驾驶证"}).json() == []
