"""The transparency log on the shared demo: the intranet's scheduler signs a tree head over
the seeded cases' events and the portal publishes it after checking it; 孙七 downloads the
proof for one of her cases, the portal's verification page and the offline verifier accept
it, and one edited entry is named by its log index. (Read-only: 孙七's cases are not moved.)"""

import json
import time

import pytest

from policeonline.demo.accounts import SEED_APPLICANTS
from policeonline.transparency import verify as offline
from tests.e2e.test_applications_across_zones import sign_in_citizen

pytestmark = pytest.mark.demo
SUN_QI = SEED_APPLICANTS[0]


def test_a_citizen_proves_her_case_on_the_portal_and_offline(browser, shared_demo, tmp_path, capsys):
    page = sign_in_citizen(browser.new_context(accept_downloads=True), SUN_QI,
                           portal_url=shared_demo.portal)
    deadline = time.monotonic() + 180  # the scheduler signs every minute; the ferry carries it
    while True:
        page.goto(f"{shared_demo.portal}/transparency/mine/")
        if page.locator("a[download]").count() or time.monotonic() > deadline:
            break
        time.sleep(2)
    with page.expect_download() as download:
        page.locator("a[download]").first.click()
    path = tmp_path / "proof.json"
    download.value.save_as(path)
    key = tmp_path / "log-key.pem"
    key.write_text(page.request.get(f"{shared_demo.portal}/transparency/key.pem").text())
    assert offline.main([str(path), "--key", str(key)]) == 0
    assert "VERIFIED" in capsys.readouterr().out

    page.goto(f"{shared_demo.portal}/transparency/verify/")
    page.set_input_files("#id_document", str(path))
    with page.expect_navigation():  # is_visible() does not wait: read the new page, not this one
        page.click("main form button[type=submit]")
    assert page.locator(".verdict-good").is_visible()

    proof = json.loads(path.read_text())
    first = proof["entries"][0]
    tampered = first["entry"].replace('"seq":1', '"seq":2')
    assert tampered != first["entry"], first["entry"]
    first["entry"] = tampered
    page.fill("#id_text", json.dumps(proof))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".verdict-bad").is_visible(), page.locator("main").inner_text()[:800]
    assert str(first["index"]) in page.locator(".verdict-bad strong").inner_text()
