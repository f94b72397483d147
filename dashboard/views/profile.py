"""机构画像 (Agency profile): names across renames and the lineage (名称沿革), every table as a time
series, rates, checks, problems, and the source text behind every number. Reachable as `?agency_id=…`
(an organ id or name that a rename has joined into an agency opens that agency). Every piece of
report text shown through Markdown goes through `ui.esc` (HTML-escaped)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, db, queries, reshape, ui
from dashboard.filters import bind_param, page_param, set_page_params
from dashboard.labels import COPIED_THRESHOLD, QUALITY_FORMULA, T3_COLS, TABLE_SHORT, key_label

f = ui.filters()
st.title("机构画像")

cands = db.q(queries.find_agencies, f, 500)
ids = cands.agency_id.tolist()
names = dict(zip(cands.agency_id, cands.agency, strict=True))
wanted = page_param("agency_id")
current = wanted
if wanted and wanted not in names:
    # an agency outside the list, or an organ id / name that a rename has since joined into an agency
    current = db.q(queries.resolve_agency, wanted)
    info = db.q(queries.agency_info, current) if current else None
    if info is not None:
        if current != wanted:
            st.info(
                f"“{ui.esc(wanted)}”已因更名并入同一机构“{ui.esc(info['name'])}”，下面显示该机构各个名称下的全部年报。",
                icon=":material/merge:",
            )
        if current not in names:
            ids.insert(0, current)
            names[current] = info["name"]
    else:
        st.warning(f"未找到机构编号 {ui.esc(wanted)}。")
if not ids:
    ui.empty("当前筛选范围内没有机构。")
    st.stop()
bind_param("agency_id", "pf_agency", ids, parse=lambda v: current if v == wanted and current else v)
if st.session_state.get("pf_agency") not in ids:
    st.session_state["pf_agency"] = ids[0]
agency_id = st.selectbox(
    "选择机构",
    ids,
    key="pf_agency",
    format_func=lambda i: f"{names.get(i, i)}（{i}）",
    help="列表为左侧筛选范围内年报最多的机构；也可以通过网址参数 ?agency_id= 直接打开",
)
set_page_params({"agency_id": agency_id})

info = db.q(queries.agency_info, agency_id)
if info is None:
    ui.empty("没有该机构的数据。")
    st.stop()
all_reports = db.q(queries.agency_reports, agency_id)  # unknown years last
reports = all_reports[all_reports.year.notna()]
facts = db.q(queries.agency_facts, agency_id)

st.header(ui.esc(info["name"]))
st.caption(ui.esc(reshape.agency_caption(info)))
# The per-year views use the reports of known year; the rest (a title without a year) are counted
# here and listed under 年报列表.
summary = reshape.report_summary(all_reports)
n_unknown = summary["unknown_year"]
c1, c2, c3, c4, c5, c6 = st.columns([0.8, 1.7, 1, 1, 1, 1])
c1.metric(
    "年报数",
    f"{summary['loaded']}",
    help=f"其中 {n_unknown} 份未识别出年度，不在按年度的表格中" if n_unknown else None,
)
c2.metric(
    "覆盖年度",
    f"{summary['first_year']}–{summary['last_year']}" if summary["first_year"] is not None else "—",
)
c3.metric("校验不一致", f"{summary['failed_checks']}")
c4.metric("问题表述", f"{summary['problems']}")
c5.metric(
    "最新质量分",
    ui.fmt_num(summary["latest_score"]) if summary["latest_score"] is not None else "—",
    help=(
        f"{summary['latest_score_year']}年年报的质量分（0–100），逐年见“年报质量”"
        if summary["latest_score"] is not None
        else None
    ),
)
c6.metric(
    "内容雷同",
    f"{summary['copied_years']} 年",
    help=f"全文或“存在的主要问题及改进情况”与上一份年报相似度 ≥ {COPIED_THRESHOLD} 的年度数",
)
if summary["aggregates"]:
    st.info(
        f"其中 {summary['aggregates']} 份（{ui.year_runs(summary['aggregate_years'])}）是全辖区汇总报告：汇总本地区各机关的情况，"
        "不计入各机关合计，也不参与机构排名；总览页把它与各机关合计并列显示。",
        icon=":material/functions:",
    )
if len(reports) == 0 and n_unknown:
    st.info(
        f"该机构的 {n_unknown} 份年报均未识别出所属年度，无法按年度展示表格、比率、问题和质量分；"
        "可在“年报列表”中查看这些年报。",
        icon=":material/event_busy:",
    )


def show_lineage() -> None:
    """名称沿革: every name with its years, the organs before and after (renames within the agency,
    mergers and splits linking other agencies), the evidence, and the series following the lineage."""
    st.subheader("名称沿革")
    nm = db.q(queries.agency_names, agency_id)
    if nm.empty:  # a database without agency_names (built by a generator): names from the reports
        nm = reshape.names_from_reports(all_reports)
    links = db.q(queries.agency_lineage, agency_id)
    outside = links[~links.internal.astype(bool)] if not links.empty else links
    if len(nm) <= 1 and outside.empty:
        st.caption(f"{ui.esc(info['name'])}：未发现更名、合并或分设记录。")
    else:
        st.markdown(
            "\n".join(
                f"- **{ui.esc(r['name'])}**　{ui.esc(ui.year_span(r.first_year, r.last_year))} · "
                f"{int(r.n_reports)} 份年报"
                for _, r in nm.iterrows()
            )
        )
    for _, r in outside.iterrows():
        ui.profile_link(r.other_id, ui.esc(reshape.lineage_link_label(r.direction, r.kind, r.year, r.other)))
    if not links.empty:
        with st.expander("沿革判定依据", icon=":material/account_tree:"):
            st.caption(
                "更名：同一机构换了名称，年报合并为一个机构；合并、分设：各机构保留各自的编号，由沿革关系相连。"
                "依据包括机构改革对照表、同一网站栏目、名称简称关系和用户链接文件（agency_links.csv）。"
            )
            ui.table(
                reshape.lineage_table(links),
                "pf_lineage_links",
                title=f"{info['name']} 名称沿革依据",
                scope=info["name"],
                metrics=[],
                hide_index=True,
                width="stretch",
                column_config={"年度": st.column_config.NumberColumn(format="%d")},
            )
    members = db.q(queries.lineage_members, agency_id)
    if len(members) > 1:
        series = db.q(queries.lineage_series, agency_id)
        st.markdown("**按沿革合并的时间序列**")
        st.caption(
            "同一沿革（合并、分设）中各机构的年报按年度相加："
            + "、".join(ui.esc(n) for n in members.name)
            + "。汇总报告不计入。"
        )
        if series.empty:
            st.info("沿革中的机构没有可相加的数字。")
        else:
            long = reshape.request_series(series, dropna=True)
            if not long.empty:
                ui.chart(
                    charts.line(
                        long,
                        "year",
                        "件数",
                        color="指标",
                        title="沿革合并序列：申请数量",
                        labels={"year": "年度"},
                    ),
                    width="stretch",
                    key="pf_lineage_chart",
                    scope=info["name"],
                )
            ui.table(
                series[
                    [
                        "year",
                        "agencies",
                        "reports",
                        "requests_received",
                        "requests_processed",
                        "disclosure_rate",
                        "proactive_items",
                        "reviews",
                        "lawsuits",
                    ]
                ].assign(disclosure_rate=series.disclosure_rate * 100),
                "pf_lineage_series",
                title=f"{info['name']} 沿革合并序列",
                scope=info["name"],
                metrics=["requests_received", "requests_processed", "disclosure_rate"],
                hide_index=True,
                width="stretch",
                column_config={
                    "year": st.column_config.NumberColumn("年度", format="%d"),
                    "agencies": st.column_config.TextColumn("当年的机构"),
                    "reports": st.column_config.NumberColumn("年报数"),
                    "requests_received": st.column_config.NumberColumn("新收申请"),
                    "requests_processed": st.column_config.NumberColumn("办结申请"),
                    "disclosure_rate": st.column_config.NumberColumn("实质公开率", format="%.1f%%"),
                    "proactive_items": st.column_config.NumberColumn("主动公开"),
                    "reviews": st.column_config.NumberColumn("行政复议"),
                    "lawsuits": st.column_config.NumberColumn("行政诉讼"),
                },
            )


show_lineage()


def show_source(report_id: str, start, end, page=None, label: str | None = None) -> None:
    """The report text around a span with the span highlighted, plus file path and page."""
    if pd.isna(start) or pd.isna(end):
        st.info("该数字没有记录原文位置。")
        return
    ex = db.q(queries.source_excerpt, report_id, int(start), int(end), reshape.EXCERPT_CONTEXT)
    if ex is None:
        st.warning("未找到该报告的原文。")
        return
    st.markdown(f"**原文出处** {ui.esc(label)}  \n{reshape.excerpt_location(ex, page)}")
    st.markdown(reshape.excerpt_html(ex), unsafe_allow_html=True)


tab_tables, tab_rates, tab_checks, tab_problems, tab_quality, tab_reports = st.tabs(
    ["各表时间序列", "比率指标", "勾稽校验", "存在问题", "年报质量", "年报列表"]
)

with tab_tables:
    if facts.empty:
        st.info("该机构没有抽取到已知年度的数字。")
    else:
        groups = reshape.fact_groups(facts)
        group = st.radio(
            "表格",
            groups,
            format_func=TABLE_SHORT.get,
            horizontal=True,
            key="pf_group",
            index=groups.index("t3") if "t3" in groups else 0,
        )
        col_pick = "total"
        if group == "t3":
            cols = ["total"] + [c for c in T3_COLS if c != "total"]
            col_pick = (
                st.segmented_control(
                    "申请人类型", cols, default="total", key="pf_t3col", format_func=T3_COLS.get
                )
                or "total"
            )
        sub = reshape.fact_rows(facts, group, col_pick)
        pivot, numbers = reshape.fact_grid(sub, group)
        year_cols = [c for c in pivot.columns if c.isdigit()]
        st.caption("点选表中任一数字，即可在下方查看它在年报原文中的出处。")
        ev = ui.table(
            pivot,
            f"pf_tbl_{group}",
            title=f"{info['name']} {TABLE_SHORT[group]}",
            scope=info["name"],
            export_df=numbers.drop(columns="key").rename(columns={"项目": "项目（空为空白或未填报）"}),
            metrics=[],
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-cell",
            column_config={"key": None, "项目": st.column_config.TextColumn(width="large")},
        )
        cells = ev.selection.cells if ev and ev.selection else []
        # Also selectable without the grid (keyboard users, tests): year + item.
        s1, s2 = st.columns(2)
        items = pivot.key.tolist()
        if cells and tuple(cells[0]) != st.session_state.get("_pf_last_cell"):
            r_i, c_name = cells[0]
            st.session_state["_pf_last_cell"] = tuple(cells[0])
            if c_name in year_cols and 0 <= r_i < len(items):
                st.session_state["pf_src_key"], st.session_state["pf_src_year"] = items[r_i], int(c_name)
        if st.session_state.get("pf_src_key") not in items:
            st.session_state["pf_src_key"] = items[0]
        yrs = sorted(sub.year.unique().tolist())
        if st.session_state.get("pf_src_year") not in yrs:
            st.session_state["pf_src_year"] = yrs[-1]
        src_key = s1.selectbox("溯源：项目", items, key="pf_src_key", format_func=key_label)
        src_year = s2.selectbox("溯源：年度", yrs, key="pf_src_year")
        hit = sub[(sub.key == src_key) & (sub.year == src_year)]
        if hit.empty:
            st.info(f"{src_year}年年报没有“{key_label(src_key)}”这一项。")
        else:
            h = hit.iloc[0]
            origin = "表格" if h.origin in ("table", "sheet") else "正文"
            st.markdown(
                f"**{src_year}年 · {ui.esc(key_label(src_key))} = {ui.esc(h['显示'])}**（来源：{origin}）"
            )
            show_source(h.report_id, h.span_start, h.span_end, page=h.page)
        if group in ("s", "t3", "t4") and len(yrs) > 1:
            num = sub[~sub.is_blank & sub.key.isin(reshape.chart_keys(items, group))]
            if not num.empty:
                ui.chart(
                    charts.line(
                        num,
                        "year",
                        "value",
                        color="项目",
                        title="主要项目时间序列",
                        labels={"year": "年度", "value": "数值"},
                    ),
                    width="stretch",
                    key=f"pf_chart_{group}",
                    scope=info["name"],
                )

with tab_rates:
    met = db.q(queries.agency_metrics, agency_id)
    rates = met[met.kind == "rate"]
    if rates.empty:
        st.info("该机构没有可计算的比率（分母为空或为 0）。")
    else:
        choices = sorted(rates.metric.unique().tolist())
        pick = st.multiselect(
            "比率",
            choices,
            default=[m for m in ("disclosure_rate", "unable_rate", "review_rate") if m in choices]
            or choices[:2],
            format_func=ui.metric_label,
            key="pf_rates",
        )
        show = rates[rates.metric.isin(pick)]
        if not show.empty:
            ui.chart(
                charts.line(
                    show,
                    "year",
                    "value",
                    color="label",
                    percent=True,
                    title="比率走势",
                    labels={"year": "年度", "value": "比率", "label": "指标"},
                ),
                width="stretch",
                key="pf_rate_chart",
                scope=info["name"],
            )
        wide, numbers = reshape.rate_grid(rates)
        ui.table(
            wide,
            "pf_rate_table",
            title=f"{info['name']} 比率指标",
            scope=info["name"],
            export_df=numbers,
            percent=[c for c in numbers.columns if c != "指标"],
            metrics=sorted(rates.metric.unique()),
        )
        st.caption("括号内为 分子/分母。分母小于 10 时比率波动很大，请结合区间判断。")

with tab_checks:
    chk = db.q(queries.agency_checks, agency_id)
    if chk.empty:
        st.info("没有校验记录（2019年前的年报没有统计表，不做勾稽校验）。")
    else:
        ui.table(
            reshape.check_grid(chk),
            "pf_checks",
            title=f"{info['name']} 勾稽校验",
            scope=info["name"],
            hide_index=False,
            metrics=[],
        )
        bad = reshape.check_rows(chk[chk.status != "ok"])
        if not bad.empty:
            st.markdown("**未通过的校验**")
            ui.table(
                bad[["year", "rule", "结果", "detail"]].rename(
                    columns={"year": "年度", "rule": "规则", "detail": "说明"}
                ),
                "pf_bad_checks",
                title=f"{info['name']} 未通过的校验",
                scope=info["name"],
                metrics=[],
                hide_index=True,
                width="stretch",
            )

with tab_problems:
    probs = db.q(queries.agency_problems, agency_id)
    pr = probs[probs.kind == "problem"]
    if pr.empty:
        st.info("该机构的年报没有抽取到“存在的主要问题”。")
    else:
        st.markdown("**各年度提及的问题类别**（数字为表述条数；连续年份出现即为“反复出现”）")
        ui.table(
            reshape.problem_year_grid(db.q(queries.agency_problem_years, agency_id)),
            "pf_prob_grid",
            title=f"{info['name']} 各年度问题类别",
            scope=info["name"],
            hide_index=False,
            metrics=[],
        )
        rec = pr[pr.recurring.map(len) > 0]
        st.caption(f"共 {len(pr)} 条问题表述，其中 {len(rec)} 条与上一年的问题类别相同（标“反复出现”）。")
        for yr, grp in pr.groupby("year", sort=False):
            with st.expander(f"{yr}年（{len(grp)} 条）", expanded=False):
                for _, r in grp.iterrows():
                    statement, note = reshape.statement_line(r.text, r.categories, r.recurring)
                    st.markdown(
                        f"- {ui.esc(statement)}  \n  <small>{ui.esc(note)}</small>", unsafe_allow_html=True
                    )

with tab_quality:
    st.caption(
        "逐年与本机构上一份年报比较：全文相似度和第五部分“存在的主要问题及改进情况”的相似度"
        f"（0–1，≥ {COPIED_THRESHOLD} 记为内容雷同），以及年报质量分（0–100）。"
    )
    if reports.empty:
        st.info("没有已知年度的年报，无法逐年比较。")
    else:
        for notice in reshape.copied_notices(reports):
            st.warning(notice, icon=":material/content_copy:")
        sim = reshape.similarity_series(reports)
        left, right = st.columns(2)
        with left:
            if sim.empty:
                st.markdown("##### 与上一年年报的相似度")
                st.caption("只有一份已知年度的年报，或各年都没有可比较的上一份年报。")
            else:
                fig = charts.line(
                    sim,
                    "year",
                    "相似度",
                    color="比较内容",
                    title="与上一年年报的相似度",
                    labels={"year": "年度"},
                )
                fig.update_yaxes(range=[0, 1.02])
                fig.add_hline(
                    y=COPIED_THRESHOLD,
                    line_dash="dash",
                    line_color="#c0392b",
                    annotation_text=f"内容雷同 ≥ {COPIED_THRESHOLD}",
                    annotation_position="bottom right",
                )
                ui.chart(fig, width="stretch", key="pf_similarity", scope=info["name"])
        with right:
            qs_year = reports.dropna(subset=["quality_score"])
            if qs_year.empty:
                st.markdown("##### 年报质量分")
                st.caption("没有可评分的年报。")
            else:
                fig = charts.bar(
                    qs_year,
                    "year",
                    "quality_score",
                    title="年报质量分",
                    labels={"year": "年度", "quality_score": "质量分"},
                )
                fig.update_yaxes(range=[0, 100])
                ui.chart(fig, width="stretch", key="pf_quality", scope=info["name"])
        ui.table(
            reshape.quality_grid(reports),
            "pf_quality_table",
            title=f"{info['name']} 年报质量",
            scope=info["name"],
            metrics=[],
            notes=[f"相似度 ≥ {COPIED_THRESHOLD} 记为内容雷同；质量分口径见看板“数据质量”页。"],
            hide_index=True,
            width="stretch",
            column_config={
                "year": st.column_config.NumberColumn("年度", format="%d"),
                **ui.quality_columns(*reshape.QUALITY_GRID_COLUMNS[1:]),
            },
        )
        with st.expander("质量分如何计算", icon=":material/help:"):
            st.markdown(QUALITY_FORMULA)

with tab_reports:
    if n_unknown:
        st.caption(f"其中 {n_unknown} 份年报未识别出所属年度（年度为空），列在最后。")
    ui.table(
        reshape.agency_report_table(all_reports),
        "pf_reports",
        title=f"{info['name']} 年报列表",
        scope=info["name"],
        metrics=[],
        hide_index=True,
        width="stretch",
        column_config={
            "年度": st.column_config.NumberColumn(format="%d"),
            "质量分": st.column_config.NumberColumn(format="%.1f"),
        },
    )
