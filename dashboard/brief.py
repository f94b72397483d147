"""The briefing pack: a PowerPoint deck (.pptx) for one filter set.

Slides: title · key indicators (latest year against the year before) · request trend · disclosure
rate trend · ranking · outcomes · review and litigation · problems · data notes (sources, coverage,
failed checks). Charts are pictures rendered by the dashboard's exporter in the dashboard's style
(`dashboard/style.py`), all in one browser session.

    build_brief("data/xxgk.duckdb", Filters(province="吉林省"), out="brief.pptx")
    xxgk brief --province 吉林省 --year 2023 --out brief.pptx

Every number comes from the public functions of `dashboard.queries` on a cursor of
`dashboard.db.open_database` (or of the dashboard's own connection), no Streamlit needed.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard import charts, db, export, queries, style
from dashboard.filters import Filters
from dashboard.labels import CATEGORIES, CHECK_RULES, FORMATS

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
PX_PER_INCH = 96

OUTCOMES = {
    "granted": "予以公开",
    "partial": "部分公开",
    "denied": "不予公开",
    "unable": "无法提供",
    "not_processed": "不予处理及其他",
}
KPIS = [  # (field of yearly_kpis, label, kind)
    ("reports", "年报数", "count"),
    ("agencies", "机构数", "count"),
    ("requests_received", "新收申请数", "count"),
    ("requests_processed", "办结申请数", "count"),
    ("disclosure_rate", "实质公开率", "rate"),
    ("reviews", "行政复议数", "count"),
    ("lawsuits", "行政诉讼数", "count"),
]
SLIDE_TITLES = {
    "kpi": "关键指标",
    "requests": "申请数量趋势",
    "rate": "实质公开率趋势",
    "ranking": "实质公开率排名",
    "outcomes": "办理结果构成",
    "disputes": "行政复议与行政诉讼",
    "problems": "存在的主要问题",
    "notes": "数据说明",
}


def _is_missing(v) -> bool:
    return v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA


def fmt_int(v) -> str:
    return "—" if _is_missing(v) else f"{int(round(float(v))):,}"


def fmt_pct(v, digits: int = 1) -> str:
    return "—" if _is_missing(v) else f"{float(v) * 100:.{digits}f}%"


def fmt_change(cur, prev, kind: str) -> str:
    if _is_missing(cur) or _is_missing(prev):
        return "—"
    if kind == "rate":
        return f"{(float(cur) - float(prev)) * 100:+.1f} 个百分点"
    diff = float(cur) - float(prev)
    if float(prev) == 0:
        return f"{diff:+,.0f}"
    return f"{diff:+,.0f}（{(float(cur) / float(prev) - 1) * 100:+.1f}%）"


# --------------------------------------------------------------------------------------------------
# Data


@dataclass
class BriefData:
    filters: Filters
    scope: str
    counts: dict
    info: dict
    db_name: str
    yk: pd.DataFrame
    formats: pd.DataFrame
    outcomes: pd.DataFrame
    disputes: pd.DataFrame
    problems: pd.DataFrame
    checks: pd.DataFrame
    quality: dict
    errors: pd.DataFrame
    catalog: pd.DataFrame
    ranking: pd.DataFrame = field(default_factory=pd.DataFrame)
    rank_year: int | None = None
    rank_unit: str = "region"
    rank_unit_name: str = ""
    source_files: int | None = None

    @property
    def latest(self) -> pd.Series | None:
        return None if self.yk.empty else self.yk.iloc[-1]

    @property
    def previous(self) -> pd.Series | None:
        if self.yk.empty:
            return None
        prev = self.yk[self.yk.year == self.yk.year.iloc[-1] - 1]
        return None if prev.empty else prev.iloc[0]


def clamp_years(cur: duckdb.DuckDBPyConnection, f: Filters) -> Filters:
    """Clip an open-ended year range (e.g. 0–2023 from `xxgk brief --year 2023`) to the data's years."""
    if f.year_from is None:
        return f
    c = queries.scope_counts(cur, f.without_years())
    if c["year_min"] is None:
        return f
    lo = max(int(f.year_from), int(c["year_min"]))
    hi = min(int(f.year_to), int(c["year_max"]))
    if lo > hi:
        return f
    return replace(f, year_from=lo, year_to=hi)


def collect(cur: duckdb.DuckDBPyConnection, f: Filters, db_name: str = "") -> BriefData:
    """Everything the pack shows, from the dashboard's query functions."""
    f = clamp_years(cur, f)
    counts = queries.scope_counts(cur, f)
    data = BriefData(
        filters=f,
        scope=f.describe(),
        counts=counts,
        info=queries.build_info(cur),
        db_name=db_name,
        yk=queries.yearly_kpis(cur, f).dropna(subset=["year"]).reset_index(drop=True),
        formats=queries.reports_by_year_format(cur, f),
        outcomes=queries.outcome_summary(cur, f),
        disputes=queries.dispute_by_year(cur, f),
        problems=queries.problem_category_year(cur, f),
        checks=queries.check_summary(cur, f),
        quality=queries.quality_summary(cur, f),
        errors=queries.ingest_errors(cur),
        catalog=queries.metric_catalog(cur),
    )
    if counts["reports"] and counts["reports"] <= 200_000:
        paths = queries.report_list(cur, f, int(counts["reports"]))["path"]
        data.source_files = int(paths.nunique())
    years = [
        y for y in queries.metric_years(cur, f, "disclosure_rate") if f.year_to is None or y <= f.year_to
    ]
    if f.year_from is not None:
        years = [y for y in years if y >= f.year_from]
    if years:
        data.rank_year = years[-1]
        col, name = queries.ranking_unit_column(f)
        rk = queries.ranking(cur, f, "disclosure_rate", data.rank_year, "region", 10)
        data.rank_unit, data.rank_unit_name = "region", name
        if rk.empty or int(rk.eligible.sum()) < 3:
            rk = queries.ranking(cur, f, "disclosure_rate", data.rank_year, "agency", 10)
            data.rank_unit, data.rank_unit_name = "agency", "机构"
        data.ranking = rk
    return data


# --------------------------------------------------------------------------------------------------
# Charts (the same builders and style as the dashboard)


@dataclass
class Chart:
    key: str
    title: str
    fig: object
    width: int = 1200


def figures(d: BriefData) -> dict[str, list[Chart]]:
    out: dict[str, list[Chart]] = {}
    yk = d.yk
    if not yk.empty:
        long = yk.melt(
            id_vars="year",
            value_vars=["requests_received", "requests_processed"],
            var_name="k",
            value_name="件数",
        )
        long["指标"] = long.k.map({"requests_received": "新收申请", "requests_processed": "办结申请"})
        out["requests"] = [
            Chart(
                "requests",
                "申请数量趋势",
                charts.line(long, "year", "件数", color="指标", labels={"year": "年度"}, height=470),
            )
        ]
        rate = yk.dropna(subset=["disclosure_rate"])
        if not rate.empty:
            out["rate"] = [
                Chart(
                    "rate",
                    "实质公开率趋势",
                    charts.line(
                        rate,
                        "year",
                        "disclosure_rate",
                        percent=True,
                        labels={"year": "年度", "disclosure_rate": "实质公开率"},
                        height=470,
                    ),
                )
            ]
    rk = d.ranking
    if not rk.empty and int(rk.eligible.sum()):
        top = rk[rk.eligible].head(15).copy()
        top["label"] = [f"{int(r)}. {n}" for r, n in zip(top["rank"], top["name"], strict=True)]
        out["ranking"] = [
            Chart(
                "ranking",
                f"实质公开率排名（{d.rank_unit_name}，{d.rank_year}年）",
                charts.interval(
                    top, "label", reference=top.pooled.iloc[0], height=max(300, 26 * len(top) + 90)
                ),
            )
        ]
    oc = d.outcomes.dropna(subset=["requests"])
    if not oc.empty and oc.requests.sum() > 0:
        oc = oc.assign(
            结果=oc.outcome.map(OUTCOMES), share=oc.requests / oc.groupby("year").requests.transform("sum")
        )
        out["outcomes"] = [
            Chart(
                "outcomes",
                "办理结果构成",
                charts.bar(
                    oc,
                    "year",
                    "share",
                    color="结果",
                    percent=True,
                    labels={"year": "年度", "share": "占比"},
                    height=470,
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
                            height=470,
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
                "problems", "提及该类问题的年报占比", charts.heatmap(pb, "year", "类别", "share", height=470)
            )
        ]
    return out


def _render(figs: dict[str, list[Chart]]) -> dict[str, list[bytes]]:
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


# --------------------------------------------------------------------------------------------------
# Slides


def _years(c: dict) -> str:
    if c.get("year_min") is None:
        return "年度未知"
    if c["year_min"] == c["year_max"]:
        return f"{c['year_min']} 年"
    return f"{c['year_min']}–{c['year_max']} 年"


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _font(run, size: float, bold: bool = False, color: str = style.TEXT_COLOR) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(color)
    run.font.name = style.FONT_NAME
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):  # East Asian text needs its own typeface entry
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", style.FONT_NAME)


def _text(slide, left, top, width, height, lines, size=14, bold=False, color=style.TEXT_COLOR, align=None):
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate([lines] if isinstance(lines, str) else lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        if align:
            p.alignment = align
        run = p.add_run()
        run.text = line
        _font(run, size, bold, color)
    return box


def _header(slide, title: str, subtitle: str | None = None) -> None:
    bar = slide.shapes.add_shape(1, 0, 0, SLIDE_W, Inches(0.12))  # 1 = rectangle
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(style.PALETTE[0])
    bar.line.fill.background()
    _text(slide, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.7), title, 26, bold=True)
    if subtitle:
        _text(
            slide,
            MARGIN,
            Inches(0.98),
            SLIDE_W - 2 * MARGIN,
            Inches(0.5),
            subtitle,
            15,
            color=style.MUTED_COLOR,
        )


def _footer(slide, d: BriefData, today: dt.date, page: int) -> None:
    _text(
        slide,
        MARGIN,
        SLIDE_H - Inches(0.45),
        SLIDE_W - 2 * MARGIN - Inches(0.6),
        Inches(0.35),
        f"范围：{d.scope} ｜ {_source(d, today)}",
        9,
        color=style.MUTED_COLOR,
    )
    _text(
        slide,
        SLIDE_W - MARGIN - Inches(0.6),
        SLIDE_H - Inches(0.45),
        Inches(0.6),
        Inches(0.35),
        str(page),
        9,
        color=style.MUTED_COLOR,
        align=PP_ALIGN.RIGHT,
    )


def _source(d: BriefData, today: dt.date) -> str:
    built = (d.info.get("built_at") or "")[:10]
    synth = "，合成数据" if d.info.get("synthetic") == "true" else ""
    return (
        f"数据来源：各机构政府信息公开工作年度报告（xxgk 数据库 {d.db_name or '—'}{synth}"
        + (f"，{built} 构建" if built else "")
        + f"）· 生成于 {today.isoformat()}"
    )


def _picture(slide, png: bytes, left, top, max_w, max_h) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        w, h = im.size
    ratio = min(max_w / w, max_h / h)
    pw, ph = int(w * ratio), int(h * ratio)
    slide.shapes.add_picture(io.BytesIO(png), left + (max_w - pw) // 2, top, Emu(pw), Emu(ph))


def _takeaway(key: str, d: BriefData) -> str:
    last, prev = d.latest, d.previous
    if key == "requests" and last is not None:
        return (
            f"{int(last.year)}年新收申请 {fmt_int(last.requests_received)} 件"
            f"（较上年 {fmt_change(last.requests_received, None if prev is None else prev.requests_received, 'count')}），"
            f"办结 {fmt_int(last.requests_processed)} 件。"
        )
    if key == "rate" and last is not None:
        return (
            f"{int(last.year)}年实质公开率 {fmt_pct(last.disclosure_rate)}"
            f"（较上年 {fmt_change(last.disclosure_rate, None if prev is None else prev.disclosure_rate, 'rate')}）；"
            "（予以公开 + 部分公开）/ 办结申请数，合并计算。"
        )
    if key == "ranking" and not d.ranking.empty:
        rk = d.ranking[d.ranking.eligible]
        first = rk.iloc[0]
        return (
            f"{d.rank_year}年按{d.rank_unit_name}排名：{len(rk)} 个参与排名（分母不少于 10），"
            f"第 1 名 {first['name']} {fmt_pct(first.value)}，范围总体 {fmt_pct(first.pooled)}；线段为 95% 区间。"
        )
    if key == "outcomes":
        oc = d.outcomes.dropna(subset=["requests"])
        if oc.empty:
            return ""
        y = int(oc.year.max())
        cur = oc[oc.year == y]
        tot = cur.requests.sum()
        by = dict(zip(cur.outcome, cur.requests, strict=True))
        parts = [f"{name} {fmt_pct(by[o] / tot)}" for o, name in OUTCOMES.items() if tot and o in by]
        return f"{y}年办理结果：" + "，".join(parts) + "（占已报告结果之和）。"
    if key == "disputes":
        pooled = d.disputes.groupby("metric")[["numerator", "denominator"]].sum()

        def rate(m):
            if m not in pooled.index or not pooled.loc[m, "denominator"]:
                return None
            return pooled.loc[m, "numerator"] / pooled.loc[m, "denominator"]

        return (
            f"范围内各年合计：复议率 {fmt_pct(rate('review_rate'), 2)}，诉讼率 {fmt_pct(rate('litigation_rate'), 2)}，"
            f"复议纠错率 {fmt_pct(rate('review_correction_rate'))}，诉讼纠错率 {fmt_pct(rate('litigation_correction_rate'))}。"
        )
    if key == "problems" and not d.problems.empty:
        y = int(d.problems.year.max())
        top = d.problems[d.problems.year == y].sort_values("share", ascending=False).head(3)
        return (
            f"{y}年提及最多的问题："
            + "、".join(
                f"{CATEGORIES.get(c, c)}（{fmt_pct(s, 0)}）"
                for c, s in zip(top.category, top.share, strict=True)
            )
            + "。"
        )
    return ""


def kpi_rows(d: BriefData) -> list[tuple[str, str, str, str]]:
    """(label, latest year, previous year, change) of the KPI slide."""
    last, prev = d.latest, d.previous
    rows = []
    for fld, label, kind in KPIS:
        cur = None if last is None else last[fld]
        old = None if prev is None else prev[fld]
        fmt = fmt_pct if kind == "rate" else fmt_int
        rows.append((label, fmt(cur), fmt(old), fmt_change(cur, old, kind)))
    return rows


def _kpi_slide(prs, d: BriefData) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    c = d.counts
    last = d.latest
    yr = int(last.year) if last is not None else None
    _header(
        s,
        SLIDE_TITLES["kpi"] + (f"（{yr}年）" if yr else ""),
        f"范围内共 {fmt_int(c['reports'])} 份年报、{fmt_int(c['agencies'])} 个机构、{fmt_int(c['regions'])} 个地区，"
        f"覆盖 {_years(c)}。",
    )
    rows = kpi_rows(d)
    left, top = MARGIN, Inches(1.7)
    shape = s.shapes.add_table(
        len(rows) + 1, 4, left, top, SLIDE_W - 2 * MARGIN, Inches(0.52) * (len(rows) + 1)
    )
    tbl = shape.table
    head = ["指标", f"{yr}年" if yr else "最近一年", f"{yr - 1}年" if yr else "上一年", "变化"]
    widths = [Inches(3.6), Inches(2.8), Inches(2.8), Inches(3.133)]
    for j, w in enumerate(widths):
        tbl.columns[j].width = w
    for i, row in enumerate([head, *rows]):
        for j, v in enumerate(row):
            cell = tbl.cell(i, j)
            cell.text = ""
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            p = cell.text_frame.paragraphs[0]
            p.alignment = PP_ALIGN.LEFT if j == 0 else PP_ALIGN.RIGHT
            run = p.add_run()
            run.text = str(v)
            _font(run, 16, bold=i == 0 or j == 1, color="#FFFFFF" if i == 0 else style.TEXT_COLOR)
            if i == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(style.PALETTE[0])
    _text(
        s,
        MARGIN,
        top + Inches(0.52) * (len(rows) + 1) + Inches(0.2),
        SLIDE_W - 2 * MARGIN,
        Inches(0.6),
        "与上一年同一筛选范围相比；比率为范围内各报告合并计算（Σ分子 / Σ分母），分母为 0 或缺失时为空。",
        12,
        color=style.MUTED_COLOR,
    )


def notes_lines(d: BriefData) -> list[str]:
    c, q, info = d.counts, d.quality, d.info
    fm = d.formats.groupby("format").reports.sum() if not d.formats.empty else pd.Series(dtype=int)
    fmt_text = "，".join(f"{FORMATS.get(k, '格式未知')} {int(v):,} 份" for k, v in fm.items())
    ck = d.checks
    total = int(ck.n.sum()) if not ck.empty else 0
    by_status = ck.groupby("status").n.sum() if not ck.empty else pd.Series(dtype=int)
    fails = ck[ck.status == "fail"] if not ck.empty else ck
    fail_text = "；".join(
        f"{r}{f'（{CHECK_RULES[r]}）' if r in CHECK_RULES else ''} {int(n):,} 条"
        for r, n in fails.groupby("rule").n.sum().items()
    )
    lines = [
        f"数据来源：各机构公开发布的政府信息公开工作年度报告，经 xxgk 解析入库（数据库 {d.db_name or '—'}，"
        f"{(info.get('built_at') or '—')[:19]} 构建，解析器版本 {info.get('parser_version') or '—'}）"
        + ("；本库为合成数据，仅供演示" if info.get("synthetic") == "true" else "")
        + "。",
        f"覆盖范围：{d.scope}；年报 {fmt_int(c['reports'])} 份"
        + (f"（来自 {d.source_files:,} 个源文件）" if d.source_files is not None else "")
        + f"，机构 {fmt_int(c['agencies'])} 个，地区 {fmt_int(c['regions'])} 个，省份 {fmt_int(c['provinces'])} 个，"
        f"年度 {_years(c)}。" + (f"格式：{fmt_text}。" if fmt_text else ""),
        f"勾稽校验：共 {total:,} 条，通过 {int(by_status.get('ok', 0)):,} 条，不一致 {int(by_status.get('fail', 0)):,} 条"
        f"（涉及 {q['with_fail']:,} 份年报），因空白无法核对 {int(by_status.get('incomplete', 0)):,} 条。"
        + (f"不一致的规则：{fail_text}。" if fail_text else ""),
        f"数据完整性：空白单元格 {q['blank_cells']:,} 个（{q['with_blanks']:,} 份年报），"
        f"2019 年后格式但缺少表三 {q['missing_tables']:,} 份，有解析警告 {q['with_warnings']:,} 份；"
        f"导入失败的文件 {len(d.errors):,} 个（与筛选条件无关）。",
        "口径：比率为范围内各报告合并计算（Σ分子 / Σ分母），分母为 0 或缺失时为空、不计为 0；排名的区间为 95% Wilson 区间，"
        "分母少于 10 的不参与排名；2019 年前的年报没有统计表，其数字取自正文。",
    ]
    used = [
        "disclosure_rate",
        "review_rate",
        "litigation_rate",
        "review_correction_rate",
        "litigation_correction_rate",
    ]
    cat = d.catalog.set_index("metric")
    defs = "；".join(f"{cat.label[m]} = {cat.definition[m]}" for m in used if m in cat.index)
    if defs:
        lines.append(f"指标定义：{defs}。")
    return lines


def build_brief(
    source: str | Path | duckdb.DuckDBPyConnection,
    f: Filters | None = None,
    out: str | Path | None = None,
    *,
    db_name: str | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The briefing pack for filters `f` (default: the whole database) as .pptx bytes (and written
    to `out` if given). `source` is a database path or a connection from `db.open_database`
    (then `db_name` names the database file on the slides)."""
    f = f or Filters()
    today = today or dt.date.today()
    own = not isinstance(source, duckdb.DuckDBPyConnection)
    con = db.open_database(source) if own else source
    try:
        name = Path(str(source)).name if own else (db_name or "")
        with db.cursor(con) as cur:
            d = collect(cur, f, name)
    finally:
        if own:
            con.close()
    figs = figures(d)
    images = _render(figs) if figs else {}

    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    blank = prs.slide_layouts[6]

    s = prs.slides.add_slide(blank)
    band = s.shapes.add_shape(1, 0, Inches(2.2), SLIDE_W, Inches(2.6))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(style.PALETTE[0])
    band.line.fill.background()
    _text(
        s,
        Inches(0.8),
        Inches(2.45),
        Inches(11.7),
        Inches(1.0),
        "政府信息公开工作年度报告 数据简报",
        36,
        True,
        "#FFFFFF",
    )
    _text(s, Inches(0.8), Inches(3.5), Inches(11.7), Inches(0.6), d.scope, 22, color="#FFFFFF")
    c = d.counts
    _text(
        s,
        Inches(0.8),
        Inches(5.2),
        Inches(11.7),
        Inches(1.2),
        [
            f"{fmt_int(c['reports'])} 份年报 · {fmt_int(c['agencies'])} 个机构 · "
            + (_years(c) if c["reports"] else "无数据"),
            _source(d, today),
        ],
        14,
        color=style.MUTED_COLOR,
    )
    page = 1

    if c["reports"]:
        _kpi_slide(prs, d)
        page += 1
        _footer(prs.slides[-1], d, today, page)
    for key in ("requests", "rate", "ranking", "outcomes", "disputes", "problems"):
        charts_ = figs.get(key)
        s = prs.slides.add_slide(blank)
        page += 1
        title = charts_[0].title if key == "ranking" and charts_ else SLIDE_TITLES[key]
        _header(s, title, _takeaway(key, d) if charts_ else None)
        if not charts_:
            _text(
                s,
                MARGIN,
                Inches(2.0),
                SLIDE_W - 2 * MARGIN,
                Inches(1.0),
                "当前范围内没有可用于本页的数据。",
                18,
                color=style.MUTED_COLOR,
            )
        else:
            imgs = images[key]
            n = len(imgs)
            gap = Inches(0.2)
            box_w = (SLIDE_W - 2 * MARGIN - gap * (n - 1)) // n
            for i, img in enumerate(imgs):
                _picture(s, img, MARGIN + i * (box_w + gap), Inches(1.6), box_w, Inches(5.3))
        _footer(s, d, today, page)

    s = prs.slides.add_slide(blank)
    page += 1
    _header(s, SLIDE_TITLES["notes"])
    box = _text(s, MARGIN, Inches(1.2), SLIDE_W - 2 * MARGIN, Inches(5.6), notes_lines(d), 13)
    for p in box.text_frame.paragraphs:
        p.space_after = Pt(8)
    _footer(s, d, today, page)

    buf = io.BytesIO()
    prs.save(buf)
    data = buf.getvalue()
    if out is not None:
        Path(out).write_bytes(data)
    return data
