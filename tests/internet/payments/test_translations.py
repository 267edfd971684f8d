"""Every string the fee-payment code (both zones' apps and the API) marks for translation has
its zh-Hans text in ``locale/pending/payments.json`` (merged into django.po later), placeholders
intact."""

import json
import re
from pathlib import Path

import policeonline

PACKAGE = Path(policeonline.__file__).parent
PENDING = PACKAGE / "locale" / "pending" / "payments.json"
SOURCES = [PACKAGE / "payments", PACKAGE / "api" / "payments.py"]
PY = re.compile(r'(?<![\w.])_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)')
TEMPLATE = re.compile(r"""{% translate (?:"([^"]+)"|'([^']+)')""")
BLOCK = re.compile(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", re.S)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")


def pending() -> dict:
    return json.loads(PENDING.read_text(encoding="utf-8"))


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


def test_every_marked_string_has_a_chinese_translation():
    translations = pending()
    missing = sorted(marked() - set(translations))
    assert not missing, missing
    for msgid, text in translations.items():
        assert text and sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid
