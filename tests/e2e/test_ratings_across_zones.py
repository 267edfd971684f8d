"""Public progress query and 好差评 in a real browser on the shared demo: anyone with a receipt
number and the applicant's name sees the step (nothing with a wrong name); 周八 rates a
finished case 非常不满意, the rating crosses the boundary and a rectification task appears in
the department's back office; the supervisor answers and 周八 sees the follow-up."""

import re
import time
from pathlib import Path

import pytest
import yaml

from policeonline.demo.accounts import OFFICERS, SEED_APPLICANTS
from tests.e2e.test_applications_across_zones import sign_in_citizen, sign_in_officer

pytestmark = pytest.mark.demo
ZHOU_BA = SEED_APPLICANTS[1]  # 周八: seeded applications in every department and state
CATALOG = Path(__file__).resolve().parents[2] / "src/policeonline/catalog/data/catalog.yaml"


def _supervisor_for(department_name: str) -> str:
    """The demo supervisor of the department the case page names (in either language)."""
    departments = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))["departments"]
    code = next(d["code"] for d in departments if department_name in (d["name"]["zh"], d["name"]["en"]))
    return next(number for number, _f, _g, dept, roles in OFFICERS if dept == code and "supervisor" in roles)


def _wait_for(page, url, selector, seconds=60):
    deadline = time.monotonic() + seconds
    while True:  # the exchange workers and the ferry carry it across
        page.goto(url)
        if page.locator(selector).count() or time.monotonic() > deadline:
            return page.locator(selector)
        time.sleep(1)


def test_progress_query_shows_the_step_only_with_the_name(browser, shared_demo):
    citizen = sign_in_citizen(browser.new_context(), ZHOU_BA, portal_url=shared_demo.portal)
    citizen.goto(f"{shared_demo.portal}/applications/?status=open")
    row = citizen.locator("tbody tr").first
    receipt_no = row.locator("td.mono").inner_text().strip()
    state = row.locator(".badge").inner_text().strip()

    public = browser.new_context().new_page()  # nobody signed in
    public.goto(f"{shared_demo.portal}/")
    public.click("a[href='/progress/']")
    public.fill("#id_receipt_no", receipt_no)
    public.fill("#id_factor", "张三")  # not the applicant
    with public.expect_navigation():  # is_visible() and count() do not wait for the next page
        public.click("main form button[type=submit]")
    assert public.locator("#progress-error").is_visible()
    assert public.locator("#progress-result").count() == 0
    public.fill("#id_receipt_no", receipt_no)
    public.fill("#id_factor", ZHOU_BA["name"])
    public.click("main form button[type=submit]")
    assert public.locator("#progress-state").inner_text().strip() == state
    result = public.locator("#progress-result").inner_text()
    for personal in (ZHOU_BA["name"], ZHOU_BA["phone"], ZHOU_BA["id_number"]):
        assert personal not in result


def test_a_poor_rating_opens_a_rectification_task_and_the_answer_comes_back(browser, shared_demo):
    citizen = sign_in_citizen(browser.new_context(), ZHOU_BA, portal_url=shared_demo.portal)
    citizen.goto(f"{shared_demo.portal}/applications/?status=closed")
    links = [a.get_attribute("href") for a in citizen.locator("tbody tr td:first-child a").all()]
    for href in reversed(links):  # the oldest first: other modules look at the newest
        citizen.goto(f"{shared_demo.portal}{href}")
        if citizen.locator("#rating-panel form").count():
            break
    else:
        pytest.fail("周八 has no finished application left to rate")
    case_url, receipt_no = citizen.url, citizen.locator("#receipt-no").inner_text().strip()
    handled_by = citizen.locator("dt", has_text=re.compile("实施主体|Handled by"))
    department = handled_by.locator("xpath=../dd").inner_text()
    citizen.check("#rating-panel input[name=level][value='1']")  # 非常不满意
    citizen.fill("#rating-comment", "材料被要求提交了两次")
    citizen.click("#rating-panel button[type=submit]")
    assert "材料被要求提交了两次" in citizen.locator("#rating-given").inner_text()
    assert citizen.locator("#rating-panel form").count() == 0  # one rating only

    officer = browser.new_context().new_page()
    officer.set_default_timeout(15_000)
    sign_in_officer(officer, _supervisor_for(department.strip()), back_office_url=shared_demo.back_office)
    link = _wait_for(officer, f"{shared_demo.back_office}/rectification/",
                     f"#rectification-list a:text('{receipt_no}')")
    assert link.count() == 1, "the rectification task did not reach the back office"
    link.click()
    assert "材料被要求提交了两次" in officer.locator("main").inner_text()
    officer.click("form[action$='/claim/'] button")
    officer.fill("#id_answer", "已核实：窗口重复要求提交材料，已对经办人员进行培训。")
    with officer.expect_navigation():
        officer.click("form[action$='/answer/'] button")
    assert officer.locator("#task-answer").is_visible()

    followup = _wait_for(citizen, case_url, "#rating-followup:has-text('已对经办人员进行培训')")
    assert followup.count() == 1, "the follow-up did not reach the portal"
    assert citizen.locator("#rating-panel input[name=kind][value=followup]").count() == 1  # may rate it now
