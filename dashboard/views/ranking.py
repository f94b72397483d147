"""排名 (Rankings): league table of a metric within the sidebar scope for one year."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, db, maps, queries, reshape, ui
from dashboard.filters import bind_param, set_page_params
from dashboard.labels import RANKING_DIRECTIONS

f = ui.filters()
st.title("排名")
ui.scope_caption(f.without_years())

cat = ui.catalog()
metrics = cat.metric.tolist()
labels = dict(zip(cat.metric, cat.label, strict=True))
kinds = dict(zip(cat.metric, cat.kind, strict=True))
higher = dict(zip(cat.metric, cat.higher_is, strict=True))
unit_col, unit_name = queries.ranking_unit_column(f)
units = {"agency": "机构", "region": f"地区（{unit_name}）"}

if "rk_metric" not in st.session_state:
    st.session_state["rk_metric"] = "disclosure_rate" if "disclosure_rate" in metrics else metrics[0]
bind_param("metric", "rk_metric", metrics)
bind_param("unit", "rk_unit", list(units))
bind_param("min", "rk_min", parse=int)

c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
metric = c1.selectbox("指标", metrics, key="rk_metric", format_func=lambda m: f"{labels[m]}（{m}）")
unit = c2.radio("排名对象", list(units), key="rk_unit", format_func=units.get, horizontal=True)
years = db.q(queries.metric_years, f.without_years(), metric)
if not years:
    set_page_params({"metric": metric, "unit": unit})
    ui.empty(f"当前范围内没有“{labels[metric]}”的数据。")
    st.stop()
in_range = [y for y in years if f.year_to is None or y <= f.year_to] or years
bind_param("year", "rk_year", years, parse=int)
if st.session_state.get("rk_year") not in years:
    st.session_state["rk_year"] = in_range[-1]
year = c3.selectbox("年度", years[::-1], key="rk_year")
is_rate = kinds[metric] == "rate"
if "rk_min" not in st.session_state:
    st.session_state["rk_min"] = 10
min_den = c4.number_input(
    "最小分母",
    min_value=1,
    max_value=10_000,
    step=1,
    key="rk_min",
    disabled=not is_rate,
    help="分母（如办结申请数）低于此值的机构列出但不参与排名",
)
set_page_params({"metric": metric, "unit": unit, "year": year, "min": min_den if min_den != 10 else None})

direction = RANKING_DIRECTIONS[higher.get(metric) or "neutral"]
st.caption(
    f"{labels[metric]}：{cat.set_index('metric').definition[metric]}。{direction}。"
    + ("比率为合并计算（Σ分子/Σ分母），区间为 95% Wilson 置信区间。" if is_rate else "")
)

n_agg = db.q(queries.aggregate_count, f.without_years(), int(year))
if n_agg:
    st.caption(
        f"{year}年范围内另有 {n_agg} 份全辖区汇总报告（汇总本地区各机关的情况），不与机构一起排名，"
        "也不计入地区合计；汇总报告与各机关合计的对照见“总览”页。"
    )
df = db.q(queries.ranking, f, metric, int(year), unit, int(min_den))
if df.empty:
    ui.empty(f"{year}年没有可排名的数据。")
    st.stop()

n_elig = int(df.eligible.sum())
pooled = df.pooled.iloc[0]
m1, m2, m3 = st.columns(3)
m1.metric("参与排名", f"{n_elig:,}")
m2.metric("样本不足（未排名）", f"{len(df) - n_elig:,}")
if is_rate:
    m3.metric("范围总体值", ui.fmt_pct(pooled))
else:
    m3.metric("范围合计", ui.fmt_num(df.value.sum()))


shown = ui.page_of(df, "rk_table")  # a nationwide table has ~70,000 units: one page at a time
table = reshape.ranking_table(shown, is_rate, int(min_den))
fmt = "%.1f%%" if is_rate else "%,.0f"
scope = f"{f.without_years().describe()} · {year}年"
event = ui.table(
    table,
    "rk_table",
    all_rows=(lambda: reshape.ranking_table(df, is_rate, int(min_den))) if len(shown) < len(df) else None,
    total=len(df),
    title=f"{labels[metric]}排名（{units[unit]}）",
    scope=scope,
    metrics=[metric],
    notes=[direction] + ([f"分母低于 {min_den} 的不参与排名"] if is_rate else []),
    hide_index=True,
    width="stretch",
    height=min(38 * len(table) + 40, 600),
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        "排名": st.column_config.TextColumn(width="small"),
        "数值": st.column_config.NumberColumn(labels[metric], format=fmt),
        "区间下限": st.column_config.NumberColumn("95%区间下限", format="%.1f%%"),
        "区间上限": st.column_config.NumberColumn("95%区间上限", format="%.1f%%"),
        "分子": st.column_config.NumberColumn(format="%,.0f"),
        "分母": st.column_config.NumberColumn(format="%,.0f"),
        "排名变化": st.column_config.TextColumn(help="与上一年排名相比（↑ 上升）"),
        "近年走势": st.column_config.LineChartColumn(
            f"近{len(df.spark.iloc[0]) if len(df) else 6}年走势", y_min=0, y_max=1 if is_rate else None
        ),
        "uid": None,
    },
)
rows = event.selection.rows if event and event.selection else []
if rows and unit == "agency":
    sel = table.iloc[rows[0]]
    ui.profile_link(sel.uid, f"查看 {ui.esc(sel['名称'])} 的机构画像")
elif unit == "agency":
    st.caption("选中一行可打开该机构的画像。")

if is_rate and n_elig:
    top = reshape.ranking_top(df, 30)
    ui.chart(
        charts.interval(
            top, "label", title=f"{labels[metric]}（前 {len(top)} 名，95% 区间）", reference=pooled
        ),
        width="stretch",
        key="rk_interval",
        scope=scope,
    )
elif n_elig:
    top = df[df.eligible].head(30)
    ui.chart(
        charts.bar(
            top,
            "value",
            "name",
            orientation="h",
            title=f"{labels[metric]}（前 {len(top)} 名）",
            labels={"value": labels[metric], "name": ""},
            height=max(300, 24 * len(top) + 80),
        ).update_yaxes(autorange="reversed"),
        width="stretch",
        key="rk_bar",
        scope=scope,
    )

st.subheader("地区分布地图")
ui.region_map(
    "rk_map",
    f,
    maps.metric_map,
    f,
    metric,
    int(year),
    min_sample=int(min_den) if is_rate else 1,
    short_note=f"灰色：{maps.SHORT}（分母低于 {min_den}，与上表同一口径）；" if is_rate else "",
    scope=f.without_years().describe(),
    suffix=f" · {year}年",
)
