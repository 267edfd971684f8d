"""What a citizen sees in a real browser: live search, the guide in two languages,
registration with an SMS code, elder mode, error messages and keyboard access.

Chinese strings are the ones in locale/zh_Hans/LC_MESSAGES/django.po.
"""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from policeonline.accounts.citizens.models import User
from tests.internet.conftest import PASSWORD, last_code

pytestmark = pytest.mark.browser

NEW_ID = "370102198506150021"
BAD_CHECK_DIGIT_ID = "370102198506150022"
NEW_PHONE = "13900000002"


def font_size(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")


def fill_registration(page, id_number: str):
    """Fill the individual registration form as a citizen does, with a real SMS code."""
    page.goto("/accounts/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("个人用户注册")
    page.locator("#id_name").fill("李四")
    page.locator("#id_id_number").fill(id_number)
    page.locator("#id_phone").fill(NEW_PHONE)
    page.locator("button[name=action][value=send_code]").click()
    # The page comes back with what was typed and a note that the code was sent.
    expect(page.get_by_role("status")).to_contain_text("验证码已发送")
    expect(page.locator("#id_name")).to_have_value("李四")
    expect(page.locator("#id_id_number")).to_have_value(id_number)
    page.locator("#id_sms_code").fill(last_code(NEW_PHONE))
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_agree").check()
    page.locator("button[name=action][value=register]").click()


def test_search_as_you_type_then_read_the_guide_in_chinese_and_english(page, catalog):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    box = page.get_by_role("searchbox", name="搜索服务事项")
    expect(box).to_have_id("q")
    box.press_sequentially("护照", delay=50)
    # htmx swaps the results in while typing: no Enter, no page load.
    results = page.locator("#search-results")
    expect(results.locator('a[href="/items/CRJ-001/"]')).to_be_visible()
    expect(results.locator('a[href="/items/CRJ-002/"]')).to_be_visible()
    expect(results.locator('a[href="/items/HZ-001/"]')).to_have_count(0)
    expect(results).to_contain_text("护照")
    assert urlparse(page.url).path == "/" and not urlparse(page.url).query  # still the home page

    first = results.locator(".item-card a").first
    expect(first).to_have_attribute("href", "/items/CRJ-001/")
    first.click()
    expect(page).to_have_url(re.compile(r"/items/CRJ-001/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("普通护照首次申领")
    expect(page.get_by_role("heading", name="办理流程")).to_be_visible()
    guide = page.locator("article.guide")
    expect(guide).to_contain_text("¥120.00")
    expect(guide).to_contain_text("7个工作日")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/items/CRJ-001/$"))  # back on the same page
    expect(page.get_by_role("heading", name="How it works")).to_be_visible()
    expect(guide).to_contain_text("7 working days")
    expect(guide).to_contain_text("¥120.00")
    expect(page.get_by_role("button", name="简体中文")).to_be_visible()

    page.goto("/search/")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the choice is remembered
    page.get_by_role("searchbox", name="Search services").press_sequentially("passport", delay=30)
    results = page.locator("#search-results")
    expect(results.locator('a[href="/items/CRJ-001/"]')).to_be_visible()
    expect(results.locator('a[href="/items/CRJ-002/"]')).to_be_visible()
    expect(results.locator('a[href="/items/HZ-001/"]')).to_have_count(0)
    expect(results).to_contain_text("passport", ignore_case=True)


def test_live_search_keeps_one_results_region(page, catalog):
    """The fragment is itself <div id="search-results" aria-live>: it must replace the region
    (hx-swap="outerHTML"), not be nested inside it (a duplicate id and a second live region)."""
    page.goto("/")
    expect(page.locator("#search-results")).to_have_count(1)
    page.get_by_role("searchbox", name="搜索服务事项").press_sequentially("护照", delay=50)
    expect(page.locator('#search-results a[href="/items/CRJ-001/"]').first).to_be_visible()
    page.get_by_role("searchbox", name="搜索服务事项").fill("驾驶证")  # a second swap
    expect(page.locator('#search-results a[href="/items/CRJ-001/"]')).to_have_count(0)
    expect(page.locator("#search-results .item-card").first).to_be_visible()
    assert page.locator("#search-results").count() == 1
    assert page.locator("[aria-live]").count() == 1


def test_register_sign_out_and_sign_in_again(page, catalog):
    fill_registration(page, NEW_ID)

    expect(page).to_have_url(re.compile(r"/accounts/me/$"))
    expect(page.get_by_role("status").filter(has_text="账号注册成功")).to_be_visible()
    # The verification panel is a live region of its own; it starts out "verifying".
    expect(page.locator("#verification")).to_contain_text("正在核验身份")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("个人中心")
    expect(main).to_contain_text("370102********0021")
    expect(main).to_contain_text("139****0002")
    expect(main).to_contain_text("正在核验身份")  # pending until the intranet answers
    expect(main).not_to_contain_text(NEW_ID)
    assert User.objects.get().verification == "pending"

    page.locator("header").get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text("您已安全退出")
    header = page.locator("header")
    expect(header.get_by_role("link", name="登录")).to_be_visible()
    expect(header.get_by_role("button", name="退出")).to_have_count(0)

    page.goto("/accounts/me/")  # signed out: the account page asks to sign in
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/accounts/me/$"))

    page.goto("/accounts/login/")
    page.get_by_label("居民身份证号码、统一社会信用代码或手机号码").fill(NEW_ID)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/me/$"))
    expect(page.locator("main")).to_contain_text("370102********0021")
    expect(page.locator("header").get_by_role("button", name="退出")).to_be_visible()


def test_elder_mode_enlarges_text_on_every_page_until_switched_off(page, catalog):
    page.goto("/")
    html = page.locator("html")
    expect(html).not_to_have_class(re.compile(r"\belder\b"))
    body_before = font_size(page, "body")
    lead_before = font_size(page, "main .lead")

    page.get_by_role("button", name="长辈模式（大字版）").click()
    expect(html).to_have_class(re.compile(r"\belder\b"))
    standard = page.get_by_role("button", name="标准版")
    expect(standard).to_have_attribute("aria-pressed", "true")
    assert font_size(page, "body") >= 1.3 * body_before
    assert font_size(page, "main .lead") >= 1.3 * lead_before

    page.locator("main").get_by_role("link", name=re.compile("出入境管理")).click()
    expect(page).to_have_url(re.compile(r"/services/CRJ/$"))
    expect(html).to_have_class(re.compile(r"\belder\b"))
    assert font_size(page, "body") >= 1.3 * body_before

    standard.click()
    expect(page).to_have_url(re.compile(r"/services/CRJ/$"))
    expect(html).not_to_have_class(re.compile(r"\belder\b"))
    expect(page.get_by_role("button", name="长辈模式（大字版）")).to_have_attribute(
        "aria-pressed", "false")
    assert font_size(page, "body") == pytest.approx(body_before)


def test_a_wrong_check_digit_is_explained_and_creates_no_account(page, catalog):
    fill_registration(page, BAD_CHECK_DIGIT_ID)

    expect(page).to_have_url(re.compile(r"/accounts/register/$"))
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("请修改以下内容")
    expect(summary).to_contain_text("校验码")
    field = page.locator("#id_id_number")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value(BAD_CHECK_DIGIT_ID)  # kept, so it can be corrected
    # The summary links to the field it is about.
    summary.get_by_role("link", name=re.compile("居民身份证号码")).click()
    expect(field).to_be_focused()
    assert User.objects.filter(kind=User.Kind.CITIZEN).count() == 0
    assert User.objects.count() == 0


def test_keyboard_skip_link_and_labelled_inputs(page, catalog):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳转到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_have_attribute("href", "#main")
    expect(skip).to_be_in_viewport()  # moved on screen when focused
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main#main")).to_be_focused()

    page.goto("/accounts/register/")
    inputs = page.locator("input:not([type=hidden])")
    assert inputs.count() >= 7
    unlabelled = inputs.evaluate_all("""els => els
        .filter(el => !Array.from(el.labels || []).some(l => l.textContent.trim()))
        .map(el => el.outerHTML)""")
    assert unlabelled == []
    for field, label in [("#id_name", "姓名"), ("#id_id_number", "居民身份证号码"),
                         ("#id_phone", "手机号码"), ("#id_sms_code", "短信验证码"),
                         ("#id_password1", "密码"), ("#id_password2", "确认密码")]:
        expect(page.get_by_label(label, exact=False).and_(page.locator(field))).to_have_count(1)


def test_the_email_field_on_the_account_page_is_a_full_size_input(page, catalog):
    """The optional email under 消息通知 is styled like every other input (it was a thin,
    unpadded box: the form styles did not cover type=email)."""
    from tests.internet.plates.conftest import make_citizen

    citizen = make_citizen(31, PASSWORD)
    page.goto("/accounts/login/")
    page.get_by_label("居民身份证号码、统一社会信用代码或手机号码").fill(citizen.phone)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/me/$"))
    email = page.locator("main input[type=email]")
    expect(email).to_be_visible()
    height = email.evaluate("el => el.getBoundingClientRect().height")
    padding = email.evaluate("el => parseFloat(getComputedStyle(el).paddingTop)")
    assert height >= 36 and padding >= 8, (height, padding)
