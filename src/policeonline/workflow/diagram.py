"""A template's process diagram as inline SVG, drawn from the template itself so it can never
disagree with what the engine runs. Layered left to right by distance from the initial state;
the text list beside it (``steps``) is the accessible equivalent."""

from collections import deque
from html import escape

from .spec import PREVIOUS, SAME, Template

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 150, 44, 70, 26, 16


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


def svg(tpl: Template, current: str | None = None) -> str:
    depth = layers(tpl)
    columns: dict[int, list[str]] = {}
    for state in sorted(tpl.states, key=lambda s: (depth[s], tpl.states[s].final, s)):
        columns.setdefault(depth[state], []).append(state)
    pos = {}
    for col, names in columns.items():
        for row, name in enumerate(names):
            pos[name] = (PAD + col * (BOX_W + GAP_X), PAD + row * (BOX_H + GAP_Y))
    width = PAD * 2 + len(columns) * BOX_W + (len(columns) - 1) * GAP_X
    height = PAD * 2 + max(len(v) for v in columns.values()) * (BOX_H + GAP_Y) - GAP_Y
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-labelledby="wf-{tpl.code}-title">'
             f'<title id="wf-{tpl.code}-title">{escape(str(tpl.name))}</title>'
             '<defs><marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path fill="#5b6b7f" d="M0,0 L10,5 L0,10 z"/>'
             '</marker></defs>']
    drawn = set()
    for t in tpl.transitions:
        for source in t.from_:
            target = t.to
            if target == SAME:
                continue
            if target == PREVIOUS:
                continue  # the dashed return from a pause is implied by the pause style
            if (source, target) in drawn:
                continue
            drawn.add((source, target))
            (x1, y1), (x2, y2) = pos[source], pos[target]
            sx, sy = (x1 + BOX_W, y1 + BOX_H / 2) if x2 > x1 else (x1 + BOX_W / 2, y1 + BOX_H)
            ex, ey = (x2, y2 + BOX_H / 2) if x2 > x1 else (x2 + BOX_W / 2, y2)
            if x2 < x1:  # back edge (e.g. sent back for examination): curve below
                sx, sy, ex, ey = x1, y1 + BOX_H / 2, x2 + BOX_W, y2 + BOX_H / 2
            mid = (sx + ex) / 2
            parts.append(f'<path class="wf-edge" fill="none" stroke="#5b6b7f" stroke-width="1.5" '
                         f'd="M{sx:.0f},{sy:.0f} C{mid:.0f},{sy:.0f} {mid:.0f},{ey:.0f} {ex:.0f},{ey:.0f}" '
                         f'marker-end="url(#wf-arrow)">'
                         f'<title>{escape(str(t.label))}</title></path>')
    for name, (x, y) in pos.items():
        state = tpl.states[name]
        classes = ["wf-state"]
        if state.final:
            classes.append(f"wf-final wf-{state.outcome}")
        if state.clock == "paused":
            classes.append("wf-paused")
        if name == current:
            classes.append("wf-current")
        # Presentation attributes, not a <style> block: the strict CSP forbids inline styles.
        fill, ink = ("#1f4e8c", "#ffffff") if name == current else ("#ffffff", "#1b2430")
        stroke = "#8a94a3" if state.final else "#1f4e8c"
        dash = ' stroke-dasharray="5 4"' if state.clock == "paused" else ""
        parts.append(f'<g class="{" ".join(classes)}"><rect x="{x}" y="{y}" width="{BOX_W}" '
                     f'height="{BOX_H}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="2"{dash}/>'
                     f'<text x="{x + BOX_W / 2:.0f}" y="{y + BOX_H / 2 + 5:.0f}" text-anchor="middle" '
                     f'fill="{ink}" font-size="14">{escape(str(state.label))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
