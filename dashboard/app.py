"""xxgk dashboard entry point: `streamlit run dashboard/app.py` (database from env XXGK_DB; the
sidebar's chooser switches this session to another `.duckdb` file beside it or in data/)."""

from __future__ import annotations

import sys
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]
if str(_REPO) not in sys.path:
    sys.path.insert(0, str(_REPO))

import streamlit as st  # noqa: E402

from dashboard import db, maps, queries, ui  # noqa: E402
from dashboard.filters import capture_url, set_database_param, sidebar_filters  # noqa: E402

st.set_page_config(page_title="政府信息公开年报看板", page_icon=":material/bar_chart:", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="总览", icon=":material/home:", url_path="overview", default=True),
    st.Page("views/ranking.py", title="排名", icon=":material/leaderboard:", url_path="ranking"),
    st.Page("views/profile.py", title="机构画像", icon=":material/account_balance:", url_path="profile"),
    st.Page("views/compare.py", title="对比", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("views/requests.py", title="申请办理", icon=":material/inbox:", url_path="requests"),
    st.Page("views/disputes.py", title="复议诉讼", icon=":material/gavel:", url_path="disputes"),
    st.Page("views/problems.py", title="问题分析", icon=":material/report_problem:", url_path="problems"),
    st.Page("views/quality.py", title="数据质量", icon=":material/fact_check:", url_path="quality"),
    st.Page("views/download.py", title="数据下载", icon=":material/download:", url_path="download"),
]


def _no_db() -> None:
    ui.no_database_page(str(db.db_path()))


def _labels(files: list[Path]) -> dict[str, Path]:
    """Chooser label → file: the file name, with its folder when two folders hold the same name."""
    names = [p.name for p in files]
    return {(p.name if names.count(p.name) == 1 else f"{p.parent.name}/{p.name}"): p for p in files}


def choose_database() -> None:
    """The sidebar's database chooser: the session's database (session state, `db` in the URL when
    it is not the default), among `db.database_files()`. A switch re-reads the filters (validated
    against the new file's options)."""
    ss = st.session_state
    default = db.default_path()
    found = db.database_files()
    # the configured file even when it does not exist yet: its page says how to build it
    files = _labels(found if default.is_file() else [default, *found])
    if ss.get("db_pick") not in files:
        wanted = st.query_params.get("db")
        fallback = next(k for k, p in files.items() if p == default)
        ss["db_pick"] = wanted if wanted in files else fallback

    def _switched() -> None:
        ss["_filters_loaded"] = False  # the new file's provinces, years …: the filters start again

    with st.sidebar:
        st.selectbox(
            "数据库",
            list(files),
            key="db_pick",
            on_change=_switched,
            help="切换 data/ 目录下的数据库文件（只读打开）",
        )
    chosen = files[ss["db_pick"]]
    ss[db.SESSION_KEY] = str(chosen)
    set_database_param(None if chosen == default else ss["db_pick"])


@st.cache_resource(show_spinner=False)
def _warm_maps() -> None:
    """Once per server process: the map boundaries load in the background while the first page runs."""
    maps.warm()


def main() -> None:
    _warm_maps()
    choose_database()
    key = db.db_key()
    if key is None:
        st.navigation([st.Page(_no_db, title="未找到数据库", url_path="overview", default=True)]).run()
        return
    try:
        db.connection(key)
    except Exception as exc:  # noqa: BLE001 - shown to the user, e.g. the file is locked by a build
        message = str(exc)
        st.navigation(
            [
                st.Page(
                    lambda: ui.no_database_page(key[0], message),
                    title="数据库错误",
                    url_path="overview",
                    default=True,
                )
            ]
        ).run()
        return

    page = st.navigation({"": PAGES[:3], "专题": PAGES[3:7], "数据": PAGES[7:]})
    capture_url(page.url_path)
    options = db.q(queries.filter_options)
    st.session_state["filters"] = sidebar_filters(options)
    info = db.q(queries.build_info)
    with st.sidebar:
        note = "（合成数据）" if info.get("synthetic") == "true" else ""
        st.caption(f"数据库：{Path(key[0]).name}{note}")
    ui.synthetic_label(info)  # on top of every page of a synthetic database
    page.run()


main()
