"""The back office's menu offers only pages that open for the officer reading it. The demo
walk found every clerk's menu linking to 号牌号码池, 通行证, 认证记录, 值班警情提示 and 边界交换,
each answering 无权访问 (403) — for 户政, 出入境 and 治安 clerks, approvers and the leadership."""

import re

import pytest

from .conftest import make_officer, sign_in

pytestmark = pytest.mark.django_db

OFFICERS = [
    ("100101", "population", ["clerk"]),
    ("200101", "exit_entry", ["clerk"]),
    ("300101", "vehicle_admin", ["clerk"]),
    ("400101", "traffic", ["clerk"]),
    ("500101", "public_order", ["clerk"]),
    ("500102", "public_order", ["supervisor", "approver"]),
    ("900101", None, ["auditor"]),
    ("910101", None, ["duty_officer"]),
    ("900100", None, ["admin"]),
    ("990101", None, ["leader"]),
]


def menu_links(html: str) -> list[str]:
    nav = html[html.index('class="main-nav"'):]
    nav = nav[:nav.index("</nav>")]
    return re.findall(r'href="([^"#]+)"', nav)


@pytest.mark.parametrize(("number", "department", "roles"), OFFICERS)
def test_every_menu_entry_opens(client, number, department, roles):
    sign_in(client, make_officer(number, department, roles))
    links = menu_links(client.get("/").content.decode())
    assert "/cases/" in links
    refused = {href: client.get(href).status_code for href in links}
    assert {href: code for href, code in refused.items() if code != 200} == {}


def test_pages_kept_off_a_clerks_menu_are_still_offered_to_whom_they_serve(client):
    sign_in(client, make_officer("300102", "vehicle_admin", ["clerk"]))
    assert "/plates/" in menu_links(client.get("/").content.decode())
    client.logout()
    sign_in(client, make_officer("910102", None, ["duty_officer"]))
    links = menu_links(client.get("/").content.decode())
    assert "/verification/alerts/" in links and "/verification/" in links
    assert "/exchange/" not in links and "/plates/" not in links
