"""A template's process diagram as inline SVG, drawn from the template itself so it can never
disagree with what the engine runs. Layered left to right by distance from the initial state;
the text list beside it (``steps``) is the accessible equivalent.

Edges are orthogonal paths routed through the gaps between columns and rows, never across a
box they do not connect: an edge leaves its box sideways into the gap beside it, runs along
its own lane there (and, for a back edge or one skipping columns, along a lane in the gap
between two rows), and enters its target from the side. An edge between two states of the
same column runs in the gap to their right; a back edge enters its target from the right.
Labels wrap to the box width and boxes grow to the longest label, from an estimate of the
text width that errs on the wide side (no fonts on the server). ``large`` draws the text
bigger for the elder mode; the SVG carries a viewBox, so the page scales it to fit.
"""

import unicodedata
from collections import deque
from dataclasses import dataclass, field
from html import escape

from django.utils.translation import gettext as _

from .spec import PREVIOUS, SAME, Template

LANE = 10  # distance between parallel lines in a gap
PORT = 8  # least distance between two lines meeting one side of a box
MIN_GAP_X, MIN_GAP_Y, PAD = 40, 20, 10
INK, EDGE, STROKE, FINAL_STROKE, CURRENT = "#1b2430", "#5b6b7f", "#1f4e8c", "#6b7380", "#1f4e8c"


def layers(tpl: Template) -> dict[str, int]:
    depth = {tpl.initial: 0}
    queue = deque([tpl.initial])
    while queue:
        state = queue.popleft()
        for t in tpl.leaving(state):
            if t.to in (PREVIOUS, SAME) or t.to in depth:
                continue
            depth[t.to] = depth[state] + 1
            queue.append(t.to)
    return depth


def steps(tpl: Template) -> list[dict]:
    """States in diagram order with what leads out of each — the diagram as text."""
    depth = layers(tpl)
    ordered = sorted(tpl.states, key=lambda s: (depth.get(s, 99), s))
    return [{"code": s, "label": str(tpl.states[s].label), "final": tpl.states[s].final,
             "paused": tpl.states[s].clock == "paused",
             "actions": [str(t.label) for t in tpl.leaving(s)]} for s in ordered]


# -- text ---------------------------------------------------------------------------------

def text_width(text: str, size: float) -> float:
    """An upper estimate of the drawn width: CJK and full-width characters are one em, Latin
    capitals and wide letters 0.75 em, other Latin 0.6 em (most fonts draw them narrower)."""
    em = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            em += 1.0
        elif ch == " ":
            em += 0.3
        elif ch.isupper() or ch in "mwMW@%":
            em += 0.75
        else:
            em += 0.6
    return em * size


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines no wider than ``width``: break at spaces, else after a Chinese comma, else
    between CJK characters."""
    if text_width(text, size) <= width:
        return [text]
    if " " in text:
        words, lines = text.split(" "), []
        for word in words:
            if lines and text_width(f"{lines[-1]} {word}", size) <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines
    if "，" in text:
        head, _sep, tail = text.partition("，")
        return [head + "，", *wrap(tail, size, width)]
    lines = [""]
    for ch in text:
        if lines[-1] and text_width(lines[-1] + ch, size) > width:
            lines.append("")
        lines[-1] += ch
    return lines


# -- layout -------------------------------------------------------------------------------

@dataclass
class Box:
    name: str
    col: int
    row: int
    lines: list[str]
    x: float = 0
    y: float = 0
    ports: dict = field(default_factory=lambda: {"left": [], "right": []})


@dataclass
class Edge:
    source: str
    target: str
    label: str
    out_side: str = "right"
    in_side: str = "left"
    gaps: tuple = ()  # vertical channels: one, or two joined through a row gap
    row_gap: int | None = None
    lanes: list = field(default_factory=list)  # lane index in each vertical channel
    row_lane: int = 0
    points: list = field(default_factory=list)


@dataclass
class Layout:
    width: float
    height: float
    box_w: float
    box_h: float
    size: float
    boxes: dict
    edges: list


def _row_gap(rs: int, rt: int) -> int:
    """The gap between rows an edge crosses columns in: index r is the gap above row r."""
    return rs + 1 if rt >= rs else rs


def layout(tpl: Template, large: bool = False) -> Layout:
    size = 18 if large else 14
    line_h = round(size * 1.3)
    depth = layers(tpl)
    columns: dict[int, list[str]] = {}
    order = lambda s: (depth[s], tpl.states[s].final, tpl.states[s].clock == "paused", s)  # noqa: E731
    for state in sorted(tpl.states, key=order):
        columns.setdefault(depth[state], []).append(state)
    longest = max(text_width(w, size) for s in tpl.states.values() for w in str(s.label).split(" "))
    unbroken = [text_width(str(s.label), size) for s in tpl.states.values() if " " not in str(s.label)]
    widest_zh = max(unbroken, default=0)
    inner = max(longest, min(widest_zh, 8 * size), 7 * size)
    box_w = round(inner + 2 * 8)
    boxes = {name: Box(name, col, row, wrap(str(tpl.states[name].label), size, inner))
             for col, names in columns.items() for row, name in enumerate(names)}

    edges: list[Edge] = []
    for t in tpl.transitions:
        if t.to in (PREVIOUS, SAME):
            continue  # a pause returns where it came from: drawn as the dashed box, not a line
        for source in t.from_:
            if any(e.source == source and e.target == t.to for e in edges):
                continue
            edges.append(Edge(source, t.to, str(t.label)))
    for e in edges:
        s, t = boxes[e.source], boxes[e.target]
        if t.col > s.col:
            e.out_side, e.in_side = "right", "left"
            e.gaps = (s.col + 1,) if t.col == s.col + 1 else (s.col + 1, t.col)
        elif t.col == s.col:
            e.out_side = e.in_side = "right"
            e.gaps = (s.col + 1,)
        else:
            e.out_side, e.in_side = "left", "right"
            e.gaps = (s.col,) if t.col == s.col - 1 else (s.col, t.col + 1)
        if len(e.gaps) == 2:
            e.row_gap = _row_gap(s.row, t.row)

    # Lanes: in each channel, edges get distinct lines. Order so that L-shaped edges nest:
    # in a column gap, the edge whose vertical run reaches furthest lies nearest the side its
    # far end is on; ties broken by name for a stable drawing.
    def v_span(e, i):
        s, t = boxes[e.source], boxes[e.target]
        return abs(s.row - t.row) if len(e.gaps) == 1 else abs((s.row if i == 0 else t.row) - e.row_gap)

    n_cols = len(columns)
    lanes_in = {g: [] for g in range(n_cols + 1)}
    for e in edges:
        for i, g in enumerate(e.gaps):
            lanes_in[g].append((e, i))
    for members in lanes_in.values():
        def key(m):
            e, i = m
            s, t = boxes[e.source], boxes[e.target]
            both_left = e.out_side == e.in_side == "right"  # both ends on the gap's left side
            span = v_span(e, i)
            toward_right = (e.in_side == "left") if i == len(e.gaps) - 1 else (e.out_side == "right")
            # same-column loops: the longer one outside; crossings: the longer one nearer its target side
            rank = span if both_left else (-span if not toward_right else span)
            return (rank, s.row, t.row, e.source, e.target)
        members.sort(key=key)
        for lane, (e, i) in enumerate(members):
            e.lanes.append((i, lane))
    for e in edges:
        e.lanes = [lane for _i, lane in sorted(e.lanes)]
    n_rows = max(len(v) for v in columns.values())
    row_lanes = {r: [] for r in range(n_rows + 1)}
    for e in edges:
        if e.row_gap is not None:
            row_lanes[e.row_gap].append(e)
    for members in row_lanes.values():
        members.sort(key=lambda e: (boxes[e.source].col, boxes[e.target].col, e.source))
        for lane, e in enumerate(members):
            e.row_lane = lane

    # Ports: every line meeting a side gets its own point on it, in the order its far end lies.
    for e in edges:
        boxes[e.source].ports[e.out_side].append((e, "out"))
        boxes[e.target].ports[e.in_side].append((e, "in"))
    most_ports = max(len(p) for b in boxes.values() for p in b.ports.values())
    box_h = max(2 * 10 + len(max((b.lines for b in boxes.values()), key=len)) * line_h,
                (most_ports + 1) * PORT)

    gap_w = [max(MIN_GAP_X if 0 < g < n_cols else (PAD if not lanes_in[g] else 0),
                 (len(lanes_in[g]) + 1) * LANE + (8 if 0 < g < n_cols else 0))
             for g in range(n_cols + 1)]
    gap_h = [max(MIN_GAP_Y if 0 < r < n_rows else PAD, (len(row_lanes[r]) + 1) * LANE)
             for r in range(n_rows + 1)]
    col_x, x = [], 0.0
    for c in range(n_cols):
        x += gap_w[c]
        col_x.append(x)
        x += box_w
    width = x + gap_w[n_cols]
    row_y, y = [], 0.0
    for r in range(n_rows):
        y += gap_h[r]
        row_y.append(y)
        y += box_h
    height = y + gap_h[n_rows]
    for b in boxes.values():
        b.x, b.y = col_x[b.col], row_y[b.row]

    def lane_x(g, lane):  # lanes spread from the left edge of the gap
        left = col_x[g - 1] + box_w if g > 0 else 0.0
        return left + (lane + 1) * (gap_w[g] - (8 if 0 < g < n_cols else 0)) / (len(lanes_in[g]) + 1) \
            + (4 if 0 < g < n_cols else 0)

    def lane_y(r, lane):
        top = row_y[r - 1] + box_h if r > 0 else 0.0
        return top + (lane + 1) * gap_h[r] / (len(row_lanes[r]) + 1)

    def far_y(e, end):  # where the line goes after (or came from before) this side
        b = boxes[e.target if end == "out" else e.source]
        if e.row_gap is not None:
            return lane_y(e.row_gap, e.row_lane)
        return b.y + box_h / 2

    port_y = {}
    for b in boxes.values():
        for members in b.ports.values():
            members.sort(key=lambda m: (far_y(*m), m[0].source, m[0].target))
            for i, (e, end) in enumerate(members):
                port_y[(id(e), end)] = b.y + (i + 1) * box_h / (len(members) + 1)

    for e in edges:
        s, t = boxes[e.source], boxes[e.target]
        sx = s.x + box_w if e.out_side == "right" else s.x
        tx = t.x + box_w if e.in_side == "right" else t.x
        sy, ty = port_y[(id(e), "out")], port_y[(id(e), "in")]
        x1 = lane_x(e.gaps[0], e.lanes[0])
        if len(e.gaps) == 1:
            e.points = [(sx, sy), (x1, sy), (x1, ty), (tx, ty)]
        else:
            ry = lane_y(e.row_gap, e.row_lane)
            x2 = lane_x(e.gaps[1], e.lanes[1])
            e.points = [(sx, sy), (x1, sy), (x1, ry), (x2, ry), (x2, ty), (tx, ty)]
        e.points = [p for i, p in enumerate(e.points) if i == 0 or p != e.points[i - 1]]
    return Layout(width, height, box_w, box_h, size, boxes, edges)


# -- drawing ------------------------------------------------------------------------------

def _path(points) -> str:
    """An orthogonal polyline with small rounded corners."""
    r = 4
    d = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for i in range(1, len(points) - 1):
        (ax, ay), (bx, by), (cx, cy) = points[i - 1], points[i], points[i + 1]
        len_in, len_out = abs(bx - ax) + abs(by - ay), abs(cx - bx) + abs(cy - by)
        k = min(r, len_in / 2, len_out / 2)
        ux, uy = ((bx > ax) - (bx < ax), (by > ay) - (by < ay))
        vx, vy = ((cx > bx) - (cx < bx), (cy > by) - (cy < by))
        d.append(f"L{bx - ux * k:.1f},{by - uy * k:.1f}")
        d.append(f"Q{bx:.1f},{by:.1f} {bx + vx * k:.1f},{by + vy * k:.1f}")
    d.append(f"L{points[-1][0]:.1f},{points[-1][1]:.1f}")
    return " ".join(d)


def svg(tpl: Template, current: str | None = None, large: bool = False) -> str:
    lay = layout(tpl, large)
    w, h, bw, bh, size = lay.width, lay.height, lay.box_w, lay.box_h, lay.size
    title_id = f"wf-{tpl.code}-title"
    desc = _("Process diagram: each box is a step, each arrow an action leading to another step. "
             "Dashed boxes pause the time limit; double-bordered boxes are final.")
    if current in tpl.states:
        desc += " " + _("Current step: %(step)s.") % {"step": tpl.label_of(current)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" role="img" '
             f'viewBox="0 0 {w:.0f} {h:.0f}" width="{w:.0f}" height="{h:.0f}" '
             f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{title_id} {title_id}-desc">'
             f'<title id="{title_id}">{escape(str(tpl.name))}</title>'
             f'<desc id="{title_id}-desc">{escape(desc)}</desc>'
             '<defs><marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
             f'markerHeight="7" orient="auto-start-reverse"><path fill="{EDGE}" d="M0,0 L10,5 L0,10 z"/>'
             '</marker></defs>']
    for e in lay.edges:
        parts.append(f'<path class="wf-edge" fill="none" stroke="{EDGE}" stroke-width="1.5" '
                     f'data-from="{e.source}" data-to="{e.target}" d="{_path(e.points)}" '
                     f'marker-end="url(#wf-arrow)"><title>{escape(e.label)}</title></path>')
    line_h = round(size * 1.3)
    for name, b in lay.boxes.items():
        state = tpl.states[name]
        classes = ["wf-state"]
        if state.final:
            classes.append(f"wf-final wf-{state.outcome}")
        if state.clock == "paused":
            classes.append("wf-paused")
        if name == current:
            classes.append("wf-current")
        # Presentation attributes, not a <style> block: the strict CSP forbids inline styles.
        fill, ink = (CURRENT, "#ffffff") if name == current else ("#ffffff", INK)
        stroke = FINAL_STROKE if state.final else STROKE
        dash = ' stroke-dasharray="5 4"' if state.clock == "paused" else ""
        width = 3 if name == current else 2
        parts.append(f'<g class="{" ".join(classes)}" data-state="{name}">'
                     f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{bw}" height="{bh}" rx="8" '
                     f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>')
        if state.final:  # a double border: final is told by shape, not only by its grey
            parts.append(f'<rect x="{b.x + 4:.1f}" y="{b.y + 4:.1f}" width="{bw - 8}" '
                         f'height="{bh - 8}" rx="5" fill="none" stroke="{stroke}" stroke-width="1"/>')
        top = b.y + bh / 2 - (len(b.lines) - 1) * line_h / 2 + size * 0.35
        weight = ' font-weight="bold"' if name == current else ""
        parts.append(f'<text x="{b.x + bw / 2:.1f}" y="{top:.1f}" text-anchor="middle" fill="{ink}" '
                     f'font-size="{size}"{weight}>'
                     + "".join(f'<tspan x="{b.x + bw / 2:.1f}" dy="{0 if i == 0 else line_h}">'
                               f'{escape(line)}</tspan>' for i, line in enumerate(b.lines))
                     + "</text></g>")
    parts.append("</svg>")
    return "".join(parts)
