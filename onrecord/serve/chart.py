"""A speaker's statements per week as the geometry of a bar chart (drawn as inline SVG).

The server computes every coordinate, so the chart needs no script and no chart library, and
the template only writes numbers and escaped labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 720, 180
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 10, 24  # margins, room for the axis labels


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    week: str
    count: int


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    peak: int = 0
    total: int = 0
    baseline: float = HEIGHT - BOTTOM
    left: float = LEFT


def weekly_chart(weeks: list[tuple[str, int]], width: int = WIDTH, height: int = HEIGHT) -> Chart | None:
    """Bars for (Monday, count) pairs, oldest first; None when there is nothing to draw."""
    if not weeks:
        return None
    peak = max(n for _, n in weeks)
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    step = plot_w / len(weeks)
    gap = step * 0.15 if step >= 4 else 0.0
    chart = Chart(width, height, peak=peak, total=sum(n for _, n in weeks), baseline=height - BOTTOM)
    for i, (week, n) in enumerate(weeks):
        h = (n / peak) * plot_h if peak else 0.0
        chart.bars.append(Bar(round(LEFT + i * step + gap / 2, 2), round(TOP + plot_h - h, 2),
                              round(max(step - gap, 0.5), 2), round(h, 2), week, n))
    chart.ticks = _ticks(weeks, step)
    return chart


def _ticks(weeks: list[tuple[str, int]], step: float) -> list[Tick]:
    """Labels at month starts for short ranges, at year starts for long ones, never crowded."""
    days = [date.fromisoformat(w) for w, _ in weeks]
    long_range = len(weeks) > 60
    ticks: list[Tick] = []
    last_x = -1e9
    previous: tuple[int, int] | None = None
    for i, day in enumerate(days):
        key = (day.year, 0) if long_range else (day.year, day.month)
        if key == previous:
            continue
        previous = key
        x = LEFT + i * step
        if x - last_x < 48:  # pixels between labels
            continue
        label = str(day.year) if long_range else day.strftime("%b %Y" if day.month == 1 or not ticks else "%b")
        ticks.append(Tick(round(x, 2), label))
        last_x = x
    return ticks
