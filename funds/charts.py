"""Bar charts drawn on the server as SVG: each chart is a list of groups (a round, a decile, a nation) with one
or more bars, laid out here so that the template only draws rectangles and text. The figures are always shown in
a table beside the chart too, so the chart itself is hidden from screen readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 640
LABEL_WIDTH = 190  # room for the group's label, left of the bars
VALUE_ROOM = 110  # room for the value written after the longest bar
BAR_HEIGHT = 18
BAR_GAP = 4
GROUP_GAP = 14
# GOV.UK colours: dark blue, green, mid grey: told apart by the key and the values too.
COLOURS = ("#1d70b8", "#00703c", "#505a5f", "#d4351c")


@dataclass
class Bar:
    series: str
    value: Decimal
    text: str
    x: int
    y: int
    width: int
    height: int
    colour: str


@dataclass
class Group:
    label: str
    y: int  # the baseline of the label
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    title: str
    series: list[tuple[str, str]]  # (name, colour) for the key
    groups: list[Group]
    width: int
    height: int
    label_width: int


def bar_chart(title: str, series: list[str], rows: list[tuple[str, list]], *, formatter=str) -> Chart:
    """`rows` are (group label, [one value per series]); bars' lengths are in proportion to the largest value."""
    values = [Decimal(value or 0) for _label, row in rows for value in row]
    largest = max(values, default=Decimal(0)) or Decimal(1)
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    groups, y = [], GROUP_GAP // 2
    for label, row in rows:
        group = Group(label=label, y=y + BAR_HEIGHT - 5)
        for index, value in enumerate(row):
            value = Decimal(value or 0)
            length = int(round(room * value / largest)) if value > 0 else 0
            group.bars.append(Bar(series=series[index], value=value, text=formatter(value), x=LABEL_WIDTH,
                                  y=y, width=max(length, 1 if value > 0 else 0), height=BAR_HEIGHT,
                                  colour=COLOURS[index % len(COLOURS)]))
            y += BAR_HEIGHT + BAR_GAP
        groups.append(group)
        y += GROUP_GAP
    for group in groups:
        for bar in group.bars:
            bar.text_x = bar.x + bar.width + 6
            bar.text_y = bar.y + BAR_HEIGHT - 5
    return Chart(title=title, series=[(name, COLOURS[i % len(COLOURS)]) for i, name in enumerate(series)],
                 groups=groups, width=WIDTH, height=max(y, 40), label_width=LABEL_WIDTH - 8)
