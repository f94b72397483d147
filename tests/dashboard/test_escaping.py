"""Issue 15 (3): report text is shown as text. Some real report pages come from hijacked mirror sites
carrying injected markup; agency names, problem statements, source excerpts, file paths, warnings,
check details and ingest errors reach Markdown (captions, headers, lists, HTML blocks with
`unsafe_allow_html`) and Plotly (legends, axes, hover labels). Markup in them must never become
an element, a link, bold text, a heading or a formula.

The helpers are tested on their own, then a database whose report text is all markup goes through
the pages under AppTest (`tests/browser/test_escaping_browser.py` checks the page in Chromium)."""

from __future__ import annotations

import html
import json
import re
import shutil

import duckdb
import pyarrow as pa
import pytest

from dashboard import charts, export, reshape, style
from dashboard.formats import WJ, code, esc, plain
from etl.store import texts
from tests.dashboard.conftest import APP

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[点我](javascript:alert(1))",
    "**粗体** __粗__ *斜*",
    "# 标题",
    "标题\n===",
    ":red[红字] $x^2$ `code`",
    "<a href='http://evil.example'>链接</a>",
    "前\n\n<b>空行之后</b>\n\n- 列表",
    "&lt;img src=x&gt; &amp;",
]

# Markdown a page must never render out of report text: an element, a link, emphasis, a heading.
RAW = re.compile(
    r"<\s*(img|script|a|b|iframe|svg)\b|\]\(|(?<!\\)\*\*|(?<!\\):red\[|^\s*#|\n\s*\n", re.I | re.M
)


# ---- the helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", PAYLOADS)
def test_esc_leaves_nothing_for_markdown_or_html(text):
    out = esc(text)
    assert "<" not in out and ">" not in out
    assert "\n" not in out  # a line break could end an HTML block or a list item
    assert not RAW.search(out), out
    # every Markdown character is escaped: unescaping gives back the text as written
    shown = html.unescape(re.sub(r"\\(.)", r"\1", out)).replace(WJ, "")
    assert shown == re.sub(r"\s*\n+\s*", " ", text)


@pytest.mark.parametrize(
    "text", ["http://evil.example", "见WWW.evil.cn", "a@evil.cn", ":smile: :material/home:"]
)
def test_esc_keeps_bare_urls_and_shortcodes_from_becoming_links(text):
    """Streamlit's Markdown links bare URLs and e-mail addresses and draws :shortcodes: after the
    escapes are resolved: the text is broken up by an invisible word joiner instead."""
    out = esc(text).replace("\\", "")
    assert not re.search(r"https?://|www\.|@\w|:[\w/+-]+:", out, re.I), out
    assert out.replace(WJ, "") == text


@pytest.mark.parametrize("text", ["a`b", "``x``", "`start", "plain.pdf", "x\ny"])
def test_code_span_cannot_be_closed_by_the_text(text):
    out = code(text)
    fence = re.match(r"`+", out).group()
    assert out.endswith(fence) and len(fence) > max(map(len, re.findall(r"`+", text)), default=0)
    assert out[len(fence) : -len(fence)].strip(" ") == text.replace("\n", " ")


@pytest.mark.parametrize("text", PAYLOADS)
def test_plain_keeps_plotly_tags_out(text):
    out = plain(text)
    assert "<" not in out and ">" not in out
    assert plain(out) == out  # idempotent: titles pass through twice (figure, then export)


def test_excerpt_block_is_one_html_block_of_text():
    text = "\n\n".join(PAYLOADS)
    ex = {
        "before": text,
        "span": "<b>12</b>",
        "after": "\n\n[链](http://evil.example)\n\n# 标题",
        "path": "a`b<img src=x>.pdf",
        "start": 10_000,
        "end": 10_003,
        "text_chars": 20_000,
    }
    out = reshape.excerpt_html(ex)
    assert "\n" not in out  # a blank line would end the HTML block and hand the rest to Markdown
    assert set(re.findall(r"<\s*/?\s*([a-zA-Z]+)", out)) == {"div", "mark"}
    assert "&#10;" in out and "&lt;img" in out
    assert text in html.unescape(out) and "<b>12</b>" in html.unescape(out)  # shown as written
    location = reshape.excerpt_location(ex, 3)
    assert "<" not in location.replace("`a`b<img src=x>.pdf`", "") and location.count("``") == 2


def test_plotly_figures_show_tags_as_text():
    import pandas as pd

    names = ["<b>粗</b>局", "<a href='http://evil.example'>链</a>局"]
    df = pd.DataFrame({"year": [2020, 2021] * 2, "value": [1, 2, 3, 4], "name": names * 2})
    figs = [
        charts.line(df, "year", "value", color="name", title="<i>标题</i>"),
        charts.bar(df, "value", "name", orientation="h"),
        charts.heatmap(df, "year", "name", "value"),
        charts.interval(df.assign(ci_low=0.1, ci_high=0.9), "name"),
        charts.pie(df, "name", "value"),
        style.for_export(
            charts.line(df, "year", "value", color="name"), title="<b>x</b>", footer=["范围：<a>"]
        ),
    ]
    for fig in figs:
        spec = json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)
        assert "<a" not in spec and "<i>" not in spec and "<b>粗" not in spec, spec[:300]
    assert "&lt;b&gt;粗&lt;/b&gt;局" in json.dumps(figs[0].to_plotly_json(), ensure_ascii=False, default=str)


def test_xlsx_keeps_report_text_as_text(tmp_path):
    """A cell starting with "=" is not a formula, a URL is not a link (CSV/Excel injection)."""
    import io

    import pandas as pd
    import pyarrow as pa
    from openpyxl import load_workbook

    df = pd.DataFrame({"文本": ['=HYPERLINK("http://evil.example","点我")', "http://evil.example", "+1"]})
    for raw in (
        export.to_xlsx(df),
        export.xlsx_file(pa.Table.from_pandas(df).to_batches(), pa.Table.from_pandas(df).schema).read(),
    ):
        ws = load_workbook(io.BytesIO(raw))["数据"]
        cells = [ws.cell(row=r, column=1) for r in (2, 3, 4)]
        assert [c.value for c in cells] == df["文本"].tolist()
        assert all(c.data_type == "s" and c.hyperlink is None for c in cells)


# ---- the pages --------------------------------------------------------------------------------------

NAME = "注入局<img src=x onerror=alert(1)>**粗**[链](http://evil.example):red[红]"
STATEMENT = "问题<script>alert(1)</script>\n\n# 标题\n[点我](javascript:alert(1)) **粗体** <b>b</b>"
EXCERPT = ("前文<img src=x onerror=alert(1)>\n\n**粗体** [链](http://evil.example)\n\n# 标题\n") * 40
PATH = "镜像站/a`b<img src=x onerror=alert(1)>.html"


def poison(src, path) -> str:
    """Copy database `src` to `path` with its busiest agency's report text all markup; its agency_id."""
    from etl.store.writer import refresh_derived

    shutil.copy(src, path)
    shutil.copytree(texts.folder(src), texts.folder(path))
    con = duckdb.connect(str(path))
    try:
        agency_id = con.execute(
            "select agency_id from reports where year >= 2019 group by 1 order by count(*) desc, 1 limit 1"
        ).fetchone()[0]
        ids = "(select report_id from reports where agency_id = $a)"
        p = {"a": agency_id}
        con.execute(
            "update reports set agency = $n, path = $p, warnings = [$n] where agency_id = $a",
            {**p, "n": NAME, "p": PATH},
        )
        con.execute("update agencies set name = $n, names = [$n] where agency_id = $a", {**p, "n": NAME})
        con.execute("update agency_names set name = $n where agency_id = $a", {**p, "n": NAME})
        con.execute(f"update problems set text = $s where report_id in {ids}", {**p, "s": STATEMENT})
        con.execute(
            f"update checks set detail = $s, status = 'fail' where report_id in {ids}", {**p, "s": STATEMENT}
        )
        rids = [r[0] for r in con.execute(ids.strip("()"), p).fetchall()]
        con.register("poisoned", pa.table({"report_id": rids, "text": [EXCERPT] * len(rids)}))
        texts.add(con, texts.folder(path), "select report_id, text from poisoned")
        con.execute(
            "insert into ingest_errors values ($p, null, 'parse', $s, now())", {"p": PATH, "s": STATEMENT}
        )
        refresh_derived(con)
        con.execute("checkpoint")
    finally:
        con.close()
    return agency_id


@pytest.fixture(scope="module")
def poisoned(synth_db, tmp_path_factory):
    """A copy of the test database whose busiest agency's report text is all markup."""
    path = tmp_path_factory.mktemp("poisoned") / "poisoned.duckdb"
    return path, poison(synth_db, path)


TEXT_ELEMENTS = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success")


def _shown(at) -> list[tuple[str, str, bool]]:
    """(kind, Markdown source, HTML allowed) of every element whose text Streamlit renders as Markdown."""
    out = []
    for kind in TEXT_ELEMENTS:
        for el in getattr(at, kind):
            out.append((kind, el.value, bool(getattr(el.proto, "allow_html", False))))
    for el in at.expander:
        out.append(("expander", el.label, False))
    for el in at.tabs:
        out.append(("tab", el.label, False))
    for el in at.get("page_link"):
        out.append(("page_link", el.proto.label, False))
    for el in at.metric:
        out.append(("metric", el.label, False))
    return out


def _outside_code(text: str) -> str:
    """`text` without its code spans (shown literally: `code()` fences a path so it cannot end early)."""
    return re.sub(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", "", text)


def _assert_all_text(at, must_show: tuple[str, ...] = ()) -> None:
    shown = _shown(at)
    for kind, raw_text, allow_html in shown:
        text = _outside_code(raw_text)
        if allow_html:  # only the dashboard's own tags
            tags = set(re.findall(r"<\s*/?\s*([a-zA-Z]+)", text))
            assert tags <= {"div", "mark", "small"}, (kind, text[:300])
            assert "\n\n" not in text.split("<div", 1)[-1], (kind, "a blank line inside the HTML block")
        else:
            assert not re.search(r"<\s*(img|script|a|b)\b", text, re.I), (kind, text[:300])
        for raw in ("](", "**粗**", "**粗体**", ":red[红]", "\n# 标题", "\n\n# "):
            assert raw not in text, (kind, raw, text[:300])
    everything = "\n".join(t for _, t, _ in shown)
    for piece in must_show:
        assert piece in everything, piece
    for chart in at.get("plotly_chart"):
        spec = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
        assert "<img" not in spec and "<script" not in spec, spec[:300]


def _run(path, monkeypatch, page: str | None = None, **qp: str):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(qp)
    at.run()
    if page:
        at.switch_page(f"views/{page}.py")
        at.query_params.update(qp)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_profile_shows_markup_as_text(poisoned, monkeypatch):
    path, agency_id = poisoned
    at = _run(path, monkeypatch, "profile", agency_id=agency_id)
    _assert_all_text(at, must_show=(esc(NAME), esc(STATEMENT)))
    # the source excerpt: one HTML block, the report's text escaped inside
    blocks = [m.value for m in at.markdown if "xxgk-source" in m.value]
    assert blocks and "\n" not in blocks[0]
    assert "前文<img src=x onerror=alert(1)>\n\n**粗体** [链](http://evil.example)" in html.unescape(
        blocks[0]
    )
    assert any(code(PATH) in m.value for m in at.markdown)


@pytest.mark.parametrize("page", ["problems", "download"])
def test_name_filter_from_the_url_is_shown_as_text(poisoned, monkeypatch, page):
    """The name filter comes from the URL (a link anyone can send) and is shown in the scope caption."""
    path, _ = poisoned
    at = _run(path, monkeypatch, page, q="<img src=x onerror=alert(1)>[链](http://evil.example)")
    _assert_all_text(at)
    assert any("机构名含" in c.value and "&lt;img" in c.value for c in at.caption)


@pytest.mark.parametrize("page", ["quality", "problems", "overview", "ranking", "compare", "download"])
def test_other_pages_show_markup_as_text(poisoned, monkeypatch, page):
    path, _ = poisoned
    at = _run(path, monkeypatch, page, q="注入局")
    _assert_all_text(at)
