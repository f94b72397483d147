"""Widgets shared by the pages: empty states, links, the current filters, and the downloads every
chart (`chart`) and table (`table`) carries. Number formats live in `dashboard.formats` (re-exported
here for the pages); figures in `dashboard.charts`, which never imports this module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import charts, db, export, maps, queries
from dashboard.filters import Filters
from dashboard.formats import (  # noqa: F401 - re-exported for the pages
    code,
    delta,
    esc,
    flag,
    fmt_int,
    fmt_num,
    fmt_pct,
    is_missing,
    level_label,
    plain,
    profile_url,
    region_text,
    safe_name,
    sector_label,
    year_runs,
    year_span,
)
from dashboard.formats import source_line as _source_line
from dashboard.labels import (
    COLUMN_LABELS,
    DIRECTIONS,
    METRIC_KINDS,
    QUALITY_COLUMNS,
    QUALITY_HELP,
    metric_labels,
)

PROFILE_PAGE = "views/profile.py"


def filters() -> Filters:
    return st.session_state.get("filters", Filters())


def empty(message: str = "当前筛选条件下没有数据。") -> None:
    st.info(
        f"{message}请放宽左侧的筛选条件（省份、城市、层级、领域、年度或机构名称）。", icon=":material/info:"
    )


SYNTHETIC_LABEL = "合成示例数据"


def synthetic_label(info: dict) -> None:
    """A visible label on top of every page when the database is synthetic (`build_info.synthetic`,
    set by `xxgk demo` and bench/synth.py)."""
    if info.get("synthetic") != "true":
        return
    st.markdown(
        f":orange-badge[:material/science: {SYNTHETIC_LABEL}] "
        "本数据库的年报由程序生成，机构名称取自真实行政区划，数字均为虚构，仅供演示。"
    )


def scope_caption(f: Filters | None = None) -> None:
    st.caption(f"当前范围：{esc((f or filters()).describe())}")  # names from the data, text from the URL


def catalog() -> pd.DataFrame:
    return db.q(queries.metric_catalog)


def metric_label(metric: str) -> str:
    return metric_labels().get(metric, metric)


def profile_link(agency_id: str, label: str = "查看机构画像", key: str | None = None) -> None:
    st.page_link(
        PROFILE_PAGE, label=label, icon=":material/open_in_new:", query_params={"agency_id": agency_id}
    )


_QUALITY_SHARES = ("completeness", "consistency", "blank_share", "problem_specificity")


def quality_columns(*keys: str) -> dict:
    """Column configs of report-quality columns, labelled and explained by `labels.QUALITY_*`: shares
    (shown ×100, `reshape` multiplies them) as `12%`, similarities with two decimals, flags as text,
    the score as a 0–100 bar."""
    cc, names = st.column_config, QUALITY_COLUMNS

    def one(key: str):
        name, hint = names[key], QUALITY_HELP.get(key)
        if key in _QUALITY_SHARES:
            return cc.NumberColumn(name, format="%.0f%%", help=hint)
        if key.startswith("similarity_"):
            return cc.NumberColumn(name, format="%.2f", help=hint)
        if key == "prev_year":
            return cc.NumberColumn(name, format="%d", help="与之比较的上一份年报的年度")
        if key == "timeliness_days":
            return cc.NumberColumn(name, format="%d", help=hint)
        if key == "quality_score":
            return cc.ProgressColumn(name, format="%.1f", min_value=0, max_value=100, help=hint)
        return cc.TextColumn(name, help=hint)

    return {k: one(k) for k in keys}


def no_database_page(path: str, error: str | None = None) -> None:
    st.title("政府信息公开工作年度报告数据看板")
    if error:
        st.error(f"数据库无法打开：{esc(path)}\n\n{error}")
    else:
        st.warning(f"未找到数据库文件：{code(path)}")
    st.markdown(
        """
### 如何生成数据库

看板读取由 `xxgk build` 生成的 DuckDB 数据库（只读打开）。在仓库根目录执行：

```bash
make setup                  # 安装依赖（uv 虚拟环境、系统字体等）
.venv/bin/xxgk build        # 解析 input/ 下的年报并生成 data/xxgk.duckdb
```

也可以用环境变量 `XXGK_DB` 指定其他数据库文件，例如先生成一个合成数据库用于演示：

```bash
.venv/bin/xxgk demo
.venv/bin/xxgk serve --db data/demo.duckdb
```

数据库生成后刷新本页即可。
"""
    )


# --------------------------------------------------------------------------------------------------
# Downloads: charts as PNG/SVG, tables as XLSX/CSV (files are made when the button is clicked)


def source_line(when: dt.date | None = None) -> str:
    """'数据来源：…' with the database file, its build date and today's date (for footers)."""
    key = db.db_key()
    info = db.q(queries.build_info) if key else {}
    return _source_line(
        Path(key[0]).name if key else None,
        info.get("built_at"),
        info.get("synthetic") == "true",
        when or dt.date.today(),
    )


def scope_text(scope: str | None = None) -> str:
    return scope or filters().describe()


def footer_lines(scope: str | None = None) -> list[str]:
    return [f"范围：{scope_text(scope)}", source_line()]


def chart(
    fig,
    key: str,
    width: str = "stretch",
    *,
    scope: str | None = None,
    title: str | None = None,
    filename: str | None = None,
) -> None:
    """Draw a figure in the dashboard's chart style (not Streamlit's theme), with PNG and SVG downloads.

    The files are rendered on the server when a download button is clicked (not on every run): the
    figure's title (or `title`), the scope it reflects (`scope`, default the sidebar filters) and the
    data source and date in a footer."""
    st.plotly_chart(fig, theme=None, width=width, key=key, config={"displaylogo": False})
    chart_downloads(fig, key, scope=scope, title=title, filename=filename)


def chart_downloads(
    fig,
    key: str,
    *,
    scope: str | None = None,
    title: str | None = None,
    filename: str | None = None,
) -> None:
    """PNG (2×) and SVG buttons under a chart; the image is rendered on click, on the server."""
    title = title or (fig.layout.title.text if fig.layout.title and fig.layout.title.text else None)
    footer = footer_lines(scope)
    stem = filename or safe_name("xxgk", title or key, scope_text(scope))

    def maker(fmt: str):
        def make() -> bytes:  # runs in a server thread when clicked: no Streamlit calls here
            return charts.image(fig, fmt, title=title, footer=footer)

        return make

    with st.container(horizontal=True, gap="small", key=f"{key}_exports"):
        for fmt, label, hint in (
            ("png", "PNG 图片", "下载 PNG 图片（2 倍分辨率），含标题、筛选范围与数据来源"),
            ("svg", "SVG 矢量图", "下载 SVG 矢量图（可缩放，适合排版），含标题、筛选范围与数据来源"),
        ):
            st.download_button(
                label,
                data=maker(fmt),
                file_name=f"{stem}.{fmt}",
                mime=export.MIME[fmt],
                key=f"{key}_{fmt}",
                on_click="ignore",
                icon=":material/image:",
                type="tertiary",
                help=hint,
                width="content",
            )


def export_frame(
    df: pd.DataFrame,
    column_config: dict | None = None,
    hide_index: bool | None = True,
    index_label: str | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The table as shown, ready for a file: hidden columns dropped, Chinese headers (the column
    config's labels, else `labels.COLUMN_LABELS`), chart columns dropped, percentages shown as
    `%.1f%%` of values ×100 turned back into fractions. Returns (frame, percent columns)."""
    cfg = column_config or {}
    out = df.copy()
    index_cols: list = []
    if hide_index:
        out = out.reset_index(drop=True)
    elif not isinstance(out.index, pd.RangeIndex) or any(n is not None for n in out.index.names):
        index_cols = [
            n if n is not None else ("index" if out.index.nlevels == 1 else f"level_{i}")
            for i, n in enumerate(out.index.names)
        ]
        out = out.reset_index()
    cols, percent, renames = [], [], {}
    for c in out.columns:
        if c in cfg and cfg[c] is None:
            continue
        spec = cfg.get(c) if isinstance(cfg.get(c), dict) else {}
        tc = spec.get("type_config") or {}
        if tc.get("type") in ("line_chart", "bar_chart", "area_chart", "image", "link"):
            continue
        label = spec.get("label") or COLUMN_LABELS.get(str(c), str(c))
        if index_label and index_cols and c == index_cols[0]:
            label = index_label
        fmt = tc.get("format")
        if fmt == "percent":
            percent.append(label)
        elif isinstance(fmt, str) and fmt.endswith("%%") and pd.api.types.is_numeric_dtype(out[c]):
            out[c] = out[c] / 100
            percent.append(label)
        cols.append(c)
        renames[c] = label
    out = out[cols].rename(columns=renames)
    out.columns = [str(c) for c in out.columns]
    return out, percent


def _definitions(metrics: Iterable[str] | None) -> pd.DataFrame:
    cat = catalog()
    if metrics is not None:
        wanted = list(metrics)
        cat = cat[cat.metric.isin(wanted)] if wanted else cat.iloc[0:0]
    return pd.DataFrame(
        {
            "指标代码": cat.metric,
            "中文名": cat.label,
            "类型": cat.kind.map(METRIC_KINDS),
            "定义": cat.definition,
            "方向": cat.higher_is.map(DIRECTIONS),
        }
    )


def about_rows(title: str, scope: str | None, rows: int, notes: Iterable[str] = ()) -> list[tuple[str, str]]:
    f = filters()
    return [
        ("表格", title),
        ("筛选范围", scope_text(scope)),
        ("筛选参数", "；".join(f"{k}={v}" for k, v in f.to_query().items()) or "（无，全部数据）"),
        ("数据来源", source_line().removeprefix("数据来源：")),
        ("行数", f"{rows:,}"),
        *(("说明", n) for n in notes),
        ("比率口径", "比率为范围内各报告合并计算（Σ分子 / Σ分母）；分母为 0 或缺失时为空，不计为 0。"),
    ]


def table(
    df: pd.DataFrame,
    key: str,
    *,
    title: str | None = None,
    column_config: dict | None = None,
    hide_index: bool | None = True,
    index_label: str | None = None,
    export_df: pd.DataFrame | None = None,
    percent: Iterable[str] = (),
    metrics: Iterable[str] | None = None,
    scope: str | None = None,
    notes: Iterable[str] = (),
    all_rows: Callable[[], pd.DataFrame] | None = None,
    total: int | None = None,
    **kwargs,
):
    """`st.dataframe` plus Excel and CSV downloads of the same rows with Chinese headers.

    The XLSX has number formats (rates as percentages), a frozen header row and a "说明" sheet (the
    filters, the data source, and the definitions of `metrics`, default all metrics); the CSV is
    UTF-8 with BOM. `export_df` replaces the derived file contents (e.g. raw fractions). `all_rows`:
    when `df` is one page of a longer table (`page_of`), the whole table (`total` rows, same columns)
    for the downloads, made on click."""
    event = st.dataframe(df, key=key, column_config=column_config, hide_index=hide_index, **kwargs)
    title = title or key
    rows = (
        total if all_rows is not None and total is not None else len(df if export_df is None else export_df)
    )
    about = about_rows(title, scope, rows, notes)
    definitions = _definitions(metrics)
    stem = safe_name("xxgk", title, scope_text(scope))
    extra = list(percent)

    def frame() -> tuple[pd.DataFrame, list[str]]:  # on click, not on every run
        if export_df is not None:
            return export_df, extra
        out, pct = export_frame(
            df if all_rows is None else all_rows(), column_config, hide_index, index_label
        )
        return out, pct + [p for p in extra if p not in pct]

    def make_xlsx() -> bytes:
        out, pct = frame()
        return export.to_xlsx(out, "数据", percent=pct, about=about, definitions=definitions)

    def make_csv() -> bytes:
        return export.to_csv(frame()[0])

    with st.container(horizontal=True, gap="small", key=f"{key}_exports"):
        st.download_button(
            "导出 Excel",
            data=make_xlsx,
            file_name=f"{stem}.xlsx",
            mime=export.MIME["xlsx"],
            key=f"{key}_xlsx",
            on_click="ignore",
            icon=":material/table_view:",
            type="tertiary",
            help="Excel 工作簿：中文表头、数字与百分比格式、冻结表头，另有“说明”工作表（筛选条件、指标定义）",
            width="content",
        )
        st.download_button(
            "导出 CSV",
            data=make_csv,
            file_name=f"{stem}.csv",
            mime=export.MIME["csv"],
            key=f"{key}_csv",
            on_click="ignore",
            icon=":material/description:",
            type="tertiary",
            help="CSV（UTF-8 带 BOM，Excel 可直接打开）",
            width="content",
        )
    return event


PAGE_ROWS = 1000  # rows a long table shows at a time (a nationwide league table: ~70,000 units)


def page_of(df: pd.DataFrame, key: str, rows: int | None = None) -> pd.DataFrame:
    """The rows of the page chosen under the table's key (`<key>_page`), with a page picker when the
    table is longer than `rows` (PAGE_ROWS); the downloads still hold every row (`table(all_rows=…)`)."""
    rows = rows or PAGE_ROWS
    pages = max(1, -(-len(df) // rows))
    if pages == 1:
        return df
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    # fewer pages (a smaller scope) change the picker's bounds: Streamlit starts it again at page 1
    page = left.number_input(f"页码（共 {pages} 页）", 1, pages, 1, key=f"{key}_page")
    first = (int(page) - 1) * rows
    right.caption(
        f"第 {first + 1:,}–{min(first + rows, len(df)):,} 行，共 {len(df):,} 行；导出的文件包含全部行。"
    )
    return df.iloc[first : first + rows]


def region_map(
    key: str, f: Filters, make, *args, short_note: str, scope: str, suffix: str = "", **kwargs
) -> None:
    """A map of `maps` with click-to-drill-down: `make(cur, *args, province=…, **kwargs)` draws the
    provinces, or the cities of the sidebar's province or of the province clicked (held in the session
    under `<key>_drill`, with a button back). Below: how to read it (`short_note` explains 样本不足), the
    reports it cannot place, the boundary note, and the PNG/SVG downloads captioned with `scope`, the
    province drilled into and `suffix`."""
    drill = f"{key}_drill"
    drilled = None if f.province else st.session_state.get(drill)
    m = db.run_uncached(make, *args, province=drilled, **kwargs)
    event = st.plotly_chart(
        m.figure,
        theme=None,
        width="stretch",
        key=f"{key}_{m.key}",
        on_select="rerun",
        selection_mode="points",
        config={"displaylogo": False},
    )
    picked = maps.selected_code(event)
    if m.level == "province" and picked:
        st.session_state[drill] = picked
        st.rerun()
    st.caption(
        ("点击省份的圆点查看该省各市。" if m.level == "province" else "")
        + short_note
        + f"斜线：{maps.NO_DATA}。"
        + (f"{m.unplaced:,} 份年报缺少可用的行政区划代码，未在地图中显示。" if m.unplaced else "")
        + f"{maps.BOUNDARY_NOTE}。"
    )
    if drilled:
        st.button("返回全国地图", key=f"{key}_back", on_click=st.session_state.pop, args=(drill, None))
    where = f" · {maps.province_name(drilled)}" if drilled else ""
    chart_downloads(m.figure, f"{key}_{m.key}", scope=f"{scope}{where}{suffix}")
