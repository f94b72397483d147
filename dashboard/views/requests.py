"""申请办理 (Requests and outcomes): volumes, applicant mix, outcomes, refusal and unable reasons, backlog."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, db, queries, reshape, ui
from dashboard.labels import OUTCOMES, T3_COLS

f = ui.filters()
st.title("申请办理")
ui.scope_caption(f)

vol = db.q(queries.request_volumes, f)
if vol.empty or vol.requests_received.fillna(0).sum() == 0 and vol.requests_processed.fillna(0).sum() == 0:
    ui.empty("当前范围内没有依申请公开的数字。")
    st.stop()

tot_new = vol.requests_received.sum()
tot_done = vol.requests_processed.sum()
last = vol.iloc[-1]
c1, c2, c3, c4 = st.columns(4)
c1.metric("新收申请（合计）", ui.fmt_int(tot_new))
c2.metric("办结申请（合计）", ui.fmt_int(tot_done))
c3.metric(f"{int(last.year)}年结转下年", ui.fmt_int(last.carried_out))
c4.metric(
    f"{int(last.year)}年结转率",
    ui.fmt_pct(last.backlog_rate),
    help="结转下年 / (新收 + 上年结转)，仅 2019 年后的表格",
)

long = reshape.request_series(vol, ("requests_received", "requests_processed", "carried_out"))
ui.chart(
    charts.bar(
        long, "year", "件数", color="指标", barmode="group", title="申请量与办结量", labels={"year": "年度"}
    ),
    width="stretch",
    key="rq_volume",
)

left, right = st.columns(2)
with left:
    mix = db.q(queries.applicant_mix, f)
    if mix.empty:
        st.info("申请人构成只见于 2019 年后的表三；当前范围内没有。")
    else:
        share = reshape.labelled_shares(mix, "col_key", T3_COLS, "申请人")
        ui.chart(
            charts.bar(
                share,
                "year",
                "share",
                color="申请人",
                percent=True,
                title="申请人构成（新收申请）",
                labels={"year": "年度", "share": "占比"},
            ),
            width="stretch",
            key="rq_mix",
        )
with right:
    outc = reshape.outcome_shares(db.q(queries.outcome_summary, f), OUTCOMES)
    ui.chart(
        charts.bar(
            outc,
            "year",
            "share",
            color="结果",
            percent=True,
            title="办理结果构成",
            labels={"year": "年度", "share": "占比"},
        ),
        width="stretch",
        key="rq_outcomes",
    )
    st.caption("2019 年前来自正文的摘要数字，之后来自表三；各结果占已报告结果之和的比例。")

left, right = st.columns(2)
for col, prefix, title in ((left, "denied", "不予公开的理由"), (right, "unable", "无法提供的原因")):
    with col:
        rb = db.q(queries.reason_breakdown, f, prefix)
        if rb.empty or rb.requests.sum() == 0:
            st.info(f"当前范围内没有“{title}”的数字（仅 2019 年后的表三有分项）。")
            continue
        rb["理由"] = reshape.reason_labels(rb.row_key)
        ui.chart(
            charts.bar(
                rb,
                "requests",
                "理由",
                orientation="h",
                title=f"{title}（件）",
                labels={"requests": "件数", "理由": ""},
                height=320,
            ).update_yaxes(autorange="reversed"),
            width="stretch",
            key=f"rq_{prefix}",
        )

st.subheader("积压（结转）情况")
bl = vol.dropna(subset=["backlog_rate"])
if bl.empty:
    st.info("结转数字只见于 2019 年后的表三。")
else:
    ui.chart(
        charts.line(
            bl,
            "year",
            "backlog_rate",
            percent=True,
            title="结转率",
            labels={"year": "年度", "backlog_rate": "结转率"},
        ),
        width="stretch",
        key="rq_backlog",
    )
table = vol.rename(
    columns={
        "year": "年度",
        "reports": "年报数",
        "requests_received": "新收",
        "requests_processed": "办结",
        "carried_in": "上年结转",
        "carried_out": "结转下年",
        "backlog_rate": "结转率",
    }
)
ui.table(
    table,
    "rq_table",
    title="申请办理逐年汇总",
    metrics=["requests_received", "requests_processed", "backlog_rate"],
    hide_index=True,
    width="stretch",
    column_config={
        "年度": st.column_config.NumberColumn(format="%d"),
        "结转率": st.column_config.NumberColumn(format="percent"),
    },
)
