"""The portal's catalog pages: what a citizen sees, in Chinese first and in English."""

import pytest

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["lang"] = "en"
    return client


def test_home_shows_every_category_with_counts(client):
    page = client.get("/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="zh-Hans"' in html
    for name in ["户政管理", "出入境管理", "机动车登记", "消防"]:
        assert name in html or name[:2] in html
    assert "105" in html
    assert html.count('class="category-tile"') == 11


def test_chinese_is_the_default_even_for_an_english_browser(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert '<html lang="zh-Hans"' in html and "公安服务在线" in html


@pytest.mark.parametrize("query", ["护照", "passport", "Passport"])
def test_search_finds_the_passport_items(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    assert 'href="/items/CRJ-001/"' in html and 'href="/items/CRJ-002/"' in html
    assert 'href="/items/HZ-001/"' not in html


def test_search_by_item_code_and_by_several_words(client):
    assert 'href="/items/JDC-001/"' in client.get("/search/", {"q": "jdc-001"}).content.decode()
    html = client.get("/search/", {"q": "身份证 补领"}).content.decode()
    assert 'href="/items/SF-003/"' in html and 'href="/items/SF-001/"' not in html


def test_search_with_no_match_says_so(client):
    html = client.get("/search/", {"q": "不存在的业务xyz"}).content.decode()
    assert "没有" in html or "0" in html
    assert 'class="item-card"' not in html


def test_htmx_search_returns_only_the_results_fragment(client):
    html = client.get("/search/", {"q": "护照"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="search-results"')
    assert "<html" not in html


def test_category_page_lists_its_items(client):
    html = client.get("/services/CRJ/").content.decode()
    assert html.count('class="item-card"') == 16


def test_item_guide_shows_the_whole_guide(client):
    html = client.get("/items/CRJ-001/").content.decode()
    for fact in ["普通护照", "¥120.00", "7个工作日", "出入境管理支队", "《护照法》", "办理流程"]:
        assert fact in html, fact


def test_item_guide_in_english(client):
    html = english(client).get("/items/CRJ-001/").content.decode()
    assert '<html lang="en"' in html
    for fact in ["passport", "¥120.00", "7 working days", "Legal basis", "How it works"]:
        assert fact.lower() in html.lower(), fact


def test_every_item_has_a_guide_page_in_both_languages(client):
    from policeonline.catalog.models import Item

    codes = list(Item.objects.values_list("code", flat=True))
    assert len(codes) == 105
    for code in codes:
        assert client.get(f"/items/{code}/").status_code == 200
    english(client)
    for code in codes:
        assert client.get(f"/items/{code}/").status_code == 200


def test_unknown_item_is_404(client):
    assert client.get("/items/XX-999/").status_code == 404


def test_language_switch_sets_a_cookie_and_returns(client):
    response = client.post("/prefs/language", {"language": "en", "next": "/services/HZ/"})
    assert response.status_code == 302 and response["Location"] == "/services/HZ/"
    assert client.get("/services/HZ/").content.decode().count("Household") >= 1


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post("/prefs/language", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_elder_mode_enlarges_every_page(client):
    client.post("/prefs/elder", {"elder": "1", "next": "/"})
    assert '<html lang="zh-Hans" class="elder"' in client.get("/").content.decode()
    client.post("/prefs/elder", {"elder": "0", "next": "/"})
    assert 'class="elder"' not in client.get("/").content.decode()


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_unknown_pages_get_a_localised_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
