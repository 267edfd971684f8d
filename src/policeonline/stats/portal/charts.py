"""Server-rendered SVG charts: geometry computed here, drawn by the template with SVG
attributes and classes (no script, no inline style — the CSP forbids both). Each chart sits
beside a data table that carries the same numbers for screen readers and copying."""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 40
MAX_LABELS = 12


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list = field(default_factory=list)  # {x, y, w, h, css, title}
    lines: list = field(default_factory=list)  # {points, css, dots: [{x, y, title}]}
    x_labels: list = field(default_factory=list)  # {x, text}
    legend: list = field(default_factory=list)  # labels, in series order
    y_ticks: list = field(default_factory=list)  # {y, text}
    baseline: int = HEIGHT - BOTTOM
    left: int = LEFT
    right: int = WIDTH - RIGHT


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    step = 1
    while step * 10 < value:
        step *= 10
    for m in (1, 2, 5, 10):
        if step * m >= value:
            return step * m
    return step * 10


def _frame(chart: Chart, labels: list[str], top_value: float, unit: str = ""):
    plot_h = HEIGHT - TOP - BOTTOM
    for i in range(5):
        value = top_value * i / 4
        text = f"{value:g}{unit}" if top_value >= 4 or not value else f"{value:.1f}{unit}"
        chart.y_ticks.append({"y": round(HEIGHT - BOTTOM - plot_h * i / 4, 1), "text": text})
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    every = max(1, -(-len(labels) // MAX_LABELS))
    for i, label in enumerate(labels):
        if i % every == 0:
            chart.x_labels.append({"x": round(LEFT + slot * (i + 0.5), 1), "text": label})
    return plot_h, slot


def bars(series: list[dict], keys: list[tuple[str, str]]) -> Chart:
    """Grouped bars, one group per period, one bar per key (name, label)."""
    chart = Chart(legend=[label for _, label in keys])
    top_value = _nice_max(max((row[k] for row in series for k, _ in keys), default=0))
    plot_h, slot = _frame(chart, [row["period"] for row in series], top_value)
    width = slot * 0.8 / len(keys)
    for i, row in enumerate(series):
        for j, (key, label) in enumerate(keys):
            h = plot_h * row[key] / top_value
            chart.bars.append({"x": round(LEFT + slot * (i + 0.1) + width * j, 1),
                               "y": round(HEIGHT - BOTTOM - h, 1), "w": round(max(width - 1, 1), 1),
                               "h": round(h, 1), "css": f"series-{j + 1}",
                               "title": f"{row['period']} {label}: {row[key]}"})
    return chart


def lines(series: list[dict], keys: list[tuple[str, str]], top_value: float = 100, unit: str = "%") -> Chart:
    """One line per key over the periods; gaps (no data) break the line."""
    chart = Chart(legend=[label for _, label in keys])
    plot_h, slot = _frame(chart, [row["period"] for row in series], top_value, unit)
    for j, (key, label) in enumerate(keys):
        segments, current, dots = [], [], []
        for i, row in enumerate(series):
            value = row[key]
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            x = round(LEFT + slot * (i + 0.5), 1)
            y = round(HEIGHT - BOTTOM - plot_h * min(value, top_value) / top_value, 1)
            current.append(f"{x},{y}")
            dots.append({"x": x, "y": y, "title": f"{row['period']} {label}: {value}{unit}"})
        if current:
            segments.append(current)
        chart.lines.append({"css": f"series-{j + 1}", "label": label, "dots": dots,
                            "segments": [" ".join(s) for s in segments]})
    return chart
