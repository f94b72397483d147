"""Small helpers shared by the pages: number formats, empty states, links, the current filters."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import db, queries
from dashboard.filters import Filters
from dashboard.labels import LEVELS, SECTORS

PROFILE_PAGE = "views/profile.py"


def filters() -> Filters:
    return st.session_state.get("filters", Filters())


def is_missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT


def fmt_int(v) -> str:
    return "—" if is_missing(v) else f"{int(round(float(v))):,}"


def fmt_num(v, digits: int = 1) -> str:
    if is_missing(v):
        return "—"
    v = float(v)
    return f"{int(v):,}" if v.is_integer() else f"{v:,.{digits}f}"


def fmt_pct(v, digits: int = 1) -> str:
    return "—" if is_missing(v) else f"{float(v) * 100:.{digits}f}%"


def delta(cur, prev, kind: str = "count") -> str | None:
    """Text for st.metric's delta: change against the previous year."""
    if is_missing(cur) or is_missing(prev):
        return None
    if kind == "rate":
        return f"{(float(cur) - float(prev)) * 100:+.1f} 个百分点"
    if float(prev) == 0:
        return f"{float(cur) - float(prev):+,.0f}"
    return f"{float(cur) - float(prev):+,.0f}（{(float(cur) / float(prev) - 1) * 100:+.1f}%）"


def empty(message: str = "当前筛选条件下没有数据。") -> None:
    st.info(
        f"{message}请放宽左侧的筛选条件（省份、城市、层级、领域、年度或机构名称）。", icon=":material/info:"
    )


def scope_caption(f: Filters | None = None) -> None:
    st.caption(f"当前范围：{(f or filters()).describe()}")


def catalog() -> pd.DataFrame:
    return db.q(queries.metric_catalog)


def metric_label(metric: str) -> str:
    cat = catalog()
    row = cat[cat.metric == metric]
    return metric if row.empty else str(row.label.iloc[0])


def level_label(code) -> str:
    return "—" if is_missing(code) else LEVELS.get(code, code)


def sector_label(code) -> str:
    return "—" if is_missing(code) else SECTORS.get(code, code)


def region_text(province, city, county=None) -> str:
    parts = []
    for p in (province, city, county):
        if not is_missing(p) and p not in parts:
            parts.append(p)
    return " ".join(parts) if parts else "中央"


def profile_link(agency_id: str, label: str = "查看机构画像", key: str | None = None) -> None:
    st.page_link(
        PROFILE_PAGE, label=label, icon=":material/open_in_new:", query_params={"agency_id": agency_id}
    )


def no_database_page(path: str, error: str | None = None) -> None:
    st.title("政府信息公开工作年度报告数据看板")
    if error:
        st.error(f"数据库无法打开：{path}\n\n{error}")
    else:
        st.warning(f"未找到数据库文件：`{path}`")
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
.venv/bin/python bench/synth.py data/demo.duckdb --reports 2000
XXGK_DB=data/demo.duckdb .venv/bin/streamlit run dashboard/app.py
```

数据库生成后刷新本页即可。
"""
    )
