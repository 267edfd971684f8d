"""Lists and label–value pairs take the reader's punctuation: 办事员、审批人 and 补领工本费：40.00 元
in Chinese, "Clerk, Approver" and "Fee: 40.00 yuan" in English (the Chinese pages showed ", "
and ASCII ": "). The templates that showed them use these tags."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src" / "policeonline"
USERS = ["accounts/officers/templates/officers/login.html", "workbench/templates/workbench/home.html",
         "cases/templates/cases/detail.html", "payments/templates/payments/_panel.html",
         "portal/templates/portal/_item.html", "appointments/desk/templates/appointments/day_list.html"]


def render(text, lang, **context):
    with translation.override(lang):
        return Template("{% load punctuation %}" + text).render(Context(context))


def test_english_punctuation():
    assert render("{{ roles|series }}", "en", roles=["Clerk", "Approver"]) == "Clerk, Approver"
    assert render("{% colon name %}<b>40.00</b>", "en", name="Fee") == "Fee: <b>40.00</b>"


def test_chinese_punctuation():
    assert render("{{ roles|series }}", "zh-hans", roles=["办事员", "审批人"]) == "办事员、审批人"
    assert render("{% colon name %}40.00 元", "zh-hans", name="补领工本费") == "补领工本费：40.00 元"


def test_labels_are_escaped():
    assert render("{% colon name %}", "en", name="<i>x</i>") == "&lt;i&gt;x&lt;/i&gt;: "


@pytest.mark.parametrize("path", USERS)
def test_the_pages_use_the_language_punctuation(path):
    text = (SRC / path).read_text(encoding="utf-8")
    assert '|join:", "' not in text and "}}: <strong>" not in text and '%}: <strong>' not in text
    assert "series" in text or "{% colon" in text
