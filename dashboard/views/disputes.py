"""复议诉讼 (Review and litigation): rates and correction rates with Wilson intervals, by region and level."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, db, queries, reshape, ui
from dashboard.filters import bind_param, set_page_params

f = ui.filters()
st.title("复议诉讼")
ui.scope_caption(f)

names = {m: ui.metric_label(m) for m in queries.DISPUTE_METRICS}
by_year = db.q(queries.dispute_by_year, f)
if by_year.empty:
    ui.empty("当前范围内没有行政复议或行政诉讼的数字。")
    st.stop()

tot = db.q(queries.dispute_totals, f)
c1, c2, c3, c4 = st.columns(4)
c1.metric("行政复议（起）", ui.fmt_int(tot.reviews.sum()), help="表四 行政复议总计（2019 年后）")
c2.metric(
    "行政诉讼（起）",
    ui.fmt_int(tot.lit_direct.sum() + tot.lit_after_review.sum()),
    help="未经复议直接起诉 + 复议后起诉",
)


def _pooled(m: str) -> float | None:
    return reshape.pooled_rate(by_year, m)


c3.metric("复议纠错率", ui.fmt_pct(_pooled("review_correction_rate")), help="复议纠错数 / 已审结复议数")
c4.metric("诉讼纠错率", ui.fmt_pct(_pooled("litigation_correction_rate")), help="诉讼纠错数 / 已审结诉讼数")

by_year["指标"] = by_year.metric.map(names)
left, right = st.columns(2)
with left:
    d = by_year[by_year.metric.isin(["review_rate", "litigation_rate"])]
    ui.chart(
        charts.line(
            d,
            "year",
            "value",
            color="指标",
            percent=True,
            title="复议率与诉讼率（占办结申请）",
            labels={"year": "年度", "value": "比率"},
        ),
        width="stretch",
        key="dp_rates",
    )
with right:
    d = by_year[by_year.metric.isin(["review_correction_rate", "litigation_correction_rate"])]
    ui.chart(
        charts.line(
            d,
            "year",
            "value",
            color="指标",
            percent=True,
            title="纠错率",
            labels={"year": "年度", "value": "比率"},
        ),
        width="stretch",
        key="dp_corr",
    )

st.subheader("分组比较（95% Wilson 区间）")
_, unit_name = queries.ranking_unit_column(f)
groups = dict(zip(queries.DISPUTE_GROUPS, (f"按{unit_name}", "按层级", "按领域"), strict=True))
bind_param("group", "dp_group", list(groups))
bind_param("metric", "dp_metric", list(queries.DISPUTE_METRICS))
g1, g2 = st.columns(2)
group = g1.radio("分组", list(groups), key="dp_group", format_func=groups.get, horizontal=True)
metric = g2.selectbox("指标", list(queries.DISPUTE_METRICS), key="dp_metric", format_func=names.get, index=2)
set_page_params({"group": group, "metric": metric})
bg = db.q(queries.dispute_by_group, f, group)
bg = bg[(bg.metric == metric) & bg.value.notna()].copy()
if bg.empty:
    st.info("所选指标在各组都没有可计算的值（分母为 0）。")
else:
    bg["grp"] = reshape.group_labels(bg.grp, group)
    bg = bg.sort_values("value", ascending=False)
    ui.chart(
        charts.interval(bg, "grp", title=f"{names[metric]}（{groups[group]}）", reference=_pooled(metric)),
        width="stretch",
        key="dp_groups",
    )
    ui.table(
        bg[["grp", "value", "ci_low", "ci_high", "numerator", "denominator"]].rename(
            columns={
                "grp": "分组",
                "value": names[metric],
                "ci_low": "区间下限",
                "ci_high": "区间上限",
                "numerator": "分子",
                "denominator": "分母",
            }
        ),
        "dp_table",
        title=f"{names[metric]}（{groups[group]}）",
        metrics=[metric],
        hide_index=True,
        width="stretch",
        column_config={
            c: st.column_config.NumberColumn(format="percent")
            for c in (names[metric], "区间下限", "区间上限")
        },
    )
    st.caption("分母较小的分组区间很宽，排序差异可能不显著。")
