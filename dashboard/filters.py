"""The filter set shared by every page, and its round trip to the URL (st.query_params).

`Filters` is a plain frozen dataclass so queries (and their caches) can take it without Streamlit.
`sidebar_filters()` draws the sidebar widgets, initialised from the URL on a session's first run and
written back to the URL on every run, so any view can be bookmarked and survives page switches.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

ALL = "（全部）"

# URL keys of the shared filters; pages add their own (metric, year, agency_id, …).
URL_KEYS = ("province", "city", "level", "sector", "years", "q")


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    city: str | None = None
    levels: tuple[str, ...] = field(default_factory=tuple)
    sectors: tuple[str, ...] = field(default_factory=tuple)
    # None: no year range chosen, every report counts (unknown years too); a range excludes unknown years
    year_from: int | None = None
    year_to: int | None = None
    q: str | None = None  # substring of the agency name

    def without_years(self) -> Filters:
        return replace(self, year_from=None, year_to=None)

    def to_query(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.province:
            out["province"] = self.province
        if self.city:
            out["city"] = self.city
        if self.levels:
            out["level"] = ",".join(self.levels)
        if self.sectors:
            out["sector"] = ",".join(self.sectors)
        if self.year_from is not None and self.year_to is not None:
            out["years"] = f"{self.year_from}-{self.year_to}"
        if self.q:
            out["q"] = self.q
        return out

    @classmethod
    def from_query(cls, qp: dict[str, str]) -> Filters:
        years = _parse_years(qp.get("years"))
        return cls(
            province=qp.get("province") or None,
            city=qp.get("city") or None,
            levels=tuple(v for v in (qp.get("level") or "").split(",") if v),
            sectors=tuple(v for v in (qp.get("sector") or "").split(",") if v),
            year_from=years[0] if years else None,
            year_to=years[1] if years else None,
            q=(qp.get("q") or "").strip() or None,
        )

    def describe(self) -> str:
        """Short Chinese description of the scope, for captions and file names."""
        from dashboard.labels import LEVELS, SECTORS

        parts = [self.city or self.province or "全国"]
        if self.levels:
            parts.append("、".join(LEVELS.get(x, x) for x in self.levels))
        if self.sectors:
            parts.append("、".join(SECTORS.get(x, x) for x in self.sectors))
        if self.year_from is not None:
            parts.append(f"{self.year_from}–{self.year_to}年")
        if self.q:
            parts.append(f"机构名含“{self.q}”")
        return " · ".join(parts)


def _parse_years(v: str | None) -> tuple[int, int] | None:
    if not v:
        return None
    try:
        a, _, b = v.partition("-")
        lo, hi = int(a), int(b or a)
    except ValueError:
        return None
    return (min(lo, hi), max(lo, hi))


def sidebar_filters(options: dict) -> Filters:
    """Draw the shared filters in the sidebar and keep them in the URL.

    `options` comes from `queries.filter_options`: provinces, cities_by_province, levels, sectors,
    year_min, year_max.
    """
    import streamlit as st

    from dashboard.labels import LEVELS, SECTORS

    ss = st.session_state
    if not ss.get("_filters_loaded"):
        # First run of this session: the URL decides (a bookmark or a shared link).
        f = Filters.from_query(st.query_params.to_dict())
        ss["f_province"] = f.province if f.province in options["provinces"] else ALL
        cities = options["cities_by_province"].get(f.province, [])
        ss["f_city"] = f.city if f.city in cities else ALL
        ss["f_level"] = [x for x in f.levels if x in options["levels"]]
        ss["f_sector"] = [x for x in f.sectors if x in options["sectors"]]
        y0, y1 = options["year_min"], options["year_max"]
        lo = f.year_from if f.year_from is not None else y0
        hi = f.year_to if f.year_to is not None else y1
        ss["f_years"] = (max(y0, min(lo, y1)), min(y1, max(hi, y0)))
        ss["f_q"] = f.q or ""
        ss["_filters_loaded"] = True

    def _reset_city() -> None:
        ss["f_city"] = ALL

    with st.sidebar:
        st.markdown("### 筛选条件")
        st.selectbox("省份", [ALL, *options["provinces"]], key="f_province", on_change=_reset_city)
        prov = None if ss["f_province"] == ALL else ss["f_province"]
        cities = options["cities_by_province"].get(prov, []) if prov else []
        if ss.get("f_city") not in (ALL, *cities):
            ss["f_city"] = ALL
        st.selectbox(
            "城市", [ALL, *cities], key="f_city", disabled=not prov, help="先选择省份" if not prov else None
        )
        st.multiselect(
            "机构层级",
            options["levels"],
            key="f_level",
            format_func=lambda x: LEVELS.get(x, x),
            placeholder="全部层级",
        )
        st.multiselect(
            "领域",
            options["sectors"],
            key="f_sector",
            format_func=lambda x: SECTORS.get(x, x),
            placeholder="全部领域",
        )
        y0, y1 = options["year_min"], options["year_max"]
        if y0 < y1:
            st.slider("年度范围", min_value=y0, max_value=y1, key="f_years")
        else:
            ss["f_years"] = (y0, y1)
        st.text_input("机构名称包含", key="f_q", placeholder="例如：教育局")

        def _reset() -> None:  # a callback: runs before the widgets are drawn again
            ss["f_province"], ss["f_city"], ss["f_level"], ss["f_sector"] = ALL, ALL, [], []
            ss["f_years"], ss["f_q"] = (y0, y1), ""

        st.button("重置筛选", width="stretch", on_click=_reset, key="f_reset")

    years = tuple(ss["f_years"])
    f = Filters(
        province=prov,
        city=None if ss["f_city"] == ALL else ss["f_city"],
        levels=tuple(ss["f_level"]),
        sectors=tuple(ss["f_sector"]),
        year_from=int(years[0]),
        year_to=int(years[1]),
        q=ss["f_q"].strip() or None,
    )
    # The full range is the default, "no year range chosen": it stays out of the URL, and the filter
    # carries no years, so reports of unknown year are counted (per-year charts skip them); only an
    # explicit, narrower range excludes them.
    if (f.year_from, f.year_to) == (y0, y1):
        f = f.without_years()
    sync_url(f.to_query())
    return f


def sync_url(shared: dict[str, str], page_params: dict[str, str] | None = None) -> None:
    """Write the shared filters plus page-specific parameters to the URL, dropping stale ones."""
    import streamlit as st

    ss = st.session_state
    ss["_url_shared"] = shared
    if page_params is not None:
        ss["_url_page"] = page_params
    want = {**ss.get("_url_db", {}), **ss.get("_url_shared", {}), **ss.get("_url_page", {})}
    if st.query_params.to_dict() != want:
        st.query_params.from_dict(want)


def set_database_param(label: str | None) -> None:
    """The database the sidebar's chooser picked, as `db` in the URL (None: the default, left out)."""
    import streamlit as st

    st.session_state["_url_db"] = {"db": label} if label else {}


def capture_url(page_name: str) -> None:
    """Call first on every run: remember the URL as it arrived, and forget the previous page's params."""
    import streamlit as st

    ss = st.session_state
    ss["_url_in"] = st.query_params.to_dict()
    if ss.get("_url_page_name") != page_name:
        ss["_url_page_name"] = page_name
        ss["_url_page"] = {}


def page_param(name: str, default: str | None = None) -> str | None:
    """A page-specific URL parameter as it stood when this run started."""
    import streamlit as st

    return st.session_state.get("_url_in", {}).get(name, default)


def bind_param(name: str, key: str, valid: list | None = None, parse=str) -> None:
    """Initialise widget `key` from URL parameter `name` when the URL brings a new value.

    Call before drawing the widget; afterwards call `set_page_params` with the widget's value.
    """
    import streamlit as st

    ss = st.session_state
    seen = ss.setdefault("_url_seen", {})
    incoming = page_param(name)
    if incoming is not None and incoming != seen.get(name):
        try:
            value = parse(incoming)
        except (TypeError, ValueError):
            value = None
        if value is not None and (valid is None or value in valid):
            ss[key] = value
        seen[name] = incoming


def set_page_params(params: dict[str, object]) -> None:
    """Record this page's own URL parameters (values None are dropped) and sync the URL."""
    import streamlit as st

    clean = {k: str(v) for k, v in params.items() if v is not None and v != ""}
    st.session_state.setdefault("_url_seen", {}).update(clean)
    sync_url(st.session_state.get("_url_shared", {}), clean)
