"""The weekly chart's geometry."""

from __future__ import annotations

from onrecord.serve.chart import HEIGHT, LEFT, weekly_chart


def test_bars_scale_to_the_busiest_week_and_sit_on_the_baseline() -> None:
    chart = weekly_chart([("2024-01-01", 2), ("2024-01-08", 0), ("2024-01-15", 4)])
    assert chart is not None and chart.peak == 4 and chart.total == 6
    heights = [b.height for b in chart.bars]
    assert heights[1] == 0 and heights[2] == 2 * heights[0] > 0
    for bar in chart.bars:
        assert abs(bar.y + bar.height - chart.baseline) < 0.05
        assert LEFT <= bar.x < chart.width
    assert [b.x for b in chart.bars] == sorted(b.x for b in chart.bars)


def test_ticks_are_months_for_short_ranges_and_years_for_long_ones() -> None:
    short = weekly_chart([(f"2024-{m:02d}-01", 1) for m in (1,)] + [("2024-02-05", 1), ("2024-03-04", 1)])
    assert short is not None and [t.label for t in short.ticks][:1] == ["Jan 2024"]
    from datetime import date, timedelta

    weeks = [((date(2021, 1, 4) + timedelta(weeks=i)).isoformat(), i % 3) for i in range(170)]
    long = weekly_chart(weeks)
    assert long is not None and [t.label for t in long.ticks] == ["2021", "2022", "2023", "2024"]
    assert all(b.height >= 0 and b.y <= HEIGHT for b in long.bars)


def test_nothing_to_draw() -> None:
    assert weekly_chart([]) is None
    flat = weekly_chart([("2024-01-01", 0)])
    assert flat is not None and flat.bars[0].height == 0
