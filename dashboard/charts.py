"""Chart builders (line, bar, interval, heatmap, pie) in the one style of `dashboard/style.py`, and
`image()`, a figure as an exported PNG or SVG file.

Figures only: no Streamlit and no widgets here (the pages draw a figure with `dashboard.ui.chart`,
which adds the downloads; the briefing pack renders the same figures into slides)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard.formats import plain
from dashboard.style import (  # noqa: F401 - the style's names, re-exported for the pages
    DIVERGING,
    EXPORT_SCALE,
    FONT,
    PALETTE,
    SEQUENTIAL,
    TEMPLATE,
    for_export,
)


def pct_format(values) -> str:
    """Axis tick format for rates: whole percents, one decimal when every value is below 10%."""
    v = pd.to_numeric(pd.Series(values), errors="coerce").abs().max()
    return ".1%" if pd.notna(v) and v < 0.1 else ".0%"


def plain_columns(df: pd.DataFrame, *cols: str | None) -> pd.DataFrame:
    """`df` with the text of `cols` (categories, legends, hover labels: agency and region names from
    the reports) made safe for Plotly's tags (`formats.plain`); a copy only when there is text."""
    out = df
    for c in cols:
        if c is None or c not in df.columns:
            continue
        s = df[c]
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            if out is df:
                out = df.copy()
            out[c] = s.map(plain)
    return out


def style(fig: go.Figure, height: int = 360, title: str | None = None) -> go.Figure:
    if fig.layout.template.layout.colorway != tuple(PALETTE):  # not yet ours (px figures here are)
        fig.update_layout(template=TEMPLATE)
    fig.update_layout(height=height, legend_title_text="")
    if title:
        # title on the first line, legend on the second, plot below
        fig.update_layout(
            title={"text": plain(title), "y": 0.99, "yanchor": "top"},
            margin={"t": 72},
            legend={"y": 1.02, "yanchor": "bottom"},
        )
    return fig


def _groups(df: pd.DataFrame, color: str | None) -> list[tuple[str | None, pd.DataFrame]]:
    """(name, rows) per colour group in order of first appearance (as Plotly Express orders them)."""
    if color is None:
        return [(None, df)]
    return [(str(name), rows) for name, rows in df.groupby(color, sort=False, dropna=False)]


def _hover(x_label: str, y_label: str, group: str | None, x_fmt: str, y_fmt: str) -> str:
    head = f"{group}<br>" if group is not None else ""
    return f"{head}{x_label}：%{{x{x_fmt}}}<br>{y_label}：%{{y{y_fmt}}}<extra></extra>"


def _axis_titles(fig: go.Figure, x: str, y: str, labels: dict) -> None:
    fig.update_layout(xaxis_title_text=plain(labels.get(x, x)), yaxis_title_text=plain(labels.get(y, y)))


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
    """Lines with markers, one per `color` group. Built from graph objects, not Plotly Express:
    the same figure in a fifth of the time."""
    df = plain_columns(df, x, color)
    labels = labels or {}
    xl, yl = plain(labels.get(x, x)), plain(labels.get(y, y))
    y_fmt = ":" + pct_format(df[y]) if percent else ""
    fig = go.Figure(
        [
            go.Scatter(
                x=rows[x],
                y=rows[y],
                mode="lines+markers",
                name=name,
                showlegend=name is not None,
                hovertemplate=_hover(xl, yl, name, "", y_fmt),
            )
            for name, rows in _groups(df, color)
        ]
    )
    _axis_titles(fig, x, y, labels)
    if percent:
        fig.update_yaxes(tickformat=pct_format(df[y]))
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
    """Bars (`orientation` "v" or "h"), one trace per `color` group, stacked or grouped (`barmode`).
    Graph objects, as `line`."""
    df = plain_columns(df, x, y, color)
    labels = labels or {}
    xl, yl = plain(labels.get(x, x)), plain(labels.get(y, y))
    value_fmt = ":.1%" if percent else ""
    x_fmt, y_fmt = (value_fmt, "") if orientation == "h" else ("", value_fmt)
    fig = go.Figure(
        [
            go.Bar(
                x=rows[x],
                y=rows[y],
                orientation=orientation,
                name=name,
                showlegend=name is not None,
                hovertemplate=_hover(xl, yl, name, x_fmt, y_fmt),
            )
            for name, rows in _groups(df, color)
        ]
    )
    fig.update_layout(barmode=barmode, legend_traceorder="normal")  # groups in data order, stacked too
    _axis_titles(fig, x, y, labels)
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
    d = plain_columns(df.dropna(subset=[x]), y)
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
    fig.update_xaxes(tickformat=pct_format(d[hi]), rangemode="tozero")
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
            x=[plain(str(c)) for c in piv.columns],
            y=[plain(i) for i in piv.index],
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
    df = plain_columns(df, names)
    fig = px.pie(df, names=names, values=values, hole=0.45, template=TEMPLATE)
    fig.update_traces(textinfo="percent+label", textposition="inside")
    return style(fig, height, title)


def image(
    fig: go.Figure,
    fmt: str = "png",
    *,
    title: str | None = None,
    footer: list[str] | tuple[str, ...] = (),
    scale: float = EXPORT_SCALE,
) -> bytes:
    """The figure as an exported PNG (at `scale`) or SVG file: see `style.for_export`."""
    from dashboard.export import render_figure

    return render_figure(for_export(fig, title=title, footer=footer), fmt, scale)
