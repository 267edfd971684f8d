"""Catalog pages and API held per process (ADR 0036): what a visitor sees is never stale after a
load, never someone else's, and the right language and text size."""

import re
import shutil
import time

import pytest
import yaml
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import render
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from policeonline.accounts.citizens.models import User
from policeonline.catalog.loader import DATA_DIR, load_catalog
from policeonline.catalog.models import CatalogEdition, Item
from policeonline.portal.framed import render_framed

pytestmark = pytest.mark.django_db

PAGES = ["/", "/services/CRJ/", "/items/CRJ-001/", "/search/?q=%E6%8A%A4%E7%85%A7"]
NEW_NAME = {"zh": "普通护照首次申领（二〇二七版）", "en": "First ordinary passport (2027 edition)"}
NEW_SUMMARY = {"zh": "新版办事指南：材料减少为一项。", "en": "New guide: one document is enough."}


def _renamed_catalog(tmp_path):
    """A copy of the catalog files where CRJ-001 has a new name and summary in both languages."""
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = data_dir / "categories" / "CRJ.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["code"] == "CRJ-001")
    item["name"], item["summary"] = dict(NEW_NAME), dict(NEW_SUMMARY)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return data_dir


def _visitor(language="zh-hans", elder=False, **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies["lang"] = language
    if elder:
        client.cookies["elder"] = "1"
    return client


def _html(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_load_shows_the_new_texts_at_once_on_every_page_and_the_api_in_both_languages(tmp_path):
    zh, en = _visitor(), _visitor("en")
    pages = PAGES + ["/search/?q=passport"]
    for client in (zh, en):  # everything held before the load
        for path in pages:
            assert NEW_NAME["zh"] not in _html(client, path)
    before = client.get("/api/v1/catalog/items/CRJ-001").json()
    listed = client.get("/api/v1/catalog/items", {"category": "CRJ"}).json()["items"]
    assert before["name"]["zh"] != NEW_NAME["zh"] and listed[0]["name"]["zh"] != NEW_NAME["zh"]

    load_catalog(_renamed_catalog(tmp_path))

    for path in ["/", "/services/CRJ/", "/search/?q=%E6%8A%A4%E7%85%A7"]:  # CRJ-001 is on these
        assert NEW_NAME["zh"] in _html(zh, path), path
        assert NEW_NAME["en"] in _html(en, path), path
    guide_zh, guide_en = _html(zh, "/items/CRJ-001/"), _html(en, "/items/CRJ-001/")
    assert NEW_NAME["zh"] in guide_zh and NEW_SUMMARY["zh"] in guide_zh
    assert NEW_NAME["en"] in guide_en and NEW_SUMMARY["en"] in guide_en
    assert f"<title>{NEW_NAME['en']} ·" in guide_en
    assert 'href="/items/CRJ-001/"' in _html(en, "/search/?q=2027")  # searched afresh too
    item = zh.get("/api/v1/catalog/items/crj-001").json()
    assert item["name"] == NEW_NAME and item["summary"] == NEW_SUMMARY
    listed = zh.get("/api/v1/catalog/items", {"category": "CRJ"}).json()["items"]
    assert listed[0]["code"] == "CRJ-001" and listed[0]["name"] == NEW_NAME
    found = zh.get("/api/v1/catalog/items", {"q": "2027"}).json()
    assert [i["code"] for i in found["items"]] == ["CRJ-001"]


def test_a_load_that_is_rolled_back_leaves_the_pages_as_they_were(tmp_path):
    visitor = _visitor()

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        load_catalog(_renamed_catalog(tmp_path))
        assert NEW_NAME["zh"] in _html(visitor, "/items/CRJ-001/")
        raise Undo
    assert NEW_NAME["zh"] not in _html(visitor, "/items/CRJ-001/")
    assert visitor.get("/api/v1/catalog/items/CRJ-001").json()["name"]["zh"] != NEW_NAME["zh"]


@override_settings(CATALOG_RECHECK_MS=50)
def test_a_load_by_another_process_is_seen_within_the_recheck_interval():
    """Another process's load sends no signal here: only the database tells."""
    visitor = _visitor()
    assert "另一进程的新名称" not in _html(visitor, "/items/CRJ-001/")
    edition = CatalogEdition.objects.first()
    # What a load elsewhere leaves behind, written without this process's model signals.
    Item.objects.filter(code="CRJ-001").update(name_zh="另一进程的新名称")
    CatalogEdition.objects.bulk_create([CatalogEdition(edition="2027.1", digest="f" * 64,
                                                       item_count=edition.item_count)])
    time.sleep(0.06)
    assert "另一进程的新名称" in _html(visitor, "/items/CRJ-001/")
    assert visitor.get("/api/v1/catalog/items/CRJ-001").json()["name"]["zh"] == "另一进程的新名称"


def test_a_signed_in_visitors_name_and_menu_never_reach_another_visitor(citizen):
    mine, sign_in, sign_out = (reverse("applications:mine"), reverse("citizens:login"),
                               reverse("citizens:logout"))
    signed_in = Client()
    signed_in.force_login(citizen)
    for path in PAGES:  # the signed-in visitor comes first, while the pages are being held
        html = _html(signed_in, path)
        assert citizen.name in html and f'href="{mine}"' in html and sign_out in html, path
    for language in ("zh-hans", "en"):
        anonymous = _visitor(language)
        for path in PAGES:
            html = _html(anonymous, path)
            assert citizen.name not in html, path
            assert f'href="{mine}"' not in html and sign_out not in html, path
            assert f'href="{sign_in}"' in html, path
    assert citizen.name in _html(signed_in, "/items/CRJ-001/")  # and they still see their own


def test_each_visitor_gets_their_own_working_csrf_token():
    for _visit in range(2):  # the second visitor is served the held frame
        visitor = Client(enforce_csrf_checks=True)
        html = _html(visitor, "/items/CRJ-001/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        response = visitor.post("/prefs/elder", {"elder": "1", "next": "/items/CRJ-001/",
                                                 "csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert '<html lang="zh-Hans" class="elder"' in _html(visitor, "/items/CRJ-001/")


def test_languages_and_text_sizes_each_get_their_own_page():
    variants = [("zh-hans", False), ("en", False), ("zh-hans", True), ("en", True)]
    for _round in range(2):  # the second round is served from what the first held
        for language, elder in variants:
            visitor = _visitor(language, elder)
            for path in PAGES:
                html = _html(visitor, path)
                opening = re.search(r"<html[^>]*>", html).group()
                assert ('lang="en"' in opening) == (language == "en"), (path, opening)
                assert ('class="elder"' in opening) == elder, (path, opening)
                english = language == "en"  # CRJ-001 is on each of these pages
                assert ("First ordinary passport" in html) == english, path
                assert ("普通护照首次申领" in html) != english, path
                assert ('aria-pressed="true"' in html) == elder, path


def test_the_page_after_a_search_echoes_that_search_only():
    visitor = _visitor()
    assert "value=\"护照\"" in _html(visitor, "/search/?q=%E6%8A%A4%E7%85%A7")
    html = _html(visitor, "/search/?q=%3Cb%3E%E6%8A%A4%E7%85%A7")  # <b>护照
    assert "value=\"&lt;b&gt;护照\"" in html and "<b>护照" not in html


@pytest.mark.parametrize("template_name, slots", [
    ("portal/page.html", {"title": "护照 <& \"guide\">", "content": "<p>held</p>"}),
    ("portal/home.html", {"catalog": "<section>c</section>", "notices": "<section>n</section>",
                          "featured": "<section>f</section>"}),
    ("portal/search.html", {"search": "<form>s</form>"}),
])
@pytest.mark.parametrize("language, elder", [("zh-hans", False), ("en", True)])
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_held_frame_is_the_full_rendering(template_name, slots, language, elder, signed_in):
    """The frame cut once and filled per request gives the same page as rendering it whole,
    for an anonymous visitor and for signed-in visitors, each with their own name."""
    from django.utils.safestring import mark_safe

    slots = {k: (v if k == "title" else mark_safe(v)) for k, v in slots.items()}  # noqa: S308
    people = [AnonymousUser(), AnonymousUser()]
    if signed_in:
        people = [User.objects.create_citizen(name="张<三>", id_number="37010219900307106X",
                                              phone="13800000001", password="Jinan#2026road"),
                  User.objects.create_company(company_name='济南"示范"&科技',
                                              credit_code="91370100MA3C00000E",
                                              name="王五", id_number="370120197001010013",
                                              phone="13800000003", password="Jinan#2026road")]

    def request(path, user):
        made = RequestFactory().get(path)
        made.user, made.elder_mode, made.htmx, made.COOKIES = user, elder, False, {}
        return made

    def page(response) -> str:
        return re.sub(r'value="[A-Za-z0-9]{64}"', 'value="TOKEN"', response.content.decode())

    with translation.override(language):
        # the second is served held, to another person when signed in
        for path, user in [("/items/CRJ-001/", people[0]), ('/search/?q=<x>&"y"', people[1])]:
            framed = page(render_framed(request(path, user), template_name, slots))
            whole = page(render(request(path, user), template_name, slots))
            assert framed == whole
            assert 'value="TOKEN"' in framed
            if signed_in:
                assert escape(str(user)) in framed and reverse("citizens:logout") in framed
                if user is people[1]:
                    assert escape(str(people[0])) not in framed


def test_a_frame_that_asks_more_of_the_signed_in_user_is_rendered_whole(citizen, tmp_path, settings):
    """Only the name and "signed in" are filled into a held frame; a page frame showing anything
    else of the user (here the phone number) is rendered in full for each visitor."""
    other = User.objects.create_citizen(name="李四", id_number="370102198506150021",
                                        phone="13800000002", password="Jinan#2026road")
    (tmp_path / "asks.html").write_text('{% extends "portal/base.html" %}'
                                        "{% block content %}{{ user.phone }}{{ content }}{% endblock %}")
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    for person in (citizen, other, citizen):
        made = RequestFactory().get("/items/CRJ-001/")
        made.user, made.elder_mode, made.htmx, made.COOKIES = person, False, False, {}
        html = render_framed(made, "asks.html", {"content": "!"}).content.decode()
        assert f"{person.phone}!" in html and person.name in html
