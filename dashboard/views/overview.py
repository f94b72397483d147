"""总览 (Overview): scope counts, KPIs with year-on-year change, trends, formats, data quality, report table."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import charts, db, maps, queries, reshape, ui
from dashboard.labels import COPIED_THRESHOLD, FORMATS, SERIES, metric_labels

f = ui.filters()
st.title("总览")
ui.scope_caption(f)

counts = db.q(queries.scope_counts, f)
if not counts["reports"]:
    ui.empty()
    st.stop()


def _brief() -> bytes:  # runs when the button is clicked, in a server thread: no Streamlit calls
    from dashboard import brief

    return brief.build_brief(con, f, db_name=db_name)


def _brief_pdf() -> bytes:  # the same pack as PDF (headless Chromium), also made on click
    from dashboard import brief

    return brief.build_brief_pdf(con, f, db_name=db_name)


con = db.connection(db.db_key())
db_name = Path(db.db_key()[0]).name
buttons = st.container(horizontal=True)  # the two downloads side by side
buttons.download_button(
    "生成简报（PowerPoint）",
    data=_brief,
    file_name=f"{ui.safe_name('xxgk简报', f.describe())}.pptx",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    key="ov_brief",
    on_click="ignore",
    icon=":material/slideshow:",
    help="按当前筛选条件生成汇报用幻灯片：标题、关键指标、趋势、排名、办理结果、复议诉讼、问题分析和数据说明；图表为可编辑的 PowerPoint 图表",
)
buttons.download_button(
    "生成 PDF 简报",
    data=_brief_pdf,
    file_name=f"{ui.safe_name('xxgk简报', f.describe())}.pdf",
    mime="application/pdf",
    key="ov_brief_pdf",
    on_click="ignore",
    icon=":material/picture_as_pdf:",
    help="与 PowerPoint 简报相同的页面和数字，每页一张横版幻灯片（约需十几秒）",
)

c1, c2, c3, c4 = st.columns(4)
c1.metric("年报数", ui.fmt_int(counts["reports"]))
c2.metric("机构数", ui.fmt_int(counts["agencies"]))
c3.metric("地区数", ui.fmt_int(counts["regions"]), help="按行政区划代码计的不同地区")
c4.metric(
    "年度数",
    ui.fmt_int(counts["years"]),
    help=f"{counts['year_min']}–{counts['year_max']}年"
    if counts["year_min"] is not None
    else "范围内年报的年度均未知",
)

yk = db.q(queries.yearly_kpis, f)
unknown_year = counts["reports"] - int(yk.reports.sum()) if not yk.empty else counts["reports"]


def _kpi(col, label: str, field: str, kind: str = "count", help: str | None = None) -> None:
    v = latest[field]
    p = None if prev is None else prev[field]
    col.metric(
        label,
        ui.fmt_pct(v) if kind == "rate" else ui.fmt_int(v),
        ui.delta(v, p, kind),
        help=help,
        delta_color="normal" if field in ("disclosure_rate", "reports") else "off",
    )


def _region_map(metric: str, year: int, key: str) -> None:
    """The map of `metric` in `year`: provinces (click one to see its cities), or the cities of the
    sidebar's province; 样本不足 below the ranking's default minimum denominator."""
    ui.region_map(
        key,
        f,
        maps.metric_map,
        f,
        metric,
        int(year),
        short_note=f"灰色：{maps.SHORT}（比率的分母低于 {maps.DEFAULT_MIN_SAMPLE}）；",
        scope=f.describe(),
        suffix=f" · {year}年",
    )


latest, prev = reshape.latest_and_previous(yk)
if latest is None:
    # Only reports of unknown year in scope (e.g. a title without a year): no year to report on.
    st.subheader("年度关键指标")
    st.info(
        f"当前范围内的 {counts['reports']:,} 份年报均未识别出所属年度，无法给出年度关键指标和趋势。"
        "下方的年报列表和数据质量摘要仍包含这些年报；选中列表中的一行可打开该机构的画像。",
        icon=":material/event_busy:",
    )
else:
    st.subheader(f"{int(latest.year)}年关键指标")
    n_agg = int(yk.aggregates.sum())
    st.caption(
        "与上一年同一筛选范围相比；比率为范围内各报告合并计算（Σ分子 / Σ分母）。"
        + (f"另有 {unknown_year:,} 份年报年度未知，不计入年度指标。" if unknown_year > 0 else "")
        + (
            f"{n_agg:,} 份全辖区汇总报告计入年报数，但其数字不计入合计（见下方“汇总报告 vs 各机关合计”）。"
            if n_agg
            else ""
        )
    )
    M = metric_labels()
    k1, k2, k3, k4, k5 = st.columns(5)
    _kpi(k1, "本年年报数", "reports")
    _kpi(k2, M["requests_received"], "requests_received")
    _kpi(k3, M["requests_processed"], "requests_processed")
    _kpi(k4, M["disclosure_rate"], "disclosure_rate", "rate", "(予以公开 + 部分公开) / 办结申请数")
    _kpi(k5, M["reviews"], "reviews")
    k5.caption(f"其中行政诉讼 {ui.fmt_int(latest['lawsuits'])} 起")

    left, right = st.columns(2)
    with left:
        long = reshape.request_series(yk)
        ui.chart(
            charts.line(long, "year", "件数", color="指标", title="申请数量趋势", labels={"year": "年度"}),
            width="stretch",
            key="ov_trend",
        )
    with right:
        ui.chart(
            charts.line(
                yk,
                "year",
                "disclosure_rate",
                title="实质公开率趋势",
                percent=True,
                labels={"year": "年度", "disclosure_rate": "实质公开率"},
            ),
            width="stretch",
            key="ov_rate",
        )

    st.subheader("地区分布")
    cat = ui.catalog()
    map_labels = dict(zip(cat.metric, cat.label, strict=True))
    if st.session_state.get("ov_map_metric") not in map_labels:
        st.session_state["ov_map_metric"] = (
            "disclosure_rate" if "disclosure_rate" in map_labels else cat.metric.iloc[0]
        )
    c1, c2 = st.columns([3, 2])
    map_metric = c1.selectbox("地图指标", list(map_labels), key="ov_map_metric", format_func=map_labels.get)
    map_years = [
        y
        for y in db.q(queries.metric_years, f, map_metric)
        if f.year_to is None or f.year_from <= y <= f.year_to
    ]
    if not map_years:
        st.caption(f"当前范围内没有“{map_labels[map_metric]}”的数据，无法绘制地图。")
    else:
        if st.session_state.get("ov_map_year") not in map_years:
            st.session_state["ov_map_year"] = map_years[-1]
        map_year = c2.selectbox("地图年度", map_years[::-1], key="ov_map_year")
        _region_map(map_metric, map_year, "ov_map")

fmt = db.q(queries.reports_by_year_format, f)
fmt["格式"] = fmt["format"].map(lambda x: FORMATS.get(x, "未知"))
left, right = st.columns([3, 2])
with left:
    if fmt.empty:
        st.markdown("##### 各年度年报数（按格式）")
        st.caption("范围内没有已知年度的年报，无法按年度统计。")
    else:
        ui.chart(
            charts.bar(
                fmt,
                "year",
                "reports",
                color="格式",
                title="各年度年报数（按格式）",
                labels={"year": "年度", "reports": "年报数"},
            ),
            width="stretch",
            key="ov_formats",
        )
with right:
    qs = db.q(queries.quality_summary, f)
    st.markdown("##### 数据质量摘要")
    q1, q2 = st.columns(2)
    q1.metric("勾稽校验不一致", ui.fmt_int(qs["with_fail"]), help="至少一条校验规则 status = fail 的年报数")
    q2.metric("因空白无法核对", ui.fmt_int(qs["only_incomplete"]))
    q3, q4 = st.columns(2)
    q3.metric(
        "含空白单元格", ui.fmt_int(qs["with_blanks"]), help=f"空白单元格共 {ui.fmt_int(qs['blank_cells'])} 个"
    )
    q4.metric("有解析警告", ui.fmt_int(qs["with_warnings"]))
    q5, q6 = st.columns(2)
    q5.metric(
        "平均质量分",
        ui.fmt_num(qs["mean_quality"]) if qs["mean_quality"] is not None else "—",
        help="年报质量综合评分（0–100）的平均值，口径见“数据质量”页",
    )
    q6.metric(
        "内容雷同",
        ui.fmt_int(qs["copied"]),
        help=f"全文与上一年年报相似度 ≥ {COPIED_THRESHOLD} 的年报数（可比较的 {qs['compared']:,} 份中）；"
        f"第五部分（问题与改进）雷同 {qs['problems_copied']:,} 份",
    )
    st.caption(f"2019年后格式但缺少表三的年报：{ui.fmt_int(qs['missing_tables'])} 份。详见“数据质量”页。")

st.subheader("年报列表")
limit = 500
reports = db.q(queries.report_list, f, limit)
if counts["reports"] > limit:
    st.caption(f"共 {counts['reports']:,} 份，按年度倒序显示前 {limit} 份；完整数据请到“数据下载”页。")
table = reshape.report_table(reports)
event = ui.table(
    table,
    "ov_reports",
    title="年报列表",
    notes=[f"按年度倒序的前 {limit} 份年报；完整数据请到“数据下载”页。"] if counts["reports"] > limit else [],
    hide_index=True,
    width="stretch",
    height=380,
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        "agency": st.column_config.TextColumn("机构"),
        "year": st.column_config.NumberColumn("年度", format="%d"),
        "n_fail": st.column_config.NumberColumn("不一致校验", help="status = fail 的校验条数"),
        "n_blank": st.column_config.NumberColumn("空白单元格"),
        "quality_score": st.column_config.NumberColumn(
            "质量分", format="%.1f", help="年报质量综合评分（0–100），口径见“数据质量”页"
        ),
        "雷同": st.column_config.TextColumn("内容雷同", help=f"全文与上一年年报相似度 ≥ {COPIED_THRESHOLD}"),
        "agency_id": None,
    },
)
rows = event.selection.rows if event and event.selection else []
if rows and not ui.is_missing(table.iloc[rows[0]].agency_id):
    sel = table.iloc[rows[0]]
    ui.profile_link(sel.agency_id, f"查看 {ui.esc(sel.agency)} 的机构画像")
else:
    st.caption("选中一行可跳转到该机构的画像。")

AGG_MEASURES = {
    m: SERIES[m]
    for m in ("requests_received", "requests_processed", "granted", "proactive_items", "reviews", "lawsuits")
}
agg = db.q(queries.aggregate_vs_organs, f)
if not agg.empty:
    whole = reshape.jurisdiction_word(agg.level.dropna())
    st.subheader(f"{whole}汇总报告 vs 各机关合计")
    st.caption(
        "汇总报告汇总本地区各机关（含下级政府和部门）的情况，与各机关自己的年报重复，因此不计入上面的合计，"
        "也不参与排名。这里把汇总报告给出的数字与本库中同一地区、同一年度各机关年报之和并列；"
        "本库通常只收录部分机关的年报，合计只是已收录部分之和。"
    )
    agg_table = reshape.aggregate_table(agg, AGG_MEASURES)
    ui.table(
        agg_table,
        "ov_aggregates",
        title=f"{whole}汇总报告 vs 各机关合计",
        notes=["各机关合计为本库中同一地区、同一年度机关年报（不含汇总报告）之和。"],
        hide_index=True,
        width="stretch",
        column_config={"年度": st.column_config.NumberColumn(format="%d")},
    )
