"""Charts as inline SVG drawn on the server: readable without JavaScript, styled by the one
CSS file (classes, no inline styles, so the Content-Security-Policy can forbid them), and
described for screen readers (`role="img"`, a title and a description). Each chart's page
also carries the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36


@dataclass(frozen=True)
class Point:
    label: str  # x axis label (a week)
    value: float | None  # None: nothing to measure in that period (drawn as a gap)
    text: str  # the value as the page writes it


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1.0
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _frame(chart_id: str, title: str, description: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every text part is escaped


def _axes(top: float, axis_text: Callable[[float], str], labels: Sequence[str]) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    out = []
    for i in range(5):
        v = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(axis_text(v))}</text>')
    step = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    every = max(1, len(labels) // 8)  # at most ~8 x labels, so they never overlap
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            x = LEFT + step * (i + 0.5)
            out.append(
                f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{escape(label)}</text>'
            )
    out.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}"/>')
    return out


def bar_chart(
    chart_id: str,
    title: str,
    points: Sequence[Point],
    *,
    axis_text: Callable[[float], str],
    description: str,
) -> Markup:
    """Vertical bars, one per point; a point without a value leaves its slot empty."""
    top = _nice_max(max((p.value or 0 for p in points), default=0))
    body = _axes(top, axis_text, [p.label for p in points])
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(1, len(points))
    width = step * 0.6
    for i, p in enumerate(points):
        if p.value is None:
            continue
        h = plot_h * (p.value / top)
        x = LEFT + step * i + (step - width) / 2
        y = TOP + plot_h - h
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{max(h, 0.5):.1f}">'
            f"<title>{escape(p.label)}: {escape(p.text)}</title></rect>"
        )
    return _frame(chart_id, title, description, body)


def burn_chart(
    chart_id: str,
    title: str,
    points: Sequence[Point],
    *,
    cap: float,
    cap_text: str,
    axis_text: Callable[[float], str],
    description: str,
) -> Markup:
    """Cumulative spending as a line with its area, under a dashed line at the budget cap."""
    top = _nice_max(max([cap, *(p.value or 0 for p in points)]))
    body = _axes(top, axis_text, [p.label for p in points])
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(1, len(points))
    coords = [(LEFT + step * (i + 0.5), TOP + plot_h - plot_h * ((p.value or 0) / top)) for i, p in enumerate(points)]
    if coords:
        base = TOP + plot_h
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(
            f'<polygon class="area" points="{coords[0][0]:.1f},{base:.1f} {path} {coords[-1][0]:.1f},{base:.1f}"/>'
        )
        body.append(f'<polyline class="line" points="{path}"/>')
        for (x, y), p in zip(coords, points, strict=True):
            body.append(
                f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
                f"<title>{escape(p.label)}: {escape(p.text)}</title></circle>"
            )
    cap_y = TOP + plot_h - plot_h * (cap / top)
    body.append(f'<line class="cap" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{cap_y:.1f}" y2="{cap_y:.1f}"/>')
    body.append(
        f'<text class="cap-label" x="{WIDTH - RIGHT}" y="{cap_y - 5:.1f}" text-anchor="end">'
        f"cap {escape(cap_text)}</text>"
    )
    return _frame(chart_id, title, description, body)


def budget_bar(bar_id: str, *, paid: int, reserved: int, available: int, cap: int, label: str) -> Markup:
    """One horizontal bar of a budget against its cap: paid, reserved, available."""
    whole = max(cap, paid + reserved + available, 1)
    x = 0.0
    parts = []
    for cls, amount in (("paid", paid), ("reserved", reserved), ("available", available)):
        w = 100 * amount / whole
        if w > 0:
            parts.append(f'<rect class="{cls}" x="{x:.3f}%" y="0" width="{w:.3f}%" height="100%"/>')
        x += w
    return Markup(  # noqa: S704 - the label is escaped, the rest are numbers
        f'<svg class="budget-bar" id="{bar_id}" role="img" aria-label="{escape(label)}" '
        f'width="100%" height="14"><rect class="track" x="0" y="0" width="100%" height="100%"/>'
        + "".join(parts)
        + "</svg>"
    )


@dataclass(frozen=True)
class Row:
    label: str  # the bar's name (an account, shortened)
    value: float
    text: str  # the value as the page writes it


def hbar_chart(chart_id: str, title: str, rows: Sequence[Row], *, description: str) -> Markup:
    """Horizontal bars, one row each, longest = the largest value; the text after each bar."""
    row_h, label_w, text_w = 26, 120, 150
    height = TOP + row_h * max(1, len(rows)) + 8
    top = max((r.value for r in rows), default=0) or 1.0
    plot_w = WIDTH - label_w - text_w
    body = []
    for i, r in enumerate(rows):
        y = TOP + row_h * i
        w = plot_w * (r.value / top)
        text_y = y + row_h / 2 + 4
        body.append(f'<text class="tick" x="{label_w - 6}" y="{text_y:.1f}" text-anchor="end">{escape(r.label)}</text>')
        body.append(
            f'<rect class="bar" x="{label_w}" y="{y + 4:.1f}" width="{max(w, 0.5):.1f}" height="{row_h - 8}">'
            f"<title>{escape(r.label)}: {escape(r.text)}</title></rect>"
        )
        body.append(f'<text class="tick" x="{label_w + w + 6:.1f}" y="{text_y:.1f}">{escape(r.text)}</text>')
    head = (
        f'<svg class="chart hbar" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every text part is escaped
