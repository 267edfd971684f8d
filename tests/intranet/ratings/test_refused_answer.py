"""A refused answer to a rectification task shows the task's own page plus the refusal: the
form only while the officer may still answer (with what they typed), the answer and the
citizen's follow-up rating once answered, in the officer's language; and changes nothing."""

import re

import pytest
from django.apps import apps

from policeonline.ratings.desk import services
from policeonline.ratings.desk.models import RectificationTask

from ..conftest import sign_in
from .conftest import rating

pytestmark = pytest.mark.django_db

TYPED = "已处理"  # too short: under ANSWER_MIN characters
FORM = 'name="answer"'


@pytest.fixture
def task(portal, case):
    rating(portal, case, 2, comment="窗口态度差")
    return RectificationTask.objects.get()


def database():
    """Every row of every table (the task, the outbox, the audit log, the sessions…)."""
    return {m._meta.label: list(m.objects.order_by("pk").values())
            for m in apps.get_models() if m._meta.managed}


def without_noise(html: str) -> str:
    """The page less what differs on every render (CSRF tokens), what a refusal adds (the
    error) or keeps (the typed text), and the preference switches' way back (the site's forms
    all name the URL posted to), so the rest can be compared with the normal page."""
    html = re.sub(r'(name="(?:csrfmiddlewaretoken|next)" value=")[^"]*', r"\1", html)
    html = re.sub(r'<div class="wrap" role="status".*?</div>', "", html, flags=re.S)
    html = re.sub(r"(<textarea[^>]*>).*?(</textarea>)", r"\1\2", html, flags=re.S)
    return re.sub(r"\s+", " ", html)


def refused(client, task, text):
    """Post an answer that is refused; the normal page is read just before, nothing changes."""
    client.get(f"/rectification/{task.pk}/")  # shows (and so clears) any earlier message
    normal = client.get(f"/rectification/{task.pk}/").content.decode()
    before = database()
    response = client.post(f"/rectification/{task.pk}/answer/", {"answer": text})
    assert response.status_code == 422
    assert database() == before
    page = response.content.decode()
    assert without_noise(page) == without_noise(normal)
    return page


def test_a_too_short_answer_keeps_the_form_and_what_was_typed(client, task, team):
    services.claim(task.pk, team["clerk"])
    sign_in(client, team["clerk"])
    page = refused(client, task, TYPED)
    assert "请用 10 至 2000 个字说明整改情况。" in page
    assert FORM in page and f">{TYPED}</textarea>" in page


def test_a_blank_answer_keeps_the_form(client, task, team):
    services.claim(task.pk, team["clerk"])
    sign_in(client, team["clerk"])
    page = refused(client, task, "   ")
    assert "请用 10 至 2000 个字说明整改情况。" in page and FORM in page


def test_a_task_answered_meanwhile_shows_the_answer_and_follow_up_rating_without_a_form(
        client, portal, case, task, team):
    services.claim(task.pk, team["clerk"])
    services.answer(task.pk, team["supervisor"], "科长复核：已整改，办理时限缩短为两天。")
    rating(portal, case, 4, kind="followup", comment="有改进")
    sign_in(client, team["clerk"])  # their page was open before the supervisor answered
    for text in ("已对窗口人员批评教育，并在窗口增设引导员。", TYPED):
        page = refused(client, task, text)
        assert "该整改任务已答复。" in page and "请用" not in page  # not "write more": it is done
        assert "科长复核：已整改" in page and "<strong>满意</strong> — 有改进" in page
        assert FORM not in page and "/claim/" not in page


def test_an_unclaimed_task_asks_to_claim_it_first(client, task, team):
    sign_in(client, team["clerk"])
    page = refused(client, task, "已对窗口人员批评教育，并在窗口增设引导员。")
    assert "请先认领该整改任务，再进行答复。" in page
    assert FORM not in page and f"/rectification/{task.pk}/claim/" in page


def test_a_task_another_clerk_handles_says_so(client, task, team):
    services.claim(task.pk, team["clerk2"])
    sign_in(client, team["clerk"])
    page = refused(client, task, "我来回答这个问题，已经处理好了。")
    assert "其他民警正在办理此整改任务。" in page  # claiming it would be refused too
    assert FORM not in page and "/claim/" not in page


def test_the_supervisor_keeps_the_claim_button_beside_the_form(client, task, team):
    sign_in(client, team["supervisor"])  # may answer an unclaimed task directly
    page = refused(client, task, TYPED)
    assert FORM in page and f"/rectification/{task.pk}/claim/" in page


def test_the_refusal_is_in_english_for_an_english_reader(client, portal, case, task, team):
    services.claim(task.pk, team["clerk"])
    sign_in(client, team["clerk"])
    client.cookies["lang"] = "en"
    page = refused(client, task, TYPED)
    assert "Describe what was done in 10 to 2000 characters." in page and FORM in page
    services.answer(task.pk, team["clerk"], "已对窗口人员批评教育，并在窗口增设引导员。")
    rating(portal, case, 5, kind="followup")
    page = refused(client, task, TYPED)
    assert "This task has already been answered." in page and "<strong>Very satisfied</strong>" in page
    assert FORM not in page
