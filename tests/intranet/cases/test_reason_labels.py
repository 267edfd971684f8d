"""A legal reason reads as its text and, in brackets, its basis (reason_text, the refusal
forms' options, the citizen's timeline). The demo walk found '其他法定情形（见说明）（见民警说明）':
the text of 'other' carried a bracket of its own before the basis said the same thing."""

import pytest
from django.utils import translation

from policeonline.cases.engine import reason_text
from policeonline.workflow.spec import _reasons


def test_other_grounds_point_to_the_officers_note_once():
    with translation.override("zh-hans"):
        assert reason_text("other") == "其他法定情形（见民警说明）"
    with translation.override("en"):
        assert reason_text("other").count("note") == 1


@pytest.mark.parametrize("code", sorted(_reasons()))
def test_a_reasons_text_leaves_the_bracket_to_its_basis(code):
    found = _reasons()[code]
    with translation.override("zh-hans"):
        assert "（" not in str(found.text), found.text
        assert reason_text(code) == f"{found.text}（{found.basis}）"
    with translation.override("en"):
        assert "(" not in str(found.text), found.text
