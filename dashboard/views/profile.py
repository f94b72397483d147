"""机构画像 (Agency profile): names across renames and the lineage (名称沿革), every table as a time
series, rates, checks, problems, and the source text behind every number. Reachable as `?agency_id=…`
(an organ id or name that a rename has joined into an agency opens that agency). Every piece of
report text shown through Markdown goes through `ui.esc` (HTML-escaped)."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard import charts, db, queries, ui
from dashboard.filters import bind_param, page_param, set_page_params
from dashboard.labels import (
    CATEGORIES,
    CHECK_RULES,
    CHECK_STATUS,
    COPIED_THRESHOLD,
    FORMATS,
    LINEAGE_KINDS,
    LINEAGE_SOURCES,
    QUALITY_COLUMNS,
    QUALITY_FORMULA,
    QUALITY_HELP,
    SUMMARY_KEYS,
    T3_COLS,
    T3_ROWS,
    T4_BLOCKS,
    T4_RESULTS,
    key_label,
)


def _span_text(first, last) -> str:
    if ui.is_missing(first):
        return "年度未知"
    return (
        f"{int(first)} 年"
        if ui.is_missing(last) or int(first) == int(last)
        else f"{int(first)}–{int(last)} 年"
    )


def _years_text(years: list[int]) -> str:
    """'2008–2012、2015 年': runs of consecutive years."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return (
        "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs) + " 年"
        if runs
        else "年度未知"
    )


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
# `names` arrives as an array (or None / NaN for an agency without an agencies row)
seen = info.get("names")
seen = [] if seen is None or (not hasattr(seen, "__len__") and ui.is_missing(seen)) else list(seen)
former = [n for n in seen if n != info["name"]]
st.caption(
    ui.esc(
        " · ".join(
            x
            for x in [
                ui.region_text(info.get("province"), info.get("city"), info.get("county")),
                ui.level_label(info.get("level")),
                ui.sector_label(info.get("sector")),
                f"行政区划代码 {info.get('region_code') or '—'}",
                f"曾用名：{'、'.join(former)}" if former else "",
            ]
            if x
        )
    )
)
# The per-year views use the reports of known year; the rest (a title without a year) are counted
# here and listed under 年报列表.
n_loaded = len(all_reports)
n_unknown = n_loaded - len(reports)
scored = reports.dropna(subset=["quality_score"])
c1, c2, c3, c4, c5, c6 = st.columns([0.8, 1.7, 1, 1, 1, 1])
c1.metric(
    "年报数",
    f"{n_loaded}",
    help=f"其中 {n_unknown} 份未识别出年度，不在按年度的表格中" if n_unknown else None,
)
c2.metric("覆盖年度", f"{int(reports.year.min())}–{int(reports.year.max())}" if len(reports) else "—")
c3.metric("校验不一致", f"{int(reports.n_fail.sum())}")
c4.metric("问题表述", f"{int(reports.n_problems.sum())}")
c5.metric(
    "最新质量分",
    ui.fmt_num(scored.quality_score.iloc[-1]) if len(scored) else "—",
    help=(f"{int(scored.year.iloc[-1])}年年报的质量分（0–100），逐年见“年报质量”" if len(scored) else None),
)
c6.metric(
    "内容雷同",
    f"{int((reports.content_copied.fillna(False) | reports.problems_copied.fillna(False)).sum())} 年",
    help=f"全文或“存在的主要问题及改进情况”与上一份年报相似度 ≥ {COPIED_THRESHOLD} 的年度数",
)
n_aggregate = int(all_reports.is_aggregate.fillna(False).sum())
if n_aggregate:
    agg_years = sorted(int(y) for y in all_reports[all_reports.is_aggregate.fillna(False)].year.dropna())
    st.info(
        f"其中 {n_aggregate} 份（{_years_text(agg_years)}）是全辖区汇总报告：汇总本地区各机关的情况，"
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
        nm = (
            all_reports.groupby("agency", dropna=True)
            .agg(first_year=("year", "min"), last_year=("year", "max"), n_reports=("year", "size"))
            .reset_index()
            .rename(columns={"agency": "name"})
            .sort_values(["first_year", "name"])
        )
    links = db.q(queries.agency_lineage, agency_id)
    outside = links[~links.internal.astype(bool)] if not links.empty else links
    lines = [
        f"- **{ui.esc(r['name'])}**　{ui.esc(_span_text(r.first_year, r.last_year))} · {int(r.n_reports)} 份年报"
        for _, r in nm.iterrows()
    ]
    if len(nm) <= 1 and outside.empty:
        st.caption(f"{ui.esc(info['name'])}：未发现更名、合并或分设记录。")
    else:
        st.markdown("\n".join(lines))
    for _, r in outside.iterrows():
        kind = LINEAGE_KINDS.get(r.kind, r.kind)
        if r.direction == "predecessor":
            label = (
                f"前身（{kind}，{int(r.year)} 年）：{r.other}"
                if not ui.is_missing(r.year)
                else f"前身（{kind}）：{r.other}"
            )
        else:
            label = (
                f"后继（{kind}，{int(r.year)} 年）：{r.other}"
                if not ui.is_missing(r.year)
                else f"后继（{kind}）：{r.other}"
            )
        ui.profile_link(r.other_id, ui.esc(label))
    if not links.empty:
        with st.expander("沿革判定依据", icon=":material/account_tree:"):
            st.caption(
                "更名：同一机构换了名称，年报合并为一个机构；合并、分设：各机构保留各自的编号，由沿革关系相连。"
                "依据包括机构改革对照表、同一网站栏目、名称简称关系和用户链接文件（agency_links.csv）。"
            )
            ui.table(
                links.assign(
                    方向=links.direction.map({"predecessor": "前身", "successor": "后继"}),
                    类型=links.kind.map(lambda k: LINEAGE_KINDS.get(k, k)),
                    依据来源=links.source.map(
                        lambda s: "、".join(LINEAGE_SOURCES.get(x, x) for x in str(s).split("+"))
                    ),
                )[["方向", "other", "own", "year", "类型", "依据来源", "evidence"]].rename(
                    columns={"other": "相关机构", "own": "本机构名称", "year": "年度", "evidence": "依据"}
                ),
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
            long = series.melt(
                id_vars="year",
                value_vars=["requests_received", "requests_processed"],
                var_name="指标",
                value_name="件数",
            ).dropna(subset=["件数"])
            long["指标"] = long["指标"].map(
                {"requests_received": "新收申请", "requests_processed": "办结申请"}
            )
            if not long.empty:
                charts.show(
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
    ex = db.q(queries.source_excerpt, report_id, int(start), int(end), 300)
    if ex is None:
        st.warning("未找到该报告的原文。")
        return
    where = f"文件：`{ex['path']}`" + (f" · 第 {page} 页" if page is not None and not pd.isna(page) else "")
    st.markdown(
        f"**原文出处** {label or ''}  \n{where} · 字符位置 {ex['start']}–{ex['end']}（全文 {ex['text_chars']:,} 字）"
    )
    body = (
        ("…" if ex["start"] > 300 else "")
        + html.escape(ex["before"])
        + f'<mark style="background:#ffe066;padding:0 2px;font-weight:600">{html.escape(ex["span"])}</mark>'
        + html.escape(ex["after"])
        + ("…" if ex["end"] + 300 < ex["text_chars"] else "")
    )
    st.markdown(
        f'<div class="xxgk-source" style="white-space:pre-wrap;border:1px solid #d0d7de;border-radius:6px;'
        f'padding:10px;font-size:0.92rem;line-height:1.6;background:#fafbfc">{body}</div>',
        unsafe_allow_html=True,
    )


tab_tables, tab_rates, tab_checks, tab_problems, tab_quality, tab_reports = st.tabs(
    ["各表时间序列", "比率指标", "勾稽校验", "存在问题", "年报质量", "年报列表"]
)

with tab_tables:
    if facts.empty:
        st.info("该机构没有抽取到已知年度的数字。")
    else:
        facts = facts.assign(table=facts.key.str.split(".").str[0])
        groups = [g for g in ("s", "t3", "t4", "t2", "t2_2019") if g in set(facts.table)]
        table_names = {
            "s": "摘要数字（正文）",
            "t3": "表三 申请办理",
            "t4": "表四 复议诉讼",
            "t2": "表二（2021版）",
            "t2_2019": "表二（2019版）",
        }
        group = st.radio(
            "表格",
            groups,
            format_func=table_names.get,
            horizontal=True,
            key="pf_group",
            index=groups.index("t3") if "t3" in groups else 0,
        )
        sub = facts[facts.table == group].copy()
        order_keys = list(SUMMARY_KEYS)
        if group == "t3":
            order_keys = [f"t3.{r}.{c}" for r in T3_ROWS for c in T3_COLS]
            cols = ["total"] + [c for c in T3_COLS if c != "total"]
            col_pick = (
                st.segmented_control(
                    "申请人类型", cols, default="total", key="pf_t3col", format_func=T3_COLS.get
                )
                or "total"
            )
            sub = sub[sub.key.str.endswith("." + col_pick)]
        elif group == "t4":
            order_keys = [f"t4.{b}.{r}" for b in T4_BLOCKS for r in T4_RESULTS]
        sub["项目"] = sub.key.map(key_label)
        sub["显示"] = sub.apply(lambda r: "空白" if r.is_blank else ui.fmt_num(r.value), axis=1)
        pivot = sub.pivot_table(index=["key", "项目"], columns="year", values="显示", aggfunc="first")
        rank = {k: i for i, k in enumerate(order_keys)}
        pivot = pivot.reset_index()
        pivot["_o"] = pivot.key.map(lambda k: rank.get(k, 999))
        pivot = pivot.sort_values("_o").drop(columns="_o")
        pivot.columns = [str(c) for c in pivot.columns]
        pivot = pivot.fillna("")
        year_cols = [c for c in pivot.columns if c.isdigit()]
        st.caption("点选表中任一数字，即可在下方查看它在年报原文中的出处。")
        numbers = sub.pivot_table(index="key", columns="year", values="value", aggfunc="first")
        numbers.columns = [str(c) for c in numbers.columns]
        numbers = pivot[["key", "项目"]].merge(numbers, left_on="key", right_index=True, how="left")
        ev = ui.table(
            pivot,
            f"pf_tbl_{group}",
            title=f"{info['name']} {table_names[group]}",
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
            st.markdown(
                f"**{src_year}年 · {key_label(src_key)} = {h['显示']}**（来源：{'表格' if h.origin in ('table', 'sheet') else '正文'}）"
            )
            show_source(h.report_id, h.span_start, h.span_end, page=h.page)
        if group in ("s", "t3", "t4") and len(yrs) > 1:
            num = sub[~sub.is_blank].copy()
            top_keys = [k for k in items if k.endswith(".total") or group == "s"][:8]
            num = num[num.key.isin(top_keys)]
            if not num.empty:
                charts.show(
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
            charts.show(
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
        wide = rates.assign(
            显示=[
                f"{ui.fmt_pct(v)}（{ui.fmt_int(n)}/{ui.fmt_int(d)}）"
                for v, n, d in zip(rates.value, rates.numerator, rates.denominator, strict=True)
            ]
        )
        wide = wide.pivot_table(index="label", columns="year", values="显示", aggfunc="first")
        wide.columns = [str(c) for c in wide.columns]
        exp = rates.pivot_table(index="label", columns="year", values="value", aggfunc="first")
        exp.columns = [str(c) for c in exp.columns]
        ui.table(
            wide,
            "pf_rate_table",
            title=f"{info['name']} 比率指标",
            scope=info["name"],
            export_df=exp.reset_index().rename(columns={"label": "指标"}),
            percent=list(exp.columns),
            metrics=sorted(rates.metric.unique()),
        )
        st.caption("括号内为 分子/分母。分母小于 10 时比率波动很大，请结合区间判断。")

with tab_checks:
    chk = db.q(queries.agency_checks, agency_id)
    if chk.empty:
        st.info("没有校验记录（2019年前的年报没有统计表，不做勾稽校验）。")
    else:
        chk = chk.assign(
            规则说明=chk.rule.map(lambda r: CHECK_RULES.get(r, r)),
            结果=chk.status.map(lambda s: CHECK_STATUS.get(s, s)),
        )
        grid = chk.pivot_table(index=["rule", "规则说明"], columns="year", values="结果", aggfunc="first")
        grid.columns = [str(c) for c in grid.columns]
        ui.table(
            grid,
            "pf_checks",
            title=f"{info['name']} 勾稽校验",
            scope=info["name"],
            hide_index=False,
            metrics=[],
        )
        bad = chk[chk.status != "ok"]
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
        py = db.q(queries.agency_problem_years, agency_id)
        grid = py.assign(类别=py.category.map(lambda c: CATEGORIES.get(c, c))).pivot_table(
            index="类别", columns="year", values="statements", aggfunc="sum"
        )
        grid.columns = [str(c) for c in grid.columns]
        st.markdown("**各年度提及的问题类别**（数字为表述条数；连续年份出现即为“反复出现”）")
        ui.table(
            grid,
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
                    cats = "、".join(CATEGORIES.get(c, c) for c in r.categories)
                    mark = (
                        " · 反复出现：" + "、".join(CATEGORIES.get(c, c) for c in r.recurring)
                        if len(r.recurring)
                        else ""
                    )
                    st.markdown(
                        f"- {ui.esc(r.text)}  \n  <small>类别：{ui.esc(cats)}{ui.esc(mark)}</small>",
                        unsafe_allow_html=True,
                    )

with tab_quality:
    st.caption(
        "逐年与本机构上一份年报比较：全文相似度和第五部分“存在的主要问题及改进情况”的相似度"
        f"（0–1，≥ {COPIED_THRESHOLD} 记为内容雷同），以及年报质量分（0–100）。"
    )
    if reports.empty:
        st.info("没有已知年度的年报，无法逐年比较。")
    else:
        qr = reports.copy()
        copied = qr[qr.content_copied.fillna(False) | qr.problems_copied.fillna(False)]
        for _, r in copied.iterrows():
            parts = []
            if ui.flag(r.content_copied):
                parts.append(f"全文相似度 {r.similarity_prev_year:.2f}")
            if ui.flag(r.problems_copied):
                parts.append(f"“存在的主要问题及改进情况”相似度 {r.similarity_prev_year_problems:.2f}")
            st.warning(
                f"**{int(r.year)}年年报内容雷同**：与 {int(r.prev_year)} 年年报相比，{'，'.join(parts)}。",
                icon=":material/content_copy:",
            )
        sim = qr.melt(
            id_vars="year",
            value_vars=["similarity_prev_year", "similarity_prev_year_problems"],
            var_name="k",
            value_name="相似度",
        ).dropna(subset=["相似度"])
        left, right = st.columns(2)
        with left:
            if sim.empty:
                st.markdown("##### 与上一年年报的相似度")
                st.caption("只有一份已知年度的年报，或各年都没有可比较的上一份年报。")
            else:
                sim["比较内容"] = sim.k.map(
                    {"similarity_prev_year": "全文", "similarity_prev_year_problems": "问题与改进"}
                )
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
                charts.show(fig, width="stretch", key="pf_similarity", scope=info["name"])
        with right:
            qs_year = qr.dropna(subset=["quality_score"])
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
                charts.show(fig, width="stretch", key="pf_quality", scope=info["name"])
        Q = QUALITY_COLUMNS
        grid = qr.assign(
            completeness=qr.completeness * 100,
            consistency=qr.consistency * 100,
            problem_specificity=qr.problem_specificity * 100,
            content_copied=qr.content_copied.map(ui.flag),
            problems_copied=qr.problems_copied.map(ui.flag),
        )[
            [
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
        ]
        pct = {"format": "%.0f%%"}
        ui.table(
            grid,
            "pf_quality_table",
            title=f"{info['name']} 年报质量",
            scope=info["name"],
            metrics=[],
            notes=[f"相似度 ≥ {COPIED_THRESHOLD} 记为内容雷同；质量分口径见看板“数据质量”页。"],
            hide_index=True,
            width="stretch",
            column_config={
                "year": st.column_config.NumberColumn("年度", format="%d"),
                "prev_year": st.column_config.NumberColumn(
                    Q["prev_year"], format="%d", help="与之比较的上一份年报的年度"
                ),
                "similarity_prev_year": st.column_config.NumberColumn(
                    Q["similarity_prev_year"], format="%.2f", help=QUALITY_HELP["similarity_prev_year"]
                ),
                "content_copied": st.column_config.TextColumn(Q["content_copied"]),
                "similarity_prev_year_problems": st.column_config.NumberColumn(
                    Q["similarity_prev_year_problems"],
                    format="%.2f",
                    help=QUALITY_HELP["similarity_prev_year_problems"],
                ),
                "problems_copied": st.column_config.TextColumn(Q["problems_copied"]),
                "completeness": st.column_config.NumberColumn(
                    Q["completeness"], help=QUALITY_HELP["completeness"], **pct
                ),
                "consistency": st.column_config.NumberColumn(
                    Q["consistency"], help=QUALITY_HELP["consistency"], **pct
                ),
                "problem_specificity": st.column_config.NumberColumn(
                    Q["problem_specificity"], help=QUALITY_HELP["problem_specificity"], **pct
                ),
                "timeliness_days": st.column_config.NumberColumn(
                    Q["timeliness_days"], format="%d", help=QUALITY_HELP["timeliness_days"]
                ),
                "quality_score": st.column_config.ProgressColumn(
                    Q["quality_score"], format="%.1f", min_value=0, max_value=100
                ),
            },
        )
        with st.expander("质量分如何计算", icon=":material/help:"):
            st.markdown(QUALITY_FORMULA)

with tab_reports:
    show = all_reports
    if n_unknown:
        st.caption(f"其中 {n_unknown} 份年报未识别出所属年度（年度为空），列在最后。")
    show = show.assign(
        格式=show.format.map(lambda x: "未知" if ui.is_missing(x) else FORMATS.get(x, x)),
        范围=show.is_aggregate.map(lambda x: "全辖区汇总" if ui.flag(x) else "机构本身"),
        雷同=[
            ui.flag(a) or ui.flag(b) for a, b in zip(show.content_copied, show.problems_copied, strict=True)
        ],
    )
    ui.table(
        show[
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
        ),
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
