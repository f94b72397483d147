"""Fuzzing: property-based tests of the pure parsers (hypothesis) and a mutated-corpus build.

The mutated-corpus build takes real reports (../shared/corpus, ../shared/seeds, when present) and
generated ones (every rendering: text, HTML, JavaScript, Word, Excel, CSV, PDF) and mutates them the
ways files arrive broken: truncated, bytes flipped, re-encoded (GB18030, Big5, UTF-16, double-encoded
UTF-8), a wrong charset declared, absurd numbers (−11111, 10^40, 3.14159 as a count), markup nested
thousands deep, shuffled lines, huge spans, two files spliced, and junk under a report's extension.
One build loads them all; the audit asserts 0 crashes (the build returns), 0 implausible facts, every
file accounted for (loaded, or one readable `ingest_errors` row) and every failure readable.

In CI a few dozen mutations run (`test_mutated_corpus_builds_cleanly`, well under a minute);
`make fuzz` runs the long version through `python -m tests.test_fuzz --mutations 10000`, printing
the counts per mutation and per outcome.
"""

from __future__ import annotations

import argparse
import collections
import io
import random
import re
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from etl.parse import parse_bytes
from etl.plausibility import is_plausible
from tests import tablegen as tg
from tests.conftest import CORPUS_FILES, PUTIAN, SEEDS

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "xxgk-hypothesis")  # not .hypothesis/ in the work tree

# ---------------------------------------------------------------------------------------------------
# Seeds

MAX_SEED_BYTES = 450_000  # the big PDFs and pages are mutated too, but a fuzz run stays quick
EXTENSIONS = (".txt", ".html", ".htm", ".js", ".md", ".csv", ".pdf", ".docx", ".xlsx")


def generated_seeds() -> list[tuple[str, bytes]]:
    """Reports in every rendering the readers take, made here (no shared documents needed)."""
    v21, v19 = tg.dataset("2021", 1, blanks=2), tg.dataset("2019", 2, big=True)
    out = [
        ("gen_2021.html", tg.render_html(v21, "2021")),
        ("gen_2019_gbk.html", tg.render_html(v19, "2019", charset="gbk", encoding="gbk")),
        ("gen_2021.txt", tg.render_text(v21, "2021")),
        ("gen_2019_runtogether.txt", tg.render_text(v19, "2019", layout="runtogether")),
        ("gen_2021_archive.txt", tg.render_text(v21, "2021", layout="archive")),
        ("gen_2021.js", tg.render_js(v21, "2021")),
        ("gen_2021.docx", tg.render_docx(v21, "2021")),
        ("gen_2019.xlsx", tg.render_xlsx(v19, "2019")),
        (
            "gen_statistics.csv",
            (
                "agency,province,city,year,format,s.requests_received,s.granted,t3.granted.total,"
                "t2.fees.amount_10k_yuan,problems\n"
                "莆田市统计局,福建省,莆田市,2021,2021,12,5,5,3.5,一是栏目更新不够及时。\n"
                "莆田市审计局,福建省,莆田市,2022,2021,8,2,2,0,无\n"
            ).encode(),
        ),
    ]
    out.append(("gen_2021.pdf", tg.render_pdf(v21, "2021")))
    return out


def shared_seeds() -> list[tuple[str, bytes]]:
    """Real reports from ../shared (absent: none). Every 15th Putian export, all corpus files."""
    paths: list[Path] = []
    for folder in (CORPUS_FILES, SEEDS):
        if folder.is_dir():
            paths += sorted(p for p in folder.iterdir() if p.is_file())
    putian = PUTIAN / "files"
    if putian.is_dir():
        paths += sorted(p for p in putian.iterdir() if p.is_file())[::15]
    return [(p.name, p.read_bytes()) for p in paths if p.stat().st_size <= MAX_SEED_BYTES]


def all_seeds() -> list[tuple[str, bytes]]:
    return generated_seeds() + shared_seeds()


# ---------------------------------------------------------------------------------------------------
# Mutations: (rnd, name, data, seeds) → (name, data)

_DIGITS = re.compile(rb"\d+(?:\.\d+)?")
# a number standing alone: a table cell's text, a value between separators (not `border='1'`)
_CELL_NUMBER = re.compile(rb"(?<=[>\s|])\d+(?:\.\d+)?(?=[<\s|])")
ABSURD = (
    b"-11111",
    b"1" + b"0" * 40,
    b"99999999999",
    b"3.14159",
    b"1e40",
    b"-0",
    b"4294967296",
    b"0.000001",
    b"9" * 400,
    "－５".encode(),
    "１２３４５６７８９０１２".encode(),
    "一亿二千万".encode(),
)


def _text_of(data: bytes) -> str | None:
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _zip_part(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except zipfile.BadZipFile:
        return None
    for name in ("word/document.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"):
        if name in names:
            return name
    return None


def _in_zip(data: bytes, change) -> bytes:
    """`change` applied to the main XML part of a .docx/.xlsx, the archive rebuilt around it."""
    part = _zip_part(data)
    if part is None:
        return change(data)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info, change(body) if info.filename == part else body)
    return out.getvalue()


def truncate(rnd, name, data, seeds):
    return name, data[: rnd.randrange(0, max(1, len(data)))]


def flip_bytes(rnd, name, data, seeds):
    buf = bytearray(data)
    for _ in range(rnd.choice((1, 3, 20, max(1, len(buf) // 200)))):
        if buf:
            buf[rnd.randrange(len(buf))] ^= rnd.randrange(1, 256)
    return name, bytes(buf)


def reencode(rnd, name, data, seeds):
    text = _text_of(data)
    if text is None or _zip_part(data) or data[:5] == b"%PDF-":
        return flip_bytes(rnd, name, data, seeds)
    how = rnd.choice(("gb18030", "big5", "utf-16", "utf-16-le", "double-utf-8", "utf-8-sig", "latin-1-ish"))
    if how == "big5":
        import opencc

        return name, opencc.OpenCC("s2t").convert(text).encode("cp950", errors="replace")
    if how == "double-utf-8":
        return name, text.encode("utf-8").decode("latin-1").encode("utf-8")
    if how == "latin-1-ish":
        return name, text.encode("utf-8", errors="replace")[: len(data)].replace(b"\xe5", b"\xe9")
    return name, text.encode(how, errors="replace")


def wrong_charset(rnd, name, data, seeds):
    declared = rnd.choice((b"iso-8859-1", b"big5", b"gb2312", b"utf-8", b"shift_jis", b"x-unknown"))
    meta = b'<meta http-equiv="Content-Type" content="text/html; charset=' + declared + b'">'
    data = re.sub(rb"<meta[^>]+charset[^>]*>", b"", data[:4096], flags=re.I) + data[4096:]
    return name.rsplit(".", 1)[
        0
    ] + ".html", b"<html><head>" + meta + b"</head><body>" + data + b"</body></html>"


def absurd_numbers(rnd, name, data, seeds):
    def change(body: bytes) -> bytes:
        hits = list(_CELL_NUMBER.finditer(body)) or list(_DIGITS.finditer(body))
        if not hits:
            return body + b" " + rnd.choice(ABSURD)
        picked = {id(m) for m in rnd.sample(hits, min(len(hits), rnd.choice((1, 5, 30))))}
        out, pos = [], 0
        for m in hits:
            if id(m) in picked:
                out += [body[pos : m.start()], rnd.choice(ABSURD)]
                pos = m.end()
        return b"".join([*out, body[pos:]])

    return name, _in_zip(data, change)


def deep_markup(rnd, name, data, seeds):
    depth = rnd.choice((300, 3000, 20000))
    tag = rnd.choice((b"div", b"table", b"span", b"td", b"p"))
    if _zip_part(data):
        return name, _in_zip(data, lambda b: b.replace(b"<w:body>", b"<w:body>" + b"<w:p>" * depth, 1))
    body = b"<" + tag + b">"
    return name.rsplit(".", 1)[0] + rnd.choice(
        (".html", ".txt")
    ), body * depth + data + b"</" + tag + b">" * (depth // 2)


def shuffle_lines(rnd, name, data, seeds):
    lines = data.split(b"\n")
    rnd.shuffle(lines)
    return name, b"\n".join(lines)


SPAN_BYTES = (200_000, 1_000_000)  # sizes of the huge spans (the CI run uses smaller ones)


def huge_span(rnd, name, data, seeds, sizes=SPAN_BYTES):
    lines = [x for x in data.split(b"\n") if x.strip()] or [data[:200]]
    line = rnd.choice(lines)[:2000] or b"0"
    repeat = max(1, rnd.choice(sizes) // (len(line) + 1))
    sep = rnd.choice((b"\n", b"", b" "))
    return name, data[: len(data) // 2] + sep.join([line] * repeat) + data[len(data) // 2 :]


def splice(rnd, name, data, seeds):
    other = rnd.choice(seeds)[1]
    return name, data[: rnd.randrange(len(data) + 1)] + other[rnd.randrange(len(other) + 1) :]


def junk(rnd, name, data, seeds):
    size = rnd.choice((1, 16, 1000, 50_000))
    noise = bytes(rnd.randrange(256) for _ in range(size))
    head = rnd.choice((b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf", b"\xd0\xcf\x11\xe0"))
    return f"junk_{rnd.randrange(10**6)}{rnd.choice(EXTENSIONS)}", head + noise


def zip_damage(rnd, name, data, seeds):
    if not _zip_part(data):
        return junk(rnd, name, data, seeds)
    return name, _in_zip(data, lambda b: b[: rnd.randrange(len(b) + 1)])


MUTATIONS = {
    f.__name__: f
    for f in (
        truncate,
        flip_bytes,
        reencode,
        wrong_charset,
        absurd_numbers,
        deep_markup,
        shuffle_lines,
        huge_span,
        splice,
        junk,
        zip_damage,
    )
}


def mutants(n: int, seed: int, seeds: list[tuple[str, bytes]], span_bytes: tuple[int, ...] = SPAN_BYTES):
    """`n` mutated files: (file name, bytes, mutation), every mutation in turn, then at random.
    Absurd numbers go into text and markup (half the time a generated report with all its tables),
    not into a PDF's compressed streams. Deterministic for a seed."""
    rnd = random.Random(seed)
    kinds = list(MUTATIONS)
    texty = [s for s in seeds if not s[1].startswith(b"%PDF")]
    tabled = [s for s in seeds if s[0].startswith("gen_") and not s[1].startswith(b"%PDF")]
    for i in range(n):
        kind = kinds[i % len(kinds)] if i < 3 * len(kinds) else rnd.choice(kinds)
        pool = seeds
        if kind == "absurd_numbers":
            pool = tabled if tabled and rnd.random() < 0.5 else texty
        name, data = rnd.choice(pool)
        if kind == "huge_span":
            new_name, new_data = huge_span(rnd, name, data, seeds, span_bytes)
        else:
            new_name, new_data = MUTATIONS[kind](rnd, name, data, seeds)
        yield f"m{i:05d}_{kind}_{new_name}", new_data, kind


# ---------------------------------------------------------------------------------------------------
# The audit of a build over mutants


@dataclass
class Audit:
    files: int = 0
    loaded: int = 0
    errors: int = 0
    timeouts: int = 0
    crashed_workers: int = 0
    parser_exceptions: int = 0  # "解析失败：…": an exception inside the parser, caught per file
    timed_out: list = field(default_factory=list)  # files over the time limit (recorded as errors)
    implausible_facts: list = field(default_factory=list)
    unreadable_errors: list = field(default_factory=list)
    unaccounted: list = field(default_factory=list)
    p1_rejections: int = 0
    build_crashes: list = field(default_factory=list)
    by_kind: collections.Counter = field(default_factory=collections.Counter)
    messages: collections.Counter = field(default_factory=collections.Counter)
    seconds: float = 0.0

    def add(self, other: Audit) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int | float):
                setattr(self, name, getattr(self, name) + value)
            elif isinstance(value, list):
                getattr(self, name).extend(value)
            else:
                getattr(self, name).update(value)

    @property
    def clean(self) -> bool:
        return not (
            self.implausible_facts or self.unreadable_errors or self.unaccounted or self.build_crashes
        )

    def summary(self) -> str:
        return (
            f"{self.files} files: {self.loaded} loaded, {self.errors} ingest errors "
            f"({self.timeouts} over the time limit, {self.crashed_workers} crashed a worker, "
            f"{self.parser_exceptions} parser exceptions caught); "
            f"{self.p1_rejections} implausible values rejected (P1); "
            f"{len(self.build_crashes)} build crashes, {len(self.implausible_facts)} implausible facts, "
            f"{len(self.unreadable_errors)} unreadable errors, {len(self.unaccounted)} files unaccounted; "
            f"{self.seconds:.0f} s"
        )


def readable(message: str | None) -> bool:
    """An error a user can act on: one short line or two, no traceback, not a repr of bytes."""
    if not message or not message.strip():
        return False
    if "Traceback" in message or '  File "' in message or len(message) > 600:
        return False
    return not re.search(r"\\x[0-9a-f]{2}.*\\x[0-9a-f]{2}.*\\x[0-9a-f]{2}", message)


def _message_class(message: str) -> str:
    head = re.split(r"[：:（(]", message.split(": ", 1)[-1], maxsplit=1)[0]
    return head[:40]


def fuzz_build(folder: Path, db: Path, files: list[tuple[str, bytes, str]], **build_args) -> Audit:
    """Write `files` into `folder`, build `db` from it and audit the result."""
    import hashlib

    from etl.build import build

    folder.mkdir(parents=True, exist_ok=True)
    kind_of, sha_of = {}, {}
    for name, data, kind in files:
        (folder / name).write_bytes(data)
        kind_of[name] = kind
        sha_of[name] = hashlib.sha256(data).hexdigest()
    audit = Audit(files=len(files))
    audit.by_kind.update(kind for _, _, kind in files)
    start = time.perf_counter()
    try:
        build(folder, db, None, **build_args)
    except Exception as exc:  # the build itself must never fail on bad input
        audit.build_crashes.append(f"{type(exc).__name__}: {exc}")
        audit.seconds = time.perf_counter() - start
        return audit
    audit.seconds = time.perf_counter() - start
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = set(kind_of)
        errors = [
            e
            for e in con.execute("select path, stage, message from ingest_errors").fetchall()
            if e[0] in names
        ]
        sources = {sha for (sha,) in con.execute("select sha256 from sources").fetchall()}
        facts = con.execute(
            "select r.path, f.key, f.value from facts f join reports r using (report_id) where not f.is_blank"
        ).fetchall()
        audit.p1_rejections = con.execute(
            "select count(*) from checks c join reports r using (report_id) where c.rule = 'P1' "
            "and r.path in (select unnest($names))",
            {"names": sorted(names)},
        ).fetchone()[0]
    finally:
        con.close()
    audit.errors = len(errors)
    audit.loaded = len({sha_of[n] for n in names}) - len({sha_of[e[0]] for e in errors})
    for path, _stage, message in errors:
        audit.messages[_message_class(message or "")] += 1
        if (message or "").startswith("解析超时"):
            audit.timeouts += 1
            audit.timed_out.append(f"{path} ({len((folder / path).read_bytes())} bytes)")
        audit.crashed_workers += (message or "").startswith("解析进程异常退出")
        audit.parser_exceptions += (message or "").startswith("解析失败")
        if not readable(message):
            audit.unreadable_errors.append((path, message))
    audit.implausible_facts = [(p, k, v) for p, k, v in facts if p in names and not is_plausible(k, v)]
    audit.unaccounted = sorted(n for n in names if sha_of[n] not in sources)
    return audit


# ---------------------------------------------------------------------------------------------------
# CI: a few dozen mutations, one build

CI_MUTATIONS = 33  # every mutation three times over
CI_SPAN_BYTES = (50_000, 200_000)


@pytest.mark.slow
def test_mutated_corpus_builds_cleanly(tmp_path, record_property):
    seeds = all_seeds()
    files = list(mutants(CI_MUTATIONS, seed=2026, seeds=seeds, span_bytes=CI_SPAN_BYTES))
    audit = fuzz_build(tmp_path / "in", tmp_path / "fuzz.duckdb", files, jobs=2, time_limit=30)
    record_property("fuzz_ci", audit.summary())
    assert not audit.build_crashes, audit.build_crashes
    assert audit.implausible_facts == []
    assert audit.unreadable_errors == []
    assert audit.unaccounted == []
    assert audit.p1_rejections > 0  # the absurd numbers were seen, and rejected
    assert audit.seconds < 120


# ---------------------------------------------------------------------------------------------------
# Properties of the pure parsers (hypothesis)

_FRAGMENTS = [
    "政府信息公开工作年度报告",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "本年新收政府信息公开申请数量",
    "全年收到政府信息公开申请",
    "予以公开",
    "部分公开",
    "行政复议",
    "行政诉讼",
    "件",
    "万元",
    "元",
    "收取信息处理费",
    "（七）总计",
    "结转下年度继续办理",
    "莆田市统计局2021年",
    "自然人",
    "|",
    "\n",
    " ",
    "，",
    "。",
    "<table><tr><td>",
    "</td><td>",
    "</td></tr></table>",
    "<p>",
    "-",
    "约",
    "余",
]
_numbers = st.one_of(
    st.integers(min_value=-(10**45), max_value=10**45).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(lambda x: f"{x:f}"),
    st.sampled_from(["1e40", "-11111", "9" * 60, "３２", "一百二十三", "0.5"]),
)
report_text = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), _numbers), min_size=1, max_size=120).map(
    "".join
)
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _assert_sound(reports) -> None:
    assert reports, "parse_bytes returns at least one report"
    for r in reports:
        for key, value in r.values.items():
            assert is_plausible(key, value), (key, value)
        for c in r.checks:
            assert c.status in ("ok", "fail", "incomplete")
            if c.rule == "P1":
                assert c.status == "fail" and c.scope in c.detail


@PROPERTY
@given(text=report_text, ext=st.sampled_from([".txt", ".html", ".md", ".js", ".csv"]))
def test_parse_bytes_never_raises_and_loads_only_plausible_values(text, ext):
    for encoding in ("utf-8", "gb18030"):
        _assert_sound(parse_bytes(text.encode(encoding), f"r{ext}"))


@PROPERTY
@given(data=st.binary(max_size=3000), ext=st.sampled_from(EXTENSIONS))
def test_parse_bytes_survives_arbitrary_bytes(data, ext):
    reports = parse_bytes(data, f"x{ext}")
    _assert_sound(reports)
    for r in reports:
        assert r.error is None or readable(r.error)


@PROPERTY
@given(
    cells=st.dictionaries(
        st.sampled_from(sorted(tg.dataset("2021", 0))),
        st.one_of(st.integers(-(10**12), 10**12), st.floats(allow_nan=True), st.just(10**40)),
        max_size=12,
    )
)
def test_table_cells_of_any_value_load_only_when_plausible(cells):
    values = {**tg.dataset("2021", 0), **cells}
    reports = parse_bytes(tg.render_html(values, "2021"), "t.html")
    _assert_sound(reports)


# ---------------------------------------------------------------------------------------------------
# `make fuzz`: the long run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.test_fuzz", description=__doc__.split("\n\n")[0])
    ap.add_argument("--mutations", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=500, help="mutated files per build")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--time-limit", type=float, default=30.0, help="seconds per file")
    ap.add_argument("--keep", type=Path, default=None, help="keep the work folder here (default: a temp dir)")
    args = ap.parse_args(argv)
    seeds = all_seeds()
    print(f"fuzz: {args.mutations} mutations of {len(seeds)} seed files, batches of {args.batch}", flush=True)
    total = Audit()
    with tempfile.TemporaryDirectory(prefix="xxgk-fuzz-") as tmp:
        work = args.keep or Path(tmp)
        stream = mutants(args.mutations, args.seed, seeds)
        for b in range(0, args.mutations, args.batch):
            batch = [next(stream) for _ in range(min(args.batch, args.mutations - b))]
            folder = work / f"batch{b // args.batch:04d}"
            audit = fuzz_build(
                folder,
                work / f"fuzz{b // args.batch:04d}.duckdb",
                batch,
                jobs=args.jobs,
                time_limit=args.time_limit,
            )
            total.add(audit)
            print(f"  batch {b // args.batch + 1}: {audit.summary()}", flush=True)
            if args.keep is None:
                for p in folder.iterdir():
                    p.unlink()
    print("fuzz total:", total.summary())
    print("  mutations:", ", ".join(f"{k} {n}" for k, n in sorted(total.by_kind.items())))
    print("  errors:", "; ".join(f"{k} ×{n}" for k, n in total.messages.most_common(12)))
    for label, items in (
        ("over the time limit", total.timed_out),
        ("build crashes", total.build_crashes),
        ("implausible facts", total.implausible_facts),
        ("unreadable errors", total.unreadable_errors),
        ("unaccounted files", total.unaccounted),
    ):
        for item in items[:10]:
            print(f"  ! {label}: {item}")
    return 0 if total.clean else 1


if __name__ == "__main__":
    sys.exit(main())
