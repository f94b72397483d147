"""The briefing pack's charts: the dashboard's figure builders (`dashboard.charts`) on a `BriefData`,
rendered to PNG in one browser session by the dashboard's exporter, in the one chart style."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import charts, export, style
from dashboard.brief.data import BriefData
from dashboard.brief.text import SLIDE_TITLES
from dashboard.labels import CATEGORIES, OUTCOMES
from dashboard.reshape import outcome_shares, ranking_top, request_series

HEIGHT = 470


@dataclass
class Chart:
    key: str
    title: str
    fig: object
    width: int = 1200


def figures(d: BriefData) -> dict[str, list[Chart]]:
    """The charts of each slide that has data (slide key → one or two charts)."""
    out: dict[str, list[Chart]] = {}
    yk = d.yk
    if not yk.empty:
        out["requests"] = [
            Chart(
                "requests",
                SLIDE_TITLES["requests"],
                charts.line(
                    request_series(yk), "year", "件数", color="指标", labels={"year": "年度"}, height=HEIGHT
                ),
            )
        ]
        rate = yk.dropna(subset=["disclosure_rate"])
        if not rate.empty:
            out["rate"] = [
                Chart(
                    "rate",
                    SLIDE_TITLES["rate"],
                    charts.line(
                        rate,
                        "year",
                        "disclosure_rate",
                        percent=True,
                        labels={"year": "年度", "disclosure_rate": "实质公开率"},
                        height=HEIGHT,
                    ),
                )
            ]
    rk = d.ranking
    if not rk.empty and int(rk.eligible.sum()):
        top = ranking_top(rk, 15)
        out["ranking"] = [
            Chart(
                "ranking",
                f"{SLIDE_TITLES['ranking']}（{d.rank_unit_name}，{d.rank_year}年）",
                charts.interval(
                    top, "label", reference=top.pooled.iloc[0], height=max(300, 26 * len(top) + 90)
                ),
            )
        ]
    oc = d.outcomes.dropna(subset=["requests"])
    if not oc.empty and oc.requests.sum() > 0:
        out["outcomes"] = [
            Chart(
                "outcomes",
                SLIDE_TITLES["outcomes"],
                charts.bar(
                    outcome_shares(oc, OUTCOMES, "结果"),
                    "year",
                    "share",
                    color="结果",
                    percent=True,
                    labels={"year": "年度", "share": "占比"},
                    height=HEIGHT,
                ),
            )
        ]
    dp = d.disputes
    if not dp.empty:
        names = dict(zip(d.catalog.metric, d.catalog.label, strict=True))
        dp = dp.assign(指标=dp.metric.map(names))
        pair = []
        for metrics, title in (
            (["review_rate", "litigation_rate"], "复议率与诉讼率（占办结申请）"),
            (["review_correction_rate", "litigation_correction_rate"], "复议、诉讼纠错率"),
        ):
            sub = dp[dp.metric.isin(metrics)].dropna(subset=["value"])
            if not sub.empty:
                pair.append(
                    Chart(
                        metrics[0],
                        title,
                        charts.line(
                            sub,
                            "year",
                            "value",
                            color="指标",
                            percent=True,
                            title=title,
                            labels={"year": "年度", "value": "比率"},
                            height=HEIGHT,
                        ),
                        width=620,
                    )
                )
        if pair:
            out["disputes"] = pair
    pb = d.problems
    if not pb.empty:
        pb = pb.assign(类别=pb.category.map(lambda c: CATEGORIES.get(c, c)))
        out["problems"] = [
            Chart(
                "problems",
                "提及该类问题的年报占比",
                charts.heatmap(pb, "year", "类别", "share", height=HEIGHT),
            )
        ]
    return out


def render(figs: dict[str, list[Chart]]) -> dict[str, list[bytes]]:
    """PNG bytes of every chart (2×), in one browser session; a slide with two charts keeps titles."""
    flat = [(k, c) for k, cs in figs.items() for c in cs]
    images = export.render_figures(
        [style.for_export(c.fig, width=c.width, keep_title=len(figs[k]) > 1, footer=()) for k, c in flat],
        "png",
        style.EXPORT_SCALE,
    )
    out: dict[str, list[bytes]] = {}
    for (k, _), img in zip(flat, images, strict=True):
        out.setdefault(k, []).append(img)
    return out
