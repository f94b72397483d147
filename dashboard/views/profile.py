"""机构画像 (Agency profile): every table as a time series, rates, checks, problems, and the source
text behind every number. Reachable as `?agency_id=…`."""

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
    FORMATS,
    SUMMARY_KEYS,
    T3_COLS,
    T3_ROWS,
    T4_BLOCKS,
    T4_RESULTS,
    key_label,
)

f = ui.filters()
st.title("机构画像")

cands = db.q(queries.find_agencies, f, 500)
ids = cands.agency_id.tolist()
names = dict(zip(cands.agency_id, cands.agency, strict=True))
wanted = page_param("agency_id")
if wanted and wanted not in names:
    info = db.q(queries.agency_info, wanted)
    if info is not None:
        ids.insert(0, wanted)
        names[wanted] = info["name"]
    else:
        st.warning(f"未找到机构编号 {wanted}。")
if not ids:
    ui.empty("当前筛选范围内没有机构。")
    st.stop()
bind_param("agency_id", "pf_agency", ids)
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
reports = db.q(queries.agency_reports, agency_id)
facts = db.q(queries.agency_facts, agency_id)

st.header(info["name"])
former = [n for n in (info.get("names") or []) if n != info["name"]]
st.caption(
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
c1, c2, c3, c4 = st.columns(4)
c1.metric("年报数", f"{len(reports)}")
c2.metric("覆盖年度", f"{int(reports.year.min())}–{int(reports.year.max())}" if len(reports) else "—")
c3.metric("校验不一致", f"{int(reports.n_fail.sum())}")
c4.metric("问题表述", f"{int(reports.n_problems.sum())}")


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


tab_tables, tab_rates, tab_checks, tab_problems, tab_reports = st.tabs(
    ["各表时间序列", "比率指标", "勾稽校验", "存在问题", "年报列表"]
)

with tab_tables:
    if facts.empty:
        ui.empty("该机构没有抽取到数字。")
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
        ui.empty("该机构没有可计算的比率（分母为空或为 0）。")
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
        ui.empty("没有校验记录（2019年前的年报没有统计表，不做勾稽校验）。")
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
        ui.empty("该机构的年报没有抽取到“存在的主要问题”。")
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
                    st.markdown(f"- {r.text}  \n  <small>类别：{cats}{mark}</small>", unsafe_allow_html=True)

with tab_reports:
    show = reports.assign(格式=reports.format.map(lambda x: FORMATS.get(x, x)))
    ui.table(
        show[
            [
                "year",
                "agency",
                "格式",
                "published",
                "timeliness_days",
                "n_fail",
                "n_blank",
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
    )
