"""Reshaping query results for display: pure functions from DataFrames to DataFrames, text or lists.

The page scripts (`dashboard/views/`) call these between a query (`dashboard.queries`) and a widget
(`dashboard.ui`), and the briefing pack (`dashboard.brief`) uses the same ones, so what a page shows
is tested without Streamlit (`tests/dashboard/test_reshape.py`). No Streamlit, no database here.
"""

from __future__ import annotations

import html

import pandas as pd

from dashboard.formats import (
    code,
    flag,
    fmt_int,
    fmt_num,
    fmt_pct,
    is_missing,
    level_label,
    plain_list,
    profile_url,
    region_text,
    sector_label,
)
from dashboard.labels import (
    CATEGORIES,
    CHECK_RULES,
    CHECK_STATUS,
    FORMATS,
    LINEAGE_KINDS,
    LINEAGE_SOURCES,
    SECTIONS,
    SERIES,
    SUMMARY_KEYS,
    T3_COLS,
    T3_ROWS,
    T4_BLOCKS,
    T4_RESULTS,
    key_label,
)

OWN_LEVEL = "（本级）"

# --------------------------------------------------------------------------------------------------
# Shared


def request_series(
    df: pd.DataFrame,
    measures: tuple[str, ...] = ("requests_received", "requests_processed"),
    *,
    value: str = "件数",
    dropna: bool = False,
) -> pd.DataFrame:
    """Per-year measures in long form for a trend chart: columns year, 指标 (the series' Chinese name),
    `value`. Rows are by measure, then year."""
    long = df.melt(id_vars="year", value_vars=list(measures), var_name="key", value_name=value)
    long["指标"] = long.key.map(lambda k: SERIES.get(k, k))
    long = long[["year", "指标", value]]
    return long.dropna(subset=[value]).reset_index(drop=True) if dropna else long


def shares(df: pd.DataFrame, value: str = "requests", by: str = "year") -> pd.Series:
    """Each row's `value` as a share of its `by` group's total (NaN in a group summing to 0)."""
    total = df.groupby(by)[value].transform("sum")
    return df[value] / total.where(total != 0)


def labelled_shares(df: pd.DataFrame, code: str, names: dict[str, str], label: str) -> pd.DataFrame:
    """`df` with the Chinese name of `code` in column `label` and each row's share of its year."""
    return df.assign(**{label: df[code].map(lambda c: names.get(c, c)), "share": shares(df)})


def outcome_shares(df: pd.DataFrame, names: dict[str, str], label: str = "结果") -> pd.DataFrame:
    """Outcome groups per year (outcome, requests) with their names and shares of the year."""
    return labelled_shares(df, "outcome", names, label)


def pooled_rate(df: pd.DataFrame, metric: str) -> float | None:
    """Σnumerator / Σdenominator of `metric` over a per-year frame (None without a denominator)."""
    sub = df[df.metric == metric]
    den = sub.denominator.sum()
    return None if sub.empty or not den else float(sub.numerator.sum() / den)


def latest_and_previous(yk: pd.DataFrame) -> tuple[pd.Series | None, pd.Series | None]:
    """The last row of a per-year frame and the row of the year before it (None when absent)."""
    if yk.empty:
        return None, None
    latest = yk.iloc[-1]
    prev = yk[yk.year == latest.year - 1]
    return latest, (None if prev.empty else prev.iloc[0])


def regions(df: pd.DataFrame, county: bool = False) -> list[str]:
    """'省 市' (or '省 市 县') per row."""
    cols = [_objects(c) for c in [df.province, df.city] + ([df.county] if county else [])]
    texts: dict[tuple, str] = {}  # a few hundred regions for tens of thousands of rows
    return [
        texts.get(parts) or texts.setdefault(parts, region_text(*parts)) for parts in zip(*cols, strict=True)
    ]


def category_names(codes) -> str:
    """'制度机制不健全、信息更新不及时' for a list of category codes."""
    return "、".join(CATEGORIES.get(c, c) for c in codes)


# --------------------------------------------------------------------------------------------------
# 总览


def report_table(reports: pd.DataFrame) -> pd.DataFrame:
    """The overview's report list: agency, region, labels in Chinese, score and flags."""
    return reports.assign(
        地区=regions(reports, county=True),
        层级=reports.level.map(lambda x: level_label(x) if not is_missing(x) else x),
        领域=reports.sector.map(lambda x: sector_label(x) if not is_missing(x) else x),
        格式=reports.format.map(lambda x: FORMATS.get(x, x)),
        警告=reports.warnings_text.where(reports.warnings_text != "", None),
        雷同=reports.content_copied.map(flag),
    )[
        [
            "agency",
            "地区",
            "层级",
            "领域",
            "year",
            "格式",
            "quality_score",
            "雷同",
            "n_fail",
            "n_blank",
            "警告",
            "agency_id",
        ]
    ]


def jurisdiction_word(levels) -> str:
    """全市 / 全省 / 全辖区: what the whole-jurisdiction reports in view sum up."""
    levels = set(levels)
    return "全市" if levels == {"city"} else "全省" if levels == {"province"} else "全辖区"


def aggregate_table(agg: pd.DataFrame, measures: dict[str, str]) -> pd.DataFrame:
    """Whole-jurisdiction reports beside the sum of their organs: one row per aggregate report, two
    columns per measure of `measures` (code → name) that the reports state, newest first."""
    shown = agg[agg.measure.isin(list(measures))]
    wide = shown.pivot(
        index=["rix", "year", "agency", "organ_reports"],
        columns="measure",
        values=["reported", "organs_total"],
    ).reset_index()
    wide.columns = ["_".join(str(c) for c in col if c != "") for col in wide.columns]
    cols = {"year": "年度", "agency": "汇总报告", "organ_reports": "已收录机关年报数"}
    for m, name in measures.items():
        if f"reported_{m}" in wide.columns:
            cols[f"reported_{m}"] = f"{name}（汇总报告）"
            cols[f"organs_total_{m}"] = f"{name}（各机关合计）"
    return (
        wide.sort_values(["year", "agency"], ascending=[False, True])[list(cols)]
        .rename(columns=cols)
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------------------------------
# 排名


def rank_change(rank, prev_rank, change) -> str:
    """'↑2', '↓1', '—' (same rank), '上年未排名', or '' when not ranked this year."""
    if is_missing(rank):
        return ""
    if is_missing(prev_rank):
        return "上年未排名"
    ch = int(change)
    return "—" if ch == 0 else (f"↑{ch}" if ch > 0 else f"↓{-ch}")


def rank_flag(eligible: bool, outlier, denominator, is_rate: bool, min_denominator: int) -> str:
    """Why a row is not ranked, or how it stands out from the pooled value."""
    if not eligible:
        return f"样本不足（分母 {fmt_int(denominator)} < {min_denominator}）" if is_rate else "无数据"
    if outlier == 1:
        return "显著高于总体" if is_rate else "异常偏高"
    if outlier == -1:
        return "显著低于总体"
    return ""


def ranking_table(df: pd.DataFrame, is_rate: bool, min_denominator: int) -> pd.DataFrame:
    """The league table as shown: rates ×100 (shown with a `%.1f%%` format), rank change, flags and
    the sparkline of recent values; counts without interval, numerator and denominator columns."""
    rank, prev_rank, change = (_objects(df[c]) for c in ("rank", "prev_rank", "rank_change"))
    table = pd.DataFrame(
        {
            "排名": ["未排名" if is_missing(r) else str(int(r)) for r in rank],
            "名称": df["name"],
            "地区": regions(df),
            "数值": df.value * (100 if is_rate else 1),
            "标记": [
                rank_flag(e, o, d, is_rate, min_denominator)
                for e, o, d in zip(
                    df.eligible.tolist(), df.outlier.tolist(), df.denominator.tolist(), strict=True
                )
            ],
            "区间下限": df.ci_low * 100,
            "区间上限": df.ci_high * 100,
            "分子": df.numerator,
            "分母": df.denominator,
            "排名变化": [rank_change(r, p, c) for r, p, c in zip(rank, prev_rank, change, strict=True)],
            # a unit without any year in the window has no list but a missing value (None or pd.NA)
            "近年走势": [plain_list(v) for v in df.spark],
            "uid": df.uid,
        }
    )
    return table if is_rate else table.drop(columns=["区间下限", "区间上限", "分子", "分母"])


def _objects(s: pd.Series) -> list:
    """A column's values as Python objects, None for missing (iterating pandas' nullable and Arrow
    arrays element by element is several times slower)."""
    return s.astype(object).where(s.notna(), None).tolist()


def ranking_top(df: pd.DataFrame, n: int) -> pd.DataFrame:
    """The first `n` ranked rows, labelled '1. 名称' for an interval chart."""
    top = df[df.eligible].head(n).copy()
    top["label"] = [f"{int(r)}. {name}" for r, name in zip(top["rank"], top["name"], strict=True)]
    return top


# --------------------------------------------------------------------------------------------------
# 申请办理, 复议诉讼, 问题分析


def reason_labels(row_keys: pd.Series) -> pd.Series:
    """'属于国家秘密' for 'denied.state_secret': the Table 3 row's label after its group."""
    return row_keys.map(lambda r: T3_ROWS.get(r, r).split("：")[-1])


def group_labels(groups: pd.Series, group: str) -> pd.Series:
    """Group values in Chinese: levels and sectors by their labels, regions as they are."""
    if group == "level":
        return groups.map(level_label)
    if group == "sector":
        return groups.map(sector_label)
    return groups


def heatmap_over_years(hm: pd.DataFrame) -> pd.DataFrame:
    """Category × group shares pooled over the years: Σnaming / Σreports per group (columns 类别, grp,
    naming, share)."""
    agg = hm.groupby(["类别", "grp"], as_index=False)[["naming"]].sum()
    reports = hm.drop_duplicates(["grp", "year"]).groupby("grp").reports.sum()
    agg["share"] = agg.naming / agg.grp.map(reports)
    return agg


# --------------------------------------------------------------------------------------------------
# 对比


def compare_tables(df: pd.DataFrame, is_rate: bool, unit_name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, file) of the compare page: units × years, formatted text for the screen, numbers for
    the downloads (first column named `unit_name`)."""
    shown = df.assign(显示=[fmt_pct(v) if is_rate else fmt_num(v) for v in df.value]).pivot_table(
        index="name", columns="year", values="显示", aggfunc="first"
    )
    shown.columns = [str(c) for c in shown.columns]
    values = df.pivot_table(index="name", columns="year", values="value", aggfunc="first")
    values.columns = [str(c) for c in values.columns]
    return shown, values.reset_index().rename(columns={"name": unit_name})


# --------------------------------------------------------------------------------------------------
# 机构画像


def former_names(info: dict) -> list[str]:
    """The agency's other names (`names` is an array, or None / NaN without an agencies row)."""
    seen = info.get("names")
    if seen is None or (not hasattr(seen, "__len__") and is_missing(seen)):
        return []
    return [n for n in list(seen) if n != info.get("name")]


def agency_caption(info: dict) -> str:
    """'吉林省 白城市 · 市级 · 教育 · 行政区划代码 220800 · 曾用名：…'."""
    former = former_names(info)
    parts = [
        region_text(info.get("province"), info.get("city"), info.get("county")),
        level_label(info.get("level")),
        sector_label(info.get("sector")),
        f"行政区划代码 {info.get('region_code') or '—'}",
        f"曾用名：{'、'.join(former)}" if former else "",
    ]
    return " · ".join(p for p in parts if p)


def report_summary(all_reports: pd.DataFrame) -> dict:
    """The profile's headline numbers over the agency's reports: loaded, of unknown year, year span,
    failed checks, problem statements, latest score (and its year), years copied, aggregate years."""
    known = all_reports[all_reports.year.notna()]
    scored = known.dropna(subset=["quality_score"])
    copied = known.content_copied.fillna(False).astype(bool) | known.problems_copied.fillna(False).astype(
        bool
    )
    aggregate = all_reports.is_aggregate.fillna(False).astype(bool)
    return {
        "loaded": len(all_reports),
        "unknown_year": len(all_reports) - len(known),
        "first_year": int(known.year.min()) if len(known) else None,
        "last_year": int(known.year.max()) if len(known) else None,
        "failed_checks": int(known.n_fail.sum()),
        "problems": int(known.n_problems.sum()),
        "latest_score": float(scored.quality_score.iloc[-1]) if len(scored) else None,
        "latest_score_year": int(scored.year.iloc[-1]) if len(scored) else None,
        "copied_years": int(copied.sum()),
        "aggregates": int(aggregate.sum()),
        "aggregate_years": sorted(int(y) for y in all_reports[aggregate].year.dropna()),
    }


def names_from_reports(all_reports: pd.DataFrame) -> pd.DataFrame:
    """The names an agency reported under, from its reports (a database without `agency_names`)."""
    return (
        all_reports.groupby("agency", dropna=True)
        .agg(first_year=("year", "min"), last_year=("year", "max"), n_reports=("year", "size"))
        .reset_index()
        .rename(columns={"agency": "name"})
        .sort_values(["first_year", "name"])
        .reset_index(drop=True)
    )


def lineage_link_label(direction: str, kind: str, year, other: str) -> str:
    """'前身（合并，2019 年）：某某局' / '后继（更名）：某某局'."""
    word = "前身" if direction == "predecessor" else "后继"
    kind = LINEAGE_KINDS.get(kind, kind)
    when = "" if is_missing(year) else f"，{int(year)} 年"
    return f"{word}（{kind}{when}）：{other}"


def lineage_sources(source) -> str:
    """'机构改革对照表、同一网站栏目' for 'curated+site'."""
    return "、".join(LINEAGE_SOURCES.get(x, x) for x in str(source).split("+"))


def lineage_table(links: pd.DataFrame) -> pd.DataFrame:
    """The evidence of the agency's lineage links, in Chinese."""
    return links.assign(
        方向=links.direction.map({"predecessor": "前身", "successor": "后继"}),
        类型=links.kind.map(lambda k: LINEAGE_KINDS.get(k, k)),
        依据来源=links.source.map(lineage_sources),
    )[["方向", "other", "own", "year", "类型", "依据来源", "evidence"]].rename(
        columns={"other": "相关机构", "own": "本机构名称", "year": "年度", "evidence": "依据"}
    )


def fact_key_order(group: str) -> list[str]:
    """The template order of a table's keys (summary keys in metrics.csv order)."""
    if group == "t3":
        return [f"t3.{r}.{c}" for r in T3_ROWS for c in T3_COLS]
    if group == "t4":
        return [f"t4.{b}.{r}" for b in T4_BLOCKS for r in T4_RESULTS]
    return list(SUMMARY_KEYS)


def fact_groups(facts: pd.DataFrame) -> list[str]:
    """The tables the agency's facts come from, in the profile's order."""
    present = set(facts.key.str.split(".").str[0])
    return [g for g in ("s", "t3", "t4", "t2", "t2_2019") if g in present]


def fact_rows(facts: pd.DataFrame, group: str, column: str = "total") -> pd.DataFrame:
    """The facts of one table (Table 3: of one applicant column), with their label (项目) and the
    value as shown (显示: 空白 for a blank cell)."""
    sub = facts[facts.key.str.split(".").str[0] == group].copy()
    if group == "t3":
        sub = sub[sub.key.str.endswith("." + column)]
    sub["项目"] = sub.key.map(key_label)
    sub["显示"] = ["空白" if b else fmt_num(v) for b, v in zip(sub.is_blank, sub.value, strict=True)]
    return sub


def fact_grid(sub: pd.DataFrame, group: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, numbers) of a table's facts: keys × years in template order; `shown` holds the text
    (empty where a year lacks the key), `numbers` the values for the downloads."""
    pivot = sub.pivot_table(index=["key", "项目"], columns="year", values="显示", aggfunc="first")
    rank = {k: i for i, k in enumerate(fact_key_order(group))}
    pivot = pivot.reset_index()
    pivot = pivot.assign(_o=pivot.key.map(lambda k: rank.get(k, 999))).sort_values("_o", kind="stable")
    pivot = pivot.drop(columns="_o").reset_index(drop=True)
    pivot.columns = [str(c) for c in pivot.columns]
    pivot = pivot.fillna("")
    numbers = sub.pivot_table(index="key", columns="year", values="value", aggfunc="first")
    numbers.columns = [str(c) for c in numbers.columns]
    numbers = pivot[["key", "项目"]].merge(numbers, left_on="key", right_index=True, how="left")
    return pivot, numbers


def chart_keys(items: list[str], group: str, n: int = 8) -> list[str]:
    """The keys drawn as time series: the totals of Tables 3/4 (every summary key), at most `n`."""
    return [k for k in items if k.endswith(".total") or group == "s"][:n]


def rate_grid(rates: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, numbers) of the agency's rates: metric labels × years, shown as '12.3%（4/32）'."""
    shown = rates.assign(
        显示=[
            f"{fmt_pct(v)}（{fmt_int(n)}/{fmt_int(d)}）"
            for v, n, d in zip(rates.value, rates.numerator, rates.denominator, strict=True)
        ]
    ).pivot_table(index="label", columns="year", values="显示", aggfunc="first")
    shown.columns = [str(c) for c in shown.columns]
    numbers = rates.pivot_table(index="label", columns="year", values="value", aggfunc="first")
    numbers.columns = [str(c) for c in numbers.columns]
    return shown, numbers.reset_index().rename(columns={"label": "指标"})


def check_rows(chk: pd.DataFrame) -> pd.DataFrame:
    """Checks with the rule's description (规则说明) and the status in Chinese (结果)."""
    return chk.assign(
        规则说明=chk.rule.map(lambda r: CHECK_RULES.get(r, r)),
        结果=chk.status.map(lambda s: CHECK_STATUS.get(s, s)),
    )


def check_grid(chk: pd.DataFrame) -> pd.DataFrame:
    """Rules × years of the agency's checks, the result in Chinese."""
    grid = check_rows(chk).pivot_table(
        index=["rule", "规则说明"], columns="year", values="结果", aggfunc="first"
    )
    grid.columns = [str(c) for c in grid.columns]
    return grid


def problem_year_grid(py: pd.DataFrame) -> pd.DataFrame:
    """Problem categories (in Chinese) × years: the number of statements naming each (0 in a year
    whose problems named other categories, not a blank the grid would show as "None")."""
    grid = py.assign(类别=py.category.map(lambda c: CATEGORIES.get(c, c))).pivot_table(
        index="类别", columns="year", values="statements", aggfunc="sum", fill_value=0
    )
    grid.columns = [str(c) for c in grid.columns]
    return grid.astype(int)


def statement_line(text: str, categories, recurring) -> tuple[str, str]:
    """(statement, note) of a problem statement: its categories and those it repeats from last year."""
    note = f"类别：{category_names(categories)}"
    if len(recurring):
        note += " · 反复出现：" + category_names(recurring)
    return text, note


def copied_notices(reports: pd.DataFrame) -> list[str]:
    """One warning per year whose report repeats the previous one (内容雷同)."""
    out = []
    copied = reports[reports.content_copied.fillna(False) | reports.problems_copied.fillna(False)]
    for _, r in copied.iterrows():
        parts = []
        if flag(r.content_copied):
            parts.append(f"全文相似度 {r.similarity_prev_year:.2f}")
        if flag(r.problems_copied):
            parts.append(f"“存在的主要问题及改进情况”相似度 {r.similarity_prev_year_problems:.2f}")
        out.append(f"**{int(r.year)}年年报内容雷同**：与 {int(r.prev_year)} 年年报相比，{'，'.join(parts)}。")
    return out


def similarity_series(reports: pd.DataFrame) -> pd.DataFrame:
    """Similarity to the previous report per year, long: year, 比较内容 (全文 / 问题与改进), 相似度."""
    sim = reports.melt(
        id_vars="year",
        value_vars=["similarity_prev_year", "similarity_prev_year_problems"],
        var_name="k",
        value_name="相似度",
    ).dropna(subset=["相似度"])
    sim["比较内容"] = sim.k.map(
        {"similarity_prev_year": "全文", "similarity_prev_year_problems": "问题与改进"}
    )
    return sim[["year", "比较内容", "相似度"]].reset_index(drop=True)


QUALITY_GRID_COLUMNS = [
    "year",
    "prev_year",
    "similarity_prev_year",
    "content_copied",
    "similarity_prev_year_problems",
    "problems_copied",
    "completeness",
    "consistency",
    "problem_specificity",
    "timeliness_days",
    "quality_score",
]


def quality_grid(reports: pd.DataFrame) -> pd.DataFrame:
    """The agency's report quality per year: shares ×100 (for a `%.0f%%` format), flags as marks."""
    return reports.assign(
        completeness=reports.completeness * 100,
        consistency=reports.consistency * 100,
        problem_specificity=reports.problem_specificity * 100,
        content_copied=reports.content_copied.map(flag),
        problems_copied=reports.problems_copied.map(flag),
    )[QUALITY_GRID_COLUMNS]


def agency_report_table(all_reports: pd.DataFrame) -> pd.DataFrame:
    """The agency's report list in Chinese (unknown years last, as the query orders them)."""
    return all_reports.assign(
        格式=all_reports.format.map(lambda x: "未知" if is_missing(x) else FORMATS.get(x, x)),
        范围=all_reports.is_aggregate.map(lambda x: "全辖区汇总" if flag(x) else "机构本身"),
        雷同=[
            flag(a) or flag(b)
            for a, b in zip(all_reports.content_copied, all_reports.problems_copied, strict=True)
        ],
    )[
        [
            "year",
            "agency",
            "格式",
            "范围",
            "published",
            "timeliness_days",
            "n_fail",
            "n_blank",
            "quality_score",
            "雷同",
            "warnings_text",
            "path",
        ]
    ].rename(
        columns={
            "year": "年度",
            "agency": "报告署名",
            "published": "发布日期",
            "timeliness_days": "超期天数",
            "n_fail": "不一致校验",
            "n_blank": "空白单元格",
            "quality_score": "质量分",
            "雷同": "内容雷同",
            "warnings_text": "解析警告",
            "path": "文件",
        }
    )


EXCERPT_CONTEXT = 300  # characters of report text either side of a number's span


def excerpt_location(ex: dict, page=None) -> str:
    """'文件：`a.pdf` · 第 3 页 · 字符位置 120–124（全文 5,000 字）' for a `queries.source_excerpt`."""
    where = f"文件：{code(ex['path'])}" + ("" if is_missing(page) else f" · 第 {page} 页")
    return f"{where} · 字符位置 {ex['start']}–{ex['end']}（全文 {ex['text_chars']:,} 字）"


# Markdown's characters as HTML character references (inside an HTML block they show as themselves).
_HTML_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]()#:$~|!="})


def excerpt_html(ex: dict, context: int = EXCERPT_CONTEXT) -> str:
    """The excerpt as one HTML block for `st.markdown(unsafe_allow_html=True)`, the span highlighted,
    every piece of report text escaped; '…' where the text goes on. Line breaks are written as
    `&#10;` (shown by `white-space:pre-wrap`): a blank line in the text would otherwise end the HTML
    block, and Markdown would render what follows. Markdown's characters (`*`, `[`, `#`, `:`, `$` …)
    are character references too, so nothing in the text reads as Markdown even outside the block."""

    def text(s) -> str:
        flat = str(s).replace("\r\n", "\n").replace("\r", "\n")
        return html.escape(flat, quote=False).translate(_HTML_MARKDOWN).replace("\n", "&#10;")

    body = (
        ("…" if ex["start"] > context else "")
        + text(ex["before"])
        + f'<mark style="background:#ffe066;padding:0 2px;font-weight:600">{text(ex["span"])}</mark>'
        + text(ex["after"])
        + ("…" if ex["end"] + context < ex["text_chars"] else "")
    )
    return (
        '<div class="xxgk-source" style="white-space:pre-wrap;border:1px solid #d0d7de;border-radius:6px;'
        f'padding:10px;font-size:0.92rem;line-height:1.6;background:#fafbfc">{body}</div>'
    )


# --------------------------------------------------------------------------------------------------
# 数据质量

QUALITY_SHARES = ("completeness", "consistency", "blank_share", "problem_specificity")


def as_percent(df: pd.DataFrame, cols=QUALITY_SHARES) -> pd.DataFrame:
    """Shares 0–1 as percents (×100, for a `%.0f%%` format; the exports turn them back)."""
    return df.assign(**{c: df[c] * 100 for c in cols if c in df})


def section_names(codes) -> str:
    """'总体情况、收费' for the sections a report misses ('' for none)."""
    return "" if codes is None or not len(codes) else "、".join(SECTIONS.get(x, x) for x in codes)


SCORE_TABLE_COLUMNS = [
    "agency",
    "地区",
    "year",
    "格式",
    "quality_score",
    "completeness",
    "missing_sections",
    "consistency",
    "blank_share",
    "similarity_prev_year",
    "similarity_prev_year_problems",
    "content_copied",
    "problem_specificity",
    "timeliness_days",
    "画像",
    "agency_id",
    "path",
]


def score_table(sc: pd.DataFrame) -> pd.DataFrame:
    """Reports by quality score with their components as shown (shares ×100), a profile link each."""
    return as_percent(sc).assign(
        地区=regions(sc),
        格式=sc.format.map(lambda x: "未知" if is_missing(x) else FORMATS.get(x, "未知")),
        missing_sections=sc.missing_sections.map(section_names),
        content_copied=sc.content_copied.map(flag),
        画像=sc.agency_id.map(profile_url),
    )[SCORE_TABLE_COLUMNS]


COPIED_TABLE_COLUMNS = [
    "agency",
    "地区",
    "year",
    "prev_year",
    "similarity_prev_year",
    "content_copied",
    "similarity_prev_year_problems",
    "problems_copied",
    "quality_score",
    "画像",
    "agency_id",
    "path",
]


def copied_table(cp: pd.DataFrame) -> pd.DataFrame:
    """内容雷同 reports as shown: flags as marks, a profile link each."""
    return cp.assign(
        地区=regions(cp),
        content_copied=cp.content_copied.map(flag),
        problems_copied=cp.problems_copied.map(flag),
        画像=cp.agency_id.map(profile_url),
    )[COPIED_TABLE_COLUMNS]
