"""The one chart style of xxgk, for the screen, the PNG/SVG downloads and the briefing pack.

Palette, fonts (Noto Sans CJK SC first: Debian's `fonts-noto-cjk`, also what the exporter's
Chromium uses) and sizes live here; `dashboard/charts.py` builds figures with the Plotly template
registered below, and `for_export()` turns a screen figure into its exported form (fixed width,
title, footer with scope and data source).
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.formats import plain

FONT_NAME = "Noto Sans CJK SC"
FONT = f'"{FONT_NAME}", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
TEXT_COLOR = "#1f2933"
MUTED_COLOR = "#5f6b7a"
PALETTE = [
    "#1f5fa8",
    "#e07b39",
    "#3a9e6f",
    "#c9483b",
    "#7b5ea7",
    "#8c6d4f",
    "#d36fa6",
    "#6b7b8c",
    "#b3a03a",
    "#2aa3b8",
]
SEQUENTIAL = ["#f3f7fc", "#c6dbef", "#85b4da", "#4a8bc4", "#1f5fa8", "#0d3b73"]
DIVERGING = ["#c9483b", "#f2c4bd", "#f5f5f5", "#b9d3ea", "#1f5fa8"]

# Sizes (CSS pixels; PNG exports multiply them by EXPORT_SCALE)
FONT_SIZE = 13
TITLE_SIZE = 15
FOOTER_SIZE = 11
EXPORT_WIDTH = 1000
EXPORT_SCALE = 2
EXPORT_TITLE_SIZE = 18
_FOOTER_LINE = 17

# plotly_white, cut to what 2-D charts of these trace types use: a figure validates (deep-copies) its
# template each time it takes one, and all of plotly_white (3-D scenes, polar, ternary and geo axes,
# defaults for 24 trace types) cost about 30 ms a chart.
_USED_TRACES = ("bar", "heatmap", "pie", "scatter")
_USED_LAYOUT = (
    "annotationdefaults", "autotypenumbers", "colorscale", "coloraxis", "hoverlabel", "hovermode",
    "shapedefaults", "xaxis", "yaxis",
)  # fmt: skip
_white = pio.templates["plotly_white"]
_template = go.layout.Template(
    layout={k: v for k, v in _white.layout.to_plotly_json().items() if k in _USED_LAYOUT},
    data={k: v for k, v in _white.data.to_plotly_json().items() if k in _USED_TRACES},
)
_template.layout.font = {"family": FONT, "size": FONT_SIZE, "color": TEXT_COLOR}
_template.layout.colorway = PALETTE
_template.layout.title = {"font": {"size": TITLE_SIZE}, "x": 0, "xanchor": "left"}
_template.layout.margin = {"l": 10, "r": 10, "t": 40, "b": 10}
_template.layout.legend = {
    "orientation": "h",
    "yanchor": "bottom",
    "y": 1.0,
    "xanchor": "left",
    "x": 0,
    "title": "",
}
_template.layout.separators = ".,"
_template.layout.hoverlabel = {"font": {"family": FONT}}
_template.layout.paper_bgcolor = "white"
_template.layout.plot_bgcolor = "white"
pio.templates["xxgk"] = _template
TEMPLATE = "xxgk"
# Every figure starts with it (instead of Plotly's full default template, validated and then replaced)
pio.templates.default = TEMPLATE


def _has_axes(fig: go.Figure) -> bool:
    return any(t.type not in ("pie", "sunburst", "treemap", "funnelarea") for t in fig.data)


def for_export(
    fig: go.Figure,
    *,
    title: str | None = None,
    footer: list[str] | tuple[str, ...] = (),
    width: int = EXPORT_WIDTH,
    keep_title: bool = True,
) -> go.Figure:
    """A copy of `fig` laid out for a file: fixed width, roomier margins, the title (from the figure
    or `title`), and footer lines (scope, data source, date) under the plot.

    `keep_title=False` drops the title (the briefing pack puts it on the slide instead)."""
    out = go.Figure(fig)
    text = plain(title or (out.layout.title.text if out.layout.title else None))
    height = int(out.layout.height or 360)
    lines = [plain(x) for x in footer if x]  # scope: names from the data, text from the URL
    foot = _FOOTER_LINE * len(lines) + (12 if lines else 0)
    axis_room = 62 if _has_axes(out) else 16
    top = int(out.layout.margin.t or 40) if out.layout.margin else 40
    if text and keep_title:
        top = max(top, 86 if len(out.data) > 1 or out.layout.showlegend else 60)
        out.update_layout(
            title={
                "text": f"<b>{text}</b>",
                "font": {"size": EXPORT_TITLE_SIZE, "color": TEXT_COLOR},
                "x": 0.01,
                "xanchor": "left",
                "xref": "container",
                "y": 1 - 14 / (height + foot),
                "yanchor": "top",
                "yref": "container",
            }
        )
    else:
        out.update_layout(title=None)
        top = min(top, 44)
    out.update_layout(
        width=width,
        height=height + foot,
        margin={"l": 28, "r": 28, "t": top, "b": axis_room + foot},
        paper_bgcolor="white",
    )
    for i, line in enumerate(reversed(lines)):
        out.add_annotation(
            text=line,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="bottom",
            yshift=-(axis_room + foot) + 6 + i * _FOOTER_LINE,
            showarrow=False,
            align="left",
            font={"size": FOOTER_SIZE, "color": MUTED_COLOR},
        )
    return out
