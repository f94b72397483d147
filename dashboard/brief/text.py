"""The briefing pack's words: slide titles, the key-indicator table, the sentence under each chart
and the data notes, written from a `BriefData` with the dashboard's formatters and vocabulary.
Pure functions: no drawing, no database."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.brief.data import MIN_DENOMINATOR, BriefData
from dashboard.formats import change, fmt_int, fmt_pct, source_line
from dashboard.labels import CATEGORIES, CHECK_RULES, FORMATS, OUTCOMES, metric_labels
from dashboard.reshape import pooled_rate

TITLE = "政府信息公开工作年度报告 数据简报"
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
NO_DATA = "当前范围内没有可用于本页的数据。"
POOLED_NOTE = "比率为范围内各报告合并计算（Σ分子 / Σ分母），分母为 0 或缺失时为空"
KPI_NOTE = f"与上一年同一筛选范围相比；{POOLED_NOTE}。"
# Metrics whose definitions the notes slide lists.
DEFINED_METRICS = (
    "disclosure_rate",
    "review_rate",
    "litigation_rate",
    "review_correction_rate",
    "litigation_correction_rate",
)


def kpis() -> list[tuple[str, str, str]]:
    """(field of yearly_kpis, label, kind) of the key-indicator slide; metric labels from metrics.csv."""
    m = metric_labels()
    return [
        ("reports", "年报数", "count"),
        ("agencies", "机构数", "count"),
        ("requests_received", m["requests_received"], "count"),
        ("requests_processed", m["requests_processed"], "count"),
        ("disclosure_rate", m["disclosure_rate"], "rate"),
        ("reviews", m["reviews"], "count"),
        ("lawsuits", m["lawsuits"], "count"),
    ]


def years_text(c: dict) -> str:
    """The scope's years: '2023 年', '2014–2023 年' or 年度未知."""
    if c.get("year_min") is None:
        return "年度未知"
    if c["year_min"] == c["year_max"]:
        return f"{c['year_min']} 年"
    return f"{c['year_min']}–{c['year_max']} 年"


def source_text(d: BriefData, today: dt.date) -> str:
    return source_line(d.db_name, d.info.get("built_at"), d.info.get("synthetic") == "true", today, "生成于")


def cover_lines(d: BriefData, today: dt.date) -> list[str]:
    c = d.counts
    return [
        f"{fmt_int(c['reports'])} 份年报 · {fmt_int(c['agencies'])} 个机构 · "
        + (years_text(c) if c["reports"] else "无数据"),
        source_text(d, today),
    ]


def kpi_title(d: BriefData) -> str:
    last = d.latest
    return SLIDE_TITLES["kpi"] + (f"（{int(last.year)}年）" if last is not None else "")


def kpi_subtitle(d: BriefData) -> str:
    c = d.counts
    return (
        f"范围内共 {fmt_int(c['reports'])} 份年报、{fmt_int(c['agencies'])} 个机构、{fmt_int(c['regions'])} 个地区，"
        f"覆盖 {years_text(c)}。"
    )


def kpi_header(d: BriefData) -> list[str]:
    last = d.latest
    yr = None if last is None else int(last.year)
    return ["指标", f"{yr}年" if yr else "最近一年", f"{yr - 1}年" if yr else "上一年", "变化"]


def kpi_rows(d: BriefData) -> list[tuple[str, str, str, str]]:
    """(label, latest year, previous year, change) of the KPI slide."""
    last, prev = d.latest, d.previous
    rows = []
    for fld, label, kind in kpis():
        cur = None if last is None else last[fld]
        old = None if prev is None else prev[fld]
        fmt = fmt_pct if kind == "rate" else fmt_int
        rows.append((label, fmt(cur), fmt(old), change(cur, old, kind)))
    return rows


def takeaway(key: str, d: BriefData) -> str:
    """The sentence under a chart slide's title."""
    last, prev = d.latest, d.previous
    if key == "requests" and last is not None:
        return (
            f"{int(last.year)}年新收申请 {fmt_int(last.requests_received)} 件"
            f"（较上年 {change(last.requests_received, None if prev is None else prev.requests_received)}），"
            f"办结 {fmt_int(last.requests_processed)} 件。"
        )
    if key == "rate" and last is not None:
        return (
            f"{int(last.year)}年实质公开率 {fmt_pct(last.disclosure_rate)}"
            f"（较上年 {change(last.disclosure_rate, None if prev is None else prev.disclosure_rate, 'rate')}）；"
            "（予以公开 + 部分公开）/ 办结申请数，合并计算。"
        )
    if key == "ranking" and not d.ranking.empty:
        rk = d.ranking[d.ranking.eligible]
        first = rk.iloc[0]
        return (
            f"{d.rank_year}年按{d.rank_unit_name}排名：{len(rk)} 个参与排名（分母不少于 {MIN_DENOMINATOR}），"
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
        dp = d.disputes
        return (
            f"范围内各年合计：复议率 {fmt_pct(pooled_rate(dp, 'review_rate'), 2)}，"
            f"诉讼率 {fmt_pct(pooled_rate(dp, 'litigation_rate'), 2)}，"
            f"复议纠错率 {fmt_pct(pooled_rate(dp, 'review_correction_rate'))}，"
            f"诉讼纠错率 {fmt_pct(pooled_rate(dp, 'litigation_correction_rate'))}。"
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


def notes_lines(d: BriefData) -> list[str]:
    """The data notes slide: source, coverage, checks, completeness, definitions."""
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
        f"年度 {years_text(c)}。" + (f"格式：{fmt_text}。" if fmt_text else ""),
        f"勾稽校验：共 {total:,} 条，通过 {int(by_status.get('ok', 0)):,} 条，不一致 {int(by_status.get('fail', 0)):,} 条"
        f"（涉及 {q['with_fail']:,} 份年报），因空白无法核对 {int(by_status.get('incomplete', 0)):,} 条。"
        + (f"不一致的规则：{fail_text}。" if fail_text else ""),
        f"数据完整性：空白单元格 {q['blank_cells']:,} 个（{q['with_blanks']:,} 份年报），"
        f"2019 年后格式但缺少表三 {q['missing_tables']:,} 份，有解析警告 {q['with_warnings']:,} 份；"
        f"导入失败的文件 {len(d.errors):,} 个（与筛选条件无关）。",
        f"口径：{POOLED_NOTE}、不计为 0；排名的区间为 95% Wilson 区间，"
        f"分母少于 {MIN_DENOMINATOR} 的不参与排名；2019 年前的年报没有统计表，其数字取自正文。",
    ]
    cat = d.catalog.set_index("metric")
    defs = "；".join(f"{cat.label[m]} = {cat.definition[m]}" for m in DEFINED_METRICS if m in cat.index)
    if defs:
        lines.append(f"指标定义：{defs}。")
    return lines
