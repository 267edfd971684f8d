"""A NUL character in a parameter or a text body is refused with a clear 400 before any view
reads it (PostgreSQL text cannot hold one: it used to be a server error there, found by the
API fuzzing), and what the request carried is not stored."""

import pytest

from policeonline.letters.portal.models import Letter

pytestmark = pytest.mark.django_db


def test_an_api_parameter_with_nul_is_a_clear_400(client):
    response = client.get("/api/v1/letters/qa", {"q": "护照\x00"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert "NUL" in response.json()["error"]["message"]
    assert client.get("/api/v1/letters/qa", {"q": "护照"}).status_code == 200


def test_the_message_is_in_the_visitors_language(client):
    zh = client.get("/api/v1/catalog/items", {"q": "\x00"}).json()["error"]["message"]
    client.cookies["lang"] = "en"
    en = client.get("/api/v1/catalog/items", {"q": "\x00"}).json()["error"]["message"]
    assert zh != en and "NUL" in en


def test_a_json_body_with_nul_changes_nothing(client):
    before = Letter.objects.count()
    response = client.post("/api/v1/letters", data='{"subject": "a\\u0000b"}',
                           content_type="application/json")
    assert response.status_code == 400
    assert Letter.objects.count() == before


def test_a_page_query_with_nul_is_refused_and_a_plain_one_served(client):
    assert client.get("/search/", {"q": "护照\x00"}).status_code == 400
    assert client.get("/search/", {"q": "护照"}).status_code == 200
