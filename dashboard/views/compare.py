"""对比 (Compare): 2–10 agencies or regions across years for any metric."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, db, queries, reshape, ui
from dashboard.filters import bind_param, set_page_params

f = ui.filters()
st.title("对比")
ui.scope_caption(f)

cat = ui.catalog()
metrics = cat.metric.tolist()
labels = dict(zip(cat.metric, cat.label, strict=True))
kinds = dict(zip(cat.metric, cat.kind, strict=True))
units = dict(zip(queries.COMPARE_UNITS, ("机构", "省份", "城市", "区县"), strict=True))

if "cmp_metric" not in st.session_state:
    st.session_state["cmp_metric"] = "requests_received" if "requests_received" in metrics else metrics[0]
bind_param("metric", "cmp_metric", metrics)
bind_param("unit", "cmp_unit", list(units))
c1, c2 = st.columns([3, 2])
metric = c1.selectbox("指标", metrics, key="cmp_metric", format_func=lambda m: f"{labels[m]}（{m}）")
unit = c2.radio("对比对象", list(units), key="cmp_unit", format_func=units.get, horizontal=True)

opts = db.q(queries.compare_options, f, unit, 500)
if opts.empty:
    set_page_params({"metric": metric, "unit": unit})
    ui.empty()
    st.stop()
names = dict(zip(opts.uid, opts.name, strict=True))
choices = opts.uid.tolist()
bind_param("ids", "cmp_ids", None, parse=lambda v: [x for x in v.split(",") if x in names][:10])
if "cmp_ids" not in st.session_state or not set(st.session_state["cmp_ids"]) <= set(choices):
    st.session_state["cmp_ids"] = [x for x in st.session_state.get("cmp_ids", []) if x in names][
        :10
    ] or choices[:3]
ids = st.multiselect(
    "选择 2–10 个对象",
    choices,
    key="cmp_ids",
    max_selections=10,
    format_func=lambda u: names.get(u, u),
    help="候选为当前筛选范围内年报最多的前 500 个",
)
set_page_params({"metric": metric, "unit": unit, "ids": ",".join(ids)})

if len(ids) < 2:
    st.info("请至少选择 2 个对象进行对比。")
    st.stop()

df = db.q(queries.compare_series, f, metric, unit, tuple(ids))
if df.empty:
    ui.empty(f"所选对象没有“{labels[metric]}”的数据。")
    st.stop()
is_rate = kinds[metric] == "rate"
fig = charts.line(
    df,
    "year",
    "value",
    color="name",
    percent=is_rate,
    title=f"{labels[metric]}：逐年对比",
    labels={"year": "年度", "value": labels[metric], "name": units[unit]},
    height=420,
)
ui.chart(fig, key="cmp_chart")

wide, values = reshape.compare_tables(df, is_rate, units[unit])
ui.table(
    wide,
    "cmp_table",
    title=f"{labels[metric]}：逐年对比",
    export_df=values,
    percent=[c for c in values.columns if c.isdigit()] if is_rate else (),
    metrics=[metric],
)
if is_rate:
    st.caption("地区的比率为区域内各报告合并计算（Σ分子/Σ分母）。")
    latest = df.sort_values("year").groupby("uid").tail(1)
    ui.chart(
        charts.interval(
            latest.assign(label=[f"{n}（{y}年）" for n, y in zip(latest.name, latest.year, strict=True)]),
            "label",
            title="各对象最近一年的值与 95% 区间",
        ),
        width="stretch",
        key="cmp_ci",
    )
