"""The process diagram's geometry: no arrow passes under a box it does not connect, every
label fits its box (measured with the font the pages ask for), and the drawing fits the page."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation

from policeonline.workflow.diagram import svg
from policeonline.workflow.spec import templates

NS = {"s": "http://www.w3.org/2000/svg"}
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # site.css's first choice
CASES = [(code, lang, large) for code in sorted(templates()) for lang in ("zh-hans", "en")
         for large in (False, True)]


def drawing(code, lang, large, current=None):
    with translation.override(lang):
        return ET.fromstring(svg(templates()[code], current, large=large))


def boxes(root):
    found = {}
    for g in root.iterfind("s:g", NS):
        rect = g.find("s:rect", NS)
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        found[g.get("data-state")] = (x, y, x + w, y + h)
    return found


def pairs(seq):
    return zip(seq, seq[1:], strict=False)


def points_along(d: str):
    """Points every half unit along an SVG path of M, L, Q and C commands (absolute)."""
    tokens = re.findall(r"[MLQC]|-?\d+(?:\.\d+)?", d)
    pts, i, here, cmd = [], 0, None, None
    while i < len(tokens):
        if tokens[i] in "MLQC":
            cmd, i = tokens[i], i + 1
        n = {"M": 1, "L": 1, "Q": 2, "C": 3}[cmd]
        ctrl = [(float(tokens[i + 2 * k]), float(tokens[i + 2 * k + 1])) for k in range(n)]
        i += 2 * n
        if cmd != "M":
            chain = [here, *ctrl]
            steps = int(sum(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a, b in pairs(chain)) * 2) + 1
            for s in range(steps + 1):
                t, level = s / steps, chain
                while len(level) > 1:  # de Casteljau
                    level = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in pairs(level)]
                pts.append(level[0])
        else:
            pts.append(ctrl[0])
        here = ctrl[-1]
    return pts


def inside(p, box, margin=1.0):
    x1, y1, x2, y2 = box
    return x1 + margin < p[0] < x2 - margin and y1 + margin < p[1] < y2 - margin


@pytest.mark.parametrize(("code", "lang", "large"), CASES)
def test_no_edge_passes_under_a_box(code, lang, large):
    root = drawing(code, lang, large)
    rects = boxes(root)
    edges = root.findall("s:path[@class='wf-edge']", NS)
    assert edges
    for edge in edges:
        source, target = edge.get("data-from"), edge.get("data-to")
        pts = points_along(edge.get("d"))
        for name, box in rects.items():
            crossing = [p for p in pts if inside(p, box)]
            assert not crossing, f"{code}/{lang}: {source}→{target} passes under {name} at {crossing[0]}"
        # It starts on its source's border and ends on its target's.
        for p, name in ((pts[0], source), (pts[-1], target)):
            x1, y1, x2, y2 = rects[name]
            assert (abs(p[0] - x1) < 1 or abs(p[0] - x2) < 1) and y1 <= p[1] <= y2, (code, name, p)


@pytest.mark.parametrize(("code", "lang", "large"), CASES)
def test_every_label_fits_its_box(code, lang, large):
    ImageFont = pytest.importorskip("PIL.ImageFont")
    if not FONT.exists():
        pytest.skip(f"{FONT} not installed")
    root = drawing(code, lang, large, current=templates()[code].initial)  # one label in bold
    for g in root.iterfind("s:g", NS):
        rect, text = g.find("s:rect", NS), g.find("s:text", NS)
        size = float(text.get("font-size"))
        font = ImageFont.truetype(str(FONT), round(size))
        lines = [t.text for t in text.iterfind("s:tspan", NS)]
        assert lines
        for line in lines:
            width = font.getlength(line) * (1.06 if text.get("font-weight") == "bold" else 1)
            assert width <= float(rect.get("width")) - 8, f"{code}/{lang}: {line!r} is {width:.0f} wide"
        assert len(lines) * size * 1.3 <= float(rect.get("height")) - 4


@pytest.mark.parametrize(("code", "lang", "large"), CASES)
def test_the_drawing_fits_the_page(code, lang, large):
    """Standard text: drawn at its own size in the 1,024 px content column (the viewBox lets
    a narrower screen scale it down); large text stays within a third more."""
    root = drawing(code, lang, large)
    width = float(root.get("viewBox").split()[2])
    assert width <= (1300 if large else 1024)
    assert root.find("s:title", NS).text and root.find("s:desc", NS).text


def test_the_current_step_and_final_steps_are_not_told_by_colour_alone():
    root = drawing("review", "zh-hans", False, current="examining")
    desc = root.find("s:desc", NS).text
    assert "审核中" in desc
    current = root.find("s:g[@data-state='examining']", NS)
    assert current.find("s:text", NS).get("font-weight") == "bold"
    final = root.find("s:g[@data-state='completed']", NS)
    assert len(final.findall("s:rect", NS)) == 2  # a double border
