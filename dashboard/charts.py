"""One Plotly style for every chart: CJK-capable font, one palette, Chinese number formats."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio

FONT = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
)
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

_template = go.layout.Template(pio.templates["plotly_white"])
_template.layout.font = {"family": FONT, "size": 13, "color": "#1f2933"}
_template.layout.colorway = PALETTE
_template.layout.title = {"font": {"size": 15}, "x": 0, "xanchor": "left"}
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
pio.templates["xxgk"] = _template
TEMPLATE = "xxgk"


def style(fig: go.Figure, height: int = 360, title: str | None = None) -> go.Figure:
    fig.update_layout(template=TEMPLATE, height=height, legend_title_text="")
    if title:
        # title on the first line, legend on the second, plot below
        fig.update_layout(
            title={"text": title, "y": 0.99, "yanchor": "top"},
            margin={"t": 72},
            legend={"y": 1.02, "yanchor": "bottom"},
        )
    return fig


def show(fig: go.Figure, key: str, width: str = "stretch") -> None:
    """Draw a figure with this module's style (not Streamlit's theme)."""
    import streamlit as st

    st.plotly_chart(fig, theme=None, width=width, key=key, config={"displaylogo": False})


def line(
    df: pd.DataFrame,
    x: str,
    y: str,
    color: str | None = None,
    title: str | None = None,
    labels: dict | None = None,
    percent: bool = False,
    height: int = 340,
) -> go.Figure:
    fig = px.line(df, x=x, y=y, color=color, markers=True, labels=labels or {}, template=TEMPLATE)
    if percent:
        fig.update_yaxes(tickformat=".0%")
    fig.update_xaxes(dtick=1, tickformat="d")
    return style(fig, height, title)


def bar(
    df: pd.DataFrame,
    x: str,
    y: str,
    color: str | None = None,
    title: str | None = None,
    labels: dict | None = None,
    percent: bool = False,
    orientation: str = "v",
    barmode: str = "stack",
    height: int = 340,
) -> go.Figure:
    fig = px.bar(
        df,
        x=x,
        y=y,
        color=color,
        labels=labels or {},
        orientation=orientation,
        barmode=barmode,
        template=TEMPLATE,
    )
    if percent:
        (fig.update_xaxes if orientation == "h" else fig.update_yaxes)(tickformat=".0%")
    if orientation == "v" and x == "year":
        fig.update_xaxes(dtick=1, tickformat="d")
    return style(fig, height, title)


def interval(
    df: pd.DataFrame,
    y: str,
    x: str = "value",
    lo: str = "ci_low",
    hi: str = "ci_high",
    title: str | None = None,
    reference: float | None = None,
    height: int | None = None,
) -> go.Figure:
    """Dot-and-whisker chart of rates with 95% intervals (one row per category)."""
    d = df.dropna(subset=[x]).copy()
    fig = go.Figure(
        go.Scatter(
            x=d[x],
            y=d[y],
            mode="markers",
            marker={"size": 9, "color": PALETTE[0]},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (d[hi] - d[x]).fillna(0),
                "arrayminus": (d[x] - d[lo]).fillna(0),
                "color": PALETTE[0],
                "thickness": 1.5,
            },
            hovertemplate="%{y}：%{x:.1%}<extra></extra>",
        )
    )
    if reference is not None:
        fig.add_vline(
            x=reference,
            line_dash="dash",
            line_color=PALETTE[1],
            annotation_text=f"总体 {reference:.1%}",
            annotation_position="top",
        )
    fig.update_xaxes(tickformat=".0%", rangemode="tozero")
    fig.update_yaxes(autorange="reversed", type="category")
    return style(fig, height or max(260, 26 * len(d) + 80), title)


def heatmap(
    df: pd.DataFrame,
    x: str,
    y: str,
    z: str,
    title: str | None = None,
    percent: bool = True,
    height: int | None = None,
    zmax: float | None = None,
) -> go.Figure:
    piv = df.pivot_table(index=y, columns=x, values=z, aggfunc="first")
    fig = go.Figure(
        go.Heatmap(
            z=piv.values,
            x=[str(c) for c in piv.columns],
            y=list(piv.index),
            colorscale=SEQUENTIAL,
            zmin=0,
            zmax=zmax,
            hoverongaps=False,
            hovertemplate="%{y} · %{x}：%{z:.0%}<extra></extra>"
            if percent
            else "%{y} · %{x}：%{z}<extra></extra>",
            colorbar={"tickformat": ".0%" if percent else ""},
        )
    )
    fig.update_xaxes(type="category")
    return style(fig, height or max(300, 24 * len(piv.index) + 120), title)


def pie(df: pd.DataFrame, names: str, values: str, title: str | None = None, height: int = 320) -> go.Figure:
    fig = px.pie(df, names=names, values=values, hole=0.45, template=TEMPLATE)
    fig.update_traces(textinfo="percent+label", textposition="inside")
    return style(fig, height, title)
