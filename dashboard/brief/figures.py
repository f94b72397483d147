"""The briefing pack's Plotly figures: the chart specs of `charts.py` drawn with the dashboard's
builders (`dashboard.charts`) for the PDF, and picture slides (charts with no native PowerPoint type,
e.g. a map), rendered to PNG for the deck by the dashboard's exporter, in the one chart style."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import charts, export, style
from dashboard.brief.charts import ChartSpec
from dashboard.brief.data import MIN_DENOMINATOR, RANKED_METRIC, BriefData

PX_PER_INCH = 96


@dataclass
class Chart:
    """A picture slide: a Plotly figure with its slide title, placed after the slide `after`."""

    key: str
    title: str
    fig: object
    width: int = 1200
    subtitle: str | None = None
    after: str = "ranking"


def pictures(d: BriefData) -> list[Chart]:
    """The slides drawn as pictures, in order: the map of the ranked metric (no native PowerPoint
    chart type draws one)."""
    if d.region_map is None:
        return []
    from dashboard import maps

    label = d.catalog.set_index("metric").label.get(RANKED_METRIC, RANKED_METRIC)
    where = "各省份" if d.region_map.level == "province" else "各市"
    return [
        Chart(
            key="map",
            title=f"{label}：{where}分布（{d.rank_year}年）",
            fig=d.region_map.figure,
            subtitle=f"灰色为{maps.SHORT}（分母低于 {MIN_DENOMINATOR}）；{maps.BOUNDARY_NOTE}",
            after="ranking",
        )
    ]


def _long(spec: ChartSpec, value: str) -> pd.DataFrame:
    rows = [
        {"x": c, "指标": name, value: v}
        for name, values in spec.series
        for c, v in zip(spec.categories, values, strict=True)
    ]
    return pd.DataFrame(rows, columns=["x", "指标", value])


def figure(spec: ChartSpec, width: int, height: int):
    """The Plotly figure of a line, stack100 or interval spec, `width` × `height` CSS pixels."""
    title = spec.title if spec.show_title else None
    if spec.kind == "line":
        value = "比率" if spec.percent else "件数"
        df = _long(spec, value).dropna(subset=[value])
        fig = charts.line(
            df,
            "x",
            value,
            color="指标",
            title=title,
            labels={"x": "年度", "指标": ""},
            percent=spec.percent,
            height=height,
        )
        if len(spec.series) == 1:
            fig.update_layout(showlegend=False)
        fig.update_yaxes(rangemode="tozero")
    elif spec.kind == "stack100":
        df = _long(spec, "件数").fillna({"件数": 0})
        total = df.groupby("x")["件数"].transform("sum")
        df["占比"] = df["件数"] / total.where(total != 0)
        fig = charts.bar(
            df,
            "x",
            "占比",
            color="指标",
            title=title,
            labels={"x": "年度", "指标": "结果"},
            percent=True,
            height=height,
        )
        fig.update_xaxes(dtick=1, tickformat="d")
    elif spec.kind == "interval":
        df = pd.DataFrame(
            {"label": spec.categories, "value": spec.series[0][1], "ci_low": spec.lo, "ci_high": spec.hi}
        ).astype({"value": float, "ci_low": float, "ci_high": float})
        fig = charts.interval(df, "label", title=title, reference=spec.reference, height=height)
    else:
        raise ValueError(f"no Plotly figure for a {spec.kind!r} chart")
    return style.for_export(fig, width=width, keep_title=spec.show_title, footer=())


def render_pngs(pics: list[Chart]) -> list[bytes]:
    """PNG bytes (2×) of picture slides, titles dropped (the slide has it)."""
    return export.render_figures(
        [style.for_export(c.fig, width=c.width, keep_title=False, footer=()) for c in pics],
        "png",
        style.EXPORT_SCALE,
    )
