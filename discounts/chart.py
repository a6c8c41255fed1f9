"""The tool's chart of the last eight quarters as server-drawn SVG geometry: no script to ship or
to allow under the CSP, and the numbers are the page's own (no second request)."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 240, 16, 28, 8


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    revenue: Decimal
    is_current: bool
    label_x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    threshold_y: int | None  # the next revenue threshold as a line, when it fits the scale
    baseline_y: int


def chart_of(history, *, threshold: Decimal | None = None) -> Chart:
    """Bars scaled to the highest of the quarters (and of the next threshold, so it shows);
    returns (negative net revenue) draw as an empty bar."""
    plot = HEIGHT - TOP - BOTTOM
    top = max([bar.revenue for bar in history] + [threshold or Decimal("0"), Decimal("1")])
    slot = (WIDTH - LEFT * 2) // max(len(history), 1)
    bars = []
    for n, quarter in enumerate(history):
        height = int(plot * max(quarter.revenue, Decimal("0")) / top)
        x = LEFT + n * slot + slot // 6
        bars.append(
            Bar(
                x=x,
                y=TOP + plot - height,
                width=slot * 2 // 3,
                height=height,
                label=quarter.code,
                revenue=quarter.revenue,
                is_current=quarter.is_current,
                label_x=x + slot // 3,
            )
        )
    threshold_y = TOP + plot - int(plot * threshold / top) if threshold else None
    return Chart(WIDTH, HEIGHT, bars, threshold_y, TOP + plot)
