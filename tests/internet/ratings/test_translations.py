"""Every string the progress query and the ratings code mark for translation has its zh-Hans
text in ``locale/pending/ratings.json`` (merged into django.po later), placeholders intact;
the five levels read exactly 非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意."""

import json
import re
from pathlib import Path

import pytest
from django.utils import translation

import policeonline
from policeonline.ratings.levels import Level

PACKAGE = Path(policeonline.__file__).parent
PENDING = PACKAGE / "locale" / "pending" / "ratings.json"
SOURCES = [PACKAGE / "ratings", PACKAGE / "progress", PACKAGE / "api" / "progress.py",
           PACKAGE / "api" / "ratings.py"]
PY = re.compile(r'(?<![\w.])_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)')
TEMPLATE = re.compile(r"""{% translate (?:"([^"]+)"|'([^']+)')""")
BLOCK = re.compile(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", re.S)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")

pytestmark = pytest.mark.skipif(not PENDING.exists(), reason="ratings.json merged into django.po")


def marked() -> set[str]:
    found = set()
    for root in SOURCES:
        for path in [root] if root.is_file() else root.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for match in PY.finditer(path.read_text(encoding="utf-8")):
                found.add("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))))
        for path in [] if root.is_file() else root.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            found.update(a or b for a, b in TEMPLATE.findall(text))
            found.update(re.sub(r"\{\{ ?(\w+) ?\}\}", r"%(\1)s", b) for b in BLOCK.findall(text))
    return found


def test_every_new_marked_string_has_a_chinese_translation():
    import polib

    translations = json.loads(PENDING.read_text(encoding="utf-8"))
    po = polib.pofile(str(PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    known = {e.msgid for e in po if e.translated()}
    missing = sorted(marked() - known - set(translations))
    assert not missing, missing
    for msgid, text in translations.items():
        assert text and sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid


def test_the_five_levels_have_their_exact_chinese_names():
    translations = json.loads(PENDING.read_text(encoding="utf-8"))
    with translation.override("en"):
        msgids = [str(Level(v).label) for v in (5, 4, 3, 2, 1)]
    assert [translations[msgid] for msgid in msgids] == [
        "非常满意", "满意", "基本满意", "不满意", "非常不满意"]
