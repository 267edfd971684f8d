"""Online applications as citizens and officers meet them: `python -m policeonline.demo` with both
zones, both exchange workers and the ferry, driven in Chromium. Each scenario starts on the portal,
crosses to the back office through the real ferry, and comes back:

- 无犯罪记录证明 (ZA-001) from the item guide to a downloaded e-certificate whose code the
  portal's verification page calls genuine (and a tampered copy not genuine);
- a request for corrections (补正) answered with a new file and a corrected field;
- a refusal (不予受理) whose legal reason and basis the citizen reads.

This process is the internet zone: it imports no intranet code and drives the back office only
through the browser. Texts are asserted in Chinese as the user sees them; a UI string is looked up
through the zone's own translations (``zh``), so a string not yet translated is matched in
English, and buttons are found by their name/value or form action rather than their words.
"""

import io
import re
import time

import pytest
from django.utils import translation
from django.utils.translation import gettext

from policeonline.demo.accounts import CITIZEN_PASSWORD, OFFICER_PASSWORD, SEED_APPLICANTS
from tests.e2e.launcher import SHARED_PORTS

PORTAL, BACK_OFFICE = SHARED_PORTS  # the session's seeded demo (tests/e2e/conftest.py)
PORTAL_URL, BACK_OFFICE_URL = f"http://127.0.0.1:{PORTAL}", f"http://127.0.0.1:{BACK_OFFICE}"
CROSSING_SECONDS = 20  # portal → ferry → back office (or back): a few seconds in practice
RECEIPT = re.compile(r"^JN-2026-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")
# The demo seeds these citizens as real-name verified (policeonline.demo.accounts). The demo's
# own citizen 张三 cannot apply: it is unverified and /accounts/me/ offers no way to verify it.
FIRST, SECOND = ({"name": p["name"], "phone": p["phone"]} for p in SEED_APPLICANTS)
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.demo]


def zh(message: str) -> str:
    """A UI string as the portal and back office show it by default (zh-hans)."""
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture(scope="module")
def demo(shared_demo):
    # Seeded: the demo applications have crossed and been moved along before tests begin.
    return shared_demo


@pytest.fixture(scope="module")
def officer(demo, browser):
    """A signed-in back-office page per police number, kept for the module: an authenticator
    code is accepted once, so signing in twice within 30 seconds would be refused."""
    contexts, pages = [], {}

    def page_for(police_number: str):
        if police_number not in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(10_000)
            contexts.append(context)
            pages[police_number] = sign_in_officer(context.new_page(), police_number)
        return pages[police_number]

    yield page_for
    for context in contexts:
        context.close()


@pytest.fixture
def citizen_context(demo, browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


def sign_in_officer(page, police_number, back_office_url=BACK_OFFICE_URL):
    """Password plus the authenticator code the demo's sign-in page lists for the officer."""
    refused_code = None
    for _attempt in range(3):
        page.goto(f"{back_office_url}/officers/login/")
        code = _current_code(page, police_number)
        deadline = time.monotonic() + 35
        while code == refused_code and time.monotonic() < deadline:  # wait for the next code
            time.sleep(2)
            page.reload()
            code = _current_code(page, police_number)
        page.fill("#id_username", police_number)
        page.fill("#id_password", OFFICER_PASSWORD)
        page.fill("#id_otp_token", code)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        if page.url == f"{back_office_url}/":
            return page
        refused_code = code  # the code turned over between reading and sending it
    pytest.fail(f"officer {police_number} could not sign in: {page.locator('main').inner_text()[:300]}")


def _current_code(page, police_number) -> str:
    return page.locator("tr", has_text=police_number).locator("td").nth(4).inner_text().strip()


def sign_in_citizen(context, person, portal_url=PORTAL_URL):
    page = context.new_page()
    page.goto(f"{portal_url}/accounts/login/")
    page.fill("#id_username", person["phone"])
    page.fill("#id_password", CITIZEN_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/me/")
    assert page.locator(".verification-verified").count() == 1, page.locator("#verification").inner_text()
    return page


def start_application(page, item_code, item_name):
    """From the item guide: 网上申请 → start a new application → the form page."""
    page.goto(f"{PORTAL_URL}/items/{item_code}/")
    page.click(f".apply-box a[href='/apply/{item_code}/']")
    page.wait_for_url(f"**/apply/{item_code}/")
    page.click("main form[method=post] button[type=submit]")  # start a new application
    page.wait_for_url(re.compile(r".*/applications/[0-9a-f-]{36}/edit/$"))
    assert page.locator("main h1").inner_text() == item_name
    assert page.input_value("#f-applicant_name")  # filled in from the verified identity


def review_and_submit(page) -> str:
    page.click("button[name=action][value=review]")
    page.wait_for_url(re.compile(r".*/applications/[0-9a-f-]{36}/review/$"))
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    assert page.locator("main .error-text").count() == 0  # no missing material
    page.click("main .apply-box form[method=post] button[type=submit]")
    page.wait_for_url(re.compile(r".*/applications/[0-9a-f-]{36}/$"))
    receipt = page.locator("#receipt-no").inner_text().strip()
    assert RECEIPT.match(receipt), receipt
    return receipt


def open_case(page, receipt):
    """Find the receipt number in the officer's queue "awaiting acceptance" once it has crossed."""
    page.goto(f"{BACK_OFFICE_URL}/cases/?q=incoming")
    link = page.locator("table.case-queue a", has_text=receipt)
    deadline = time.monotonic() + CROSSING_SECONDS
    while link.count() == 0:
        assert time.monotonic() < deadline, f"{receipt} did not reach the back office"
        time.sleep(1)
        page.reload()
    link.click()
    page.wait_for_url(re.compile(r".*/cases/\d+/$"))
    assert page.locator("main h1 + dl").inner_text().count(receipt) == 1


def claim(page):
    page.click("form[action$='/claim/']:not(:has(input[name=release])):not(:has(select)) button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("form[action$='/claim/'] input[name=release]").count() == 1  # now "Release"


def act(page, action, *, reason="", note="", fields=(), slots=(), expect_state):
    """Open the action's panel, fill it and send it; the case shows its new state."""
    panel = page.locator(f"details.action:has(form[action$='/act/{action}/'])")
    panel.locator("summary").click()
    if reason:
        panel.locator("select[name=reason]").select_option(reason)
    for name in fields:
        panel.locator(f"input[name=fields][value={name}]").check()
    for name in slots:
        panel.locator(f"input[name=slots][value={name}]").check()
    if note:
        panel.locator("textarea[name=note]").fill(note)
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
    assert page.locator("#case-state").inner_text().strip() == expect_state


def wait_for_state(page, state, seconds=CROSSING_SECONDS):
    """Reload the citizen's application page until the back office's step has crossed back."""
    deadline = time.monotonic() + seconds
    while (shown := page.locator("#app-state").inner_text().strip()) != state:
        assert time.monotonic() < deadline, f"the application is still {shown!r}, not {state!r}"
        time.sleep(1)
        page.reload()


def sample_pdf(path, label):
    from reportlab.pdfgen import canvas

    document = canvas.Canvas(str(path))
    document.drawString(72, 760, f"DEMO material: {label}")
    document.showPage()
    document.save()
    return path


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_certificate_of_no_criminal_record_from_application_to_verified_pdf(
        officer, citizen_context, tmp_path):
    citizen = sign_in_citizen(citizen_context, FIRST)
    start_application(citizen, "ZA-001", "无犯罪记录证明开具")
    citizen.check("input[name=purpose][value=employment]")
    citizen.fill("#f-recipient", "济南示范科技有限公司")
    citizen.check("input[name=period][value=since_18]")
    citizen.check("input[name=delivery_method][value=collect]")
    citizen.check("#f-declaration")
    citizen.set_input_files("#upload-purpose_letter", sample_pdf(tmp_path / "介绍信.pdf", "purpose letter"))
    receipt = review_and_submit(citizen)
    assert citizen.locator("#app-state").inner_text().strip()  # a status, before any crossing

    clerk = officer("500001")  # 吴刚, clerk of 治安管理支队 (public_order)
    open_case(clerk, receipt)
    checks = clerk.locator("table.checks").inner_text()
    assert FIRST["name"] in checks  # the information comparison: declared name against the registry
    assert clerk.locator("table.checks tr.check-pass").count() >= 2
    assert clerk.locator("table.checks tr.check-fail").count() == 0
    assert "介绍信.pdf" in clerk.locator("main").inner_text()
    assert clerk.locator("#case-state").inner_text().strip() == "待受理"
    claim(clerk)
    act(clerk, "accept", expect_state="审核中")  # 受理
    act(clerk, "recommend", expect_state="待审批")  # 审核通过，报请审批

    approver = officer("500002")  # 秦岚, supervisor and approver
    approver.goto(clerk.url)
    act(approver, "approve", expect_state="已批准，待出证")  # 批准
    clerk.reload()
    claim(clerk)
    act(clerk, "issue", expect_state="已办结")  # 出证办结

    wait_for_state(citizen, "已办结")
    assert "出证办结" in citizen.locator(".timeline").inner_text()
    link = citizen.locator("a[href*='/documents/']")
    assert "无犯罪记录证明" in link.inner_text() and "PDF" in link.inner_text()
    with citizen.expect_download() as download:
        link.click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "无犯罪记录证明" in text and FIRST["name"] in text
    flat = text.replace("\n", "")
    assert "此证明用于就业、入职。" in flat  # the option's words, not its stored value
    assert "未发现有犯罪记录" in flat  # what the certificate certifies
    found = re.search(r"PSO1\.[A-Za-z0-9_\-.\n]+", text)  # printed over several lines
    assert found, text
    code = found.group(0).replace("\n", "")
    assert code.count(".") == 2, code

    citizen.goto(f"{PORTAL_URL}/c/{code}")
    verdict = citizen.locator(".verdict")
    assert "verdict-valid" in verdict.get_attribute("class")
    assert zh("Genuine and valid") in verdict.inner_text()
    assert "无犯罪记录证明" in verdict.inner_text() and FIRST["name"][0] + "*" in verdict.inner_text()

    head, signature = code.rsplit(".", 1)
    middle = len(signature) // 2
    changed = "B" if signature[middle] == "A" else "A"  # one character, still valid base64url
    tampered = f"{head}.{signature[:middle]}{changed}{signature[middle + 1:]}"
    citizen.goto(f"{PORTAL_URL}/c/{tampered}")
    verdict = citizen.locator(".verdict")
    assert "verdict-not_genuine" in verdict.get_attribute("class")
    assert zh("Not genuine") in verdict.inner_text()
    assert FIRST["name"][0] + "*" not in verdict.inner_text()  # nothing from a code that is not genuine


def apply_for_residence_endorsement(citizen, tmp_path) -> str:
    """居住证签注 (JZ-003, 户政, accepted and completed by one clerk): a short form and one file."""
    start_application(citizen, "JZ-003", "居住证签注")
    citizen.select_option("#f-current_address-district", label="历下区")
    citizen.fill("#f-current_address-detail", "经十路100号1单元201室")
    citizen.fill("#f-permit_no", "370102202400001")
    citizen.check("input[name=basis][value=employment]")
    citizen.check("#f-declaration")
    citizen.set_input_files("#upload-basis_proof", sample_pdf(tmp_path / "劳动合同.pdf", "contract"))
    return review_and_submit(citizen)


def test_corrections_are_requested_and_resubmitted(officer, citizen_context, tmp_path):
    citizen = sign_in_citizen(citizen_context, SECOND)
    receipt = apply_for_residence_endorsement(citizen, tmp_path)

    clerk = officer("100001")  # 王建国, clerk of 人口管理支队（户政）
    open_case(clerk, receipt)
    claim(clerk)
    note = "劳动合同扫描件不清晰，请重新上传；请核对居住证号码。"
    act(clerk, "request_supplement", note=note, fields=["permit_no"], slots=["basis_proof"],
        expect_state="待补正")

    wait_for_state(citizen, "待补正")
    notice = citizen.locator("main .notice", has_text=note)
    assert notice.count() == 1
    notice.locator("a[href$='/edit/']").click()  # 补正后重新提交
    citizen.wait_for_url(re.compile(r".*/applications/[0-9a-f-]{36}/edit/$"))
    assert note in citizen.locator("main .notice").inner_text()
    assert citizen.input_value("#f-permit_no") == "370102202400001"  # what was sent stays filled in
    assert citizen.locator("#upload-basis_proof-current", has_text="劳动合同.pdf").count() == 1
    citizen.fill("#f-permit_no", "370102202400002")
    clearer = sample_pdf(tmp_path / "劳动合同（清晰）.pdf", "contract, clearer")
    citizen.set_input_files("#upload-basis_proof", clearer)
    citizen.click("button[name=action][value=resubmit]")
    citizen.wait_for_url(re.compile(r".*/applications/[0-9a-f-]{36}/$"))
    assert zh("Corrections sent") in citizen.locator(".timeline").inner_text()

    wait_for_state(citizen, "待受理")  # back where the corrections were asked for
    timeline = citizen.locator(".timeline").inner_text()
    assert zh("Corrections received") in timeline and "要求补正" in timeline
    assert citizen.locator("main .notice", has_text=note).count() == 0
    assert "370102202400002" in citizen.locator("main .review-list").inner_text()

    clerk.reload()
    assert clerk.locator("#case-state").inner_text().strip() == "待受理"
    materials = clerk.locator("main li", has_text="劳动合同（清晰）.pdf").inner_text()
    # the material's name, not its slot code, and the round it came in
    assert "居住地住址、就业或就读证明" in materials and "basis_proof" not in materials
    assert (zh("round %(r)s") % {"r": 2}) in materials
    assert "370102202400002" in clerk.locator("main .review-list").inner_text()


def test_a_refusal_shows_its_legal_reason(officer, citizen_context):
    citizen = sign_in_citizen(citizen_context, SECOND)
    start_application(citizen, "HZ-012", "同名同姓（重名）查询")  # 户政, a three-field form
    citizen.fill("#f-proposed_name", "赵小六")
    citizen.check("input[name=scope][value=jinan]")
    citizen.check("#f-declaration")
    receipt = review_and_submit(citizen)

    clerk = officer("100001")
    open_case(clerk, receipt)
    claim(clerk)
    options = clerk.locator("select[name=reason] option").all_text_contents()
    assert any(text.startswith("同一事项已有正在办理的申请") for text in options), options
    act(clerk, "refuse", reason="duplicate", note="您已有一件同名查询正在办理。", expect_state="不予受理")

    wait_for_state(citizen, "不予受理")
    refusal = citizen.locator(".timeline li", has_text="不予受理").inner_text()
    assert "同一事项已有正在办理的申请" in refusal
    assert "《公安机关办理行政许可事项规定》" in refusal
    assert "您已有一件同名查询正在办理。" in refusal
    assert citizen.locator("form[action$='/withdraw/']").count() == 0  # closed: nothing to withdraw
