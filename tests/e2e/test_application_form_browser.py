"""The application form in a real browser: a conditional field appears only when its
condition holds, and a draft saves itself as the citizen types — reload and it is still there."""

import pytest
from playwright.sync_api import expect

from policeonline.accounts.citizens.models import User
from policeonline.applications.models import Application
from tests.internet.conftest import PASSWORD

pytestmark = pytest.mark.browser
ITEM = "CRJ-001"  # 普通护照首次申领: the recipient's name is asked only for delivery by post


@pytest.fixture
def citizen(catalog):
    user = User.objects.create_citizen(name="张三", id_number="37010219900307106X",
                                       phone="13800000001", password=PASSWORD)
    User.objects.filter(pk=user.pk).update(verification=User.Verification.VERIFIED)
    return user


def sign_in(page):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("13800000001")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/accounts/me/")


def choose(page, name, value):
    control = page.locator(f"[name={name}]").first
    if control.evaluate("el => el.tagName") == "SELECT":
        control.select_option(value)
    else:
        page.locator(f"input[name={name}][value={value}]").check()


def test_conditional_field_and_autosave(page, citizen):
    sign_in(page)
    page.goto(f"/apply/{ITEM}/")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/edit/")
    recipient = page.locator("#f-delivery_recipient")
    choose(page, "delivery_method", "collect")
    expect(recipient).to_be_hidden()
    choose(page, "delivery_method", "post")
    expect(recipient).to_be_visible()
    recipient.fill("张三的妹妹")
    # Saved by itself a moment after typing stops; the live region says so.
    expect(page.locator("#autosave-status")).to_contain_text("已保存", timeout=8000)
    app = Application.objects.get(owner=citizen)
    assert app.data.get("delivery_recipient") == "张三的妹妹"
    page.reload()
    expect(page.locator("#f-delivery_recipient")).to_have_value("张三的妹妹")
    # Switching back hides the field again; the next save drops its value.
    choose(page, "delivery_method", "collect")
    expect(page.locator("#f-delivery_recipient")).to_be_hidden()
    expect(page.locator("#autosave-status")).to_contain_text("已保存", timeout=8000)
    app.refresh_from_db()
    assert "delivery_recipient" not in app.data and app.data.get("delivery_method") == "collect"


def test_review_page_lists_what_is_missing(page, citizen):
    sign_in(page)
    page.goto(f"/apply/{ITEM}/")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/edit/")
    page.locator("button[name=action][value=review]").click()
    # Required fields are empty: the error summary lists them, each linked to its field.
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    first_link = summary.locator("a").first
    target = first_link.get_attribute("href").split("#", 1)[1]
    assert target.startswith(("f-", "upload-"))
    first_link.click()  # back to the form, at the field to fill in
    page.wait_for_url("**/edit/#*")
    expect(page.locator(f"#{target}")).to_have_count(1)
