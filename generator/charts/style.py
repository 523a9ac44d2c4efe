"""The look shared by every chart: font, sizes and colours (Okabe–Ito, colour-blind safe).

Read by the Altair templates (generator.charts.templates) and by the build-time fill
(generator.charts.specs), which sizes some charts by their number of rows.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT = "Noto Sans CJK SC"  # the family the SVG text asks for; readers' systems fall back
WIDTH, HEIGHT = 560, 260

BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, GREY = (
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
)
PALETTE = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK]

# Indicator status: colour and point shape (status is also written out, never shown by colour alone)
STATUSES = ["achieved", "on-track", "off-track", "overdue", "no-data", "not-assessable"]
STATUS_COLOURS = [GREEN, BLUE, VERMILLION, ORANGE, GREY, PURPLE]
STATUS_SHAPES = ["diamond", "circle", "triangle-down", "triangle-right", "square", "cross"]

TASK_STATUSES = ["completed", "in-progress", "not-started", "delayed", "no-report"]
TASK_STATUS_COLOUR = {
    "completed": GREEN,
    "in-progress": BLUE,
    "not-started": GREY,
    "delayed": VERMILLION,
    "no-report": PURPLE,
}

# Sizes of the charts whose height follows their rows
OVERVIEW_WIDTH = WIDTH - 220
TASKS_WIDTH = WIDTH - 200
DOTS_WIDTH = WIDTH - 170
LINES_WIDTH, LINES_HEIGHT = WIDTH - 60, HEIGHT + 80

# The phone variant of every chart: drawn for a column of 328-358 CSS px (360-390 px phones), its
# whole SVG PHONE_WIDTH wide, so it is shown at (or just under) its own size: its smallest text
# (PHONE_FONT) renders at >= 11 CSS px. Text sizes of the wide charts, whose smallest is FONT_SIZE.
PHONE_WIDTH = 340
PHONE_FONT, PHONE_NAME_FONT, PHONE_TITLE_FONT = 12, 13, 15
FONT_SIZE = 11
PHONE_YEAR_TICKS = 6  # at most this many year ticks on a phone's year axis
PHONE_ROW_LINE = 17  # px per line of a row's name in the phone's row charts
PHONE_BAR = 12  # px, the height of one bar there

# A reference series: the marks of its (year, kind) pairs in a dot plot, in order
PAIR_COLOURS = [BLUE, VERMILLION, GREEN]
PAIR_SHAPES = ["circle", "diamond", "square"]
