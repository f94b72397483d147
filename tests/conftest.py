"""Shared fixtures: where the founding documents and the real-report corpus live, what to do without
them, and generated inputs for the tests that need no real document.

The seed documents, the real-report corpus and the founding spec live beside the repository in
../shared (never copied in; XXGK_SHARED, XXGK_SEEDS and XXGK_CORPUS override where, etl/paths.py). A
test that reads them is marked `requires_seeds` / `requires_corpus` / `requires_putian` /
`requires_gold` / `requires_spec` (or calls `skip_absent`): without them it is skipped with a reason
naming the missing folder, and the run ends with the count of such skips. Tests of behaviour that
needs no real document (build semantics, the database, the parser's contract) use the generated
reports of tests/generated.py and run the same either way.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

import etl
from etl import paths

REPO = Path(__file__).resolve().parents[1]
SHARED = paths.SHARED_DIR
SEEDS = paths.SEEDS_DIR
SHARED_CORPUS = paths.CORPUS_DIR
SPEC = paths.SPEC_DIR
CORPUS_FILES = SHARED_CORPUS / "files"
PUTIAN = SHARED_CORPUS / "putian"
GOLD = SHARED_CORPUS / "gold.json"

# Every skip for an absent shared folder says "<ABSENT> <what> not present (<path>; set <VAR>)", so
# the terminal summary can count them.
ABSENT = "shared documents absent:"
_WHAT = {
    "seeds": ("../shared/seeds", SEEDS, "XXGK_SEEDS"),
    "corpus": ("../shared/corpus", CORPUS_FILES, "XXGK_CORPUS"),
    "putian": ("../shared/corpus/putian", PUTIAN / "INDEX.csv", "XXGK_CORPUS"),
    "gold": ("../shared/corpus/gold.json", GOLD, "XXGK_CORPUS"),
    "spec": ("../shared/spec", SPEC, "XXGK_SHARED"),
}


def present(what: str) -> bool:
    path = _WHAT[what][1]
    if what == "seeds":
        return path.is_dir() and any(path.glob("*.txt"))
    return path.exists()


def absent_reason(what: str) -> str:
    label, path, var = _WHAT[what]
    return f"{ABSENT} {label} not present ({path}; set {var})"


def skip_absent(*what: str) -> None:
    """Skip the calling test (or fixture) when any of the named shared folders is missing."""
    for w in what:
        if not present(w):
            pytest.skip(absent_reason(w))


def _requires(what: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not present(what), reason=absent_reason(what))


requires_seeds = _requires("seeds")
requires_corpus = _requires("corpus")
requires_putian = _requires("putian")
requires_gold = _requires("gold")
requires_spec = _requires("spec")


def corpus_index_rows() -> list:
    """Rows of the corpus INDEX.csv naming an agency, as parameters; one skipped parameter without it."""
    index = SHARED_CORPUS / "INDEX.csv"
    if not index.exists():
        return [pytest.param(None, id="no-corpus", marks=pytest.mark.skip(reason=absent_reason("corpus")))]
    with open(index, encoding="utf-8") as f:
        return [pytest.param(r, id=r["file"]) for r in csv.DictReader(f) if r["agency"]]


def default_inputs(folder: Path) -> Path:
    """The default data `make run` builds, gathered in `folder`: the seed documents and, where it
    exists, the real-report corpus (both read from ../shared, never copied into the repository).
    Skips the calling test when the seeds are absent (tests.generated has inputs that need none)."""
    skip_absent("seeds")
    shutil.copytree(SEEDS, folder / "seeds")
    if CORPUS_FILES.is_dir():
        shutil.copytree(CORPUS_FILES, folder / "corpus" / "files")
    return folder


@pytest.fixture
def inbox(tmp_path) -> Path:
    """The build tests' input folder: five generated reports (tests.generated.INBOX) of two agencies,
    pre-2019 prose and both table formats, with known values."""
    from tests.generated import write_inbox

    return write_inbox(tmp_path / "in")


@pytest.fixture(scope="session")
def generated_inputs(tmp_path_factory) -> Path:
    """A folder of generated reports in every rendering (txt, HTML, JS, DOCX, PDF) and format, a
    report of unknown year and a news article; `truth.jsonl` (ignored by the build) says what each
    report states. Read-only: copy it to change it."""
    from tests.generated import write_sample_inputs

    folder = tmp_path_factory.mktemp("generated") / "in"
    write_sample_inputs(folder)
    return folder


@pytest.fixture(scope="session")
def generated_db(generated_inputs, tmp_path_factory) -> Path:
    """A database built from `generated_inputs` (no ../shared needed): real division names, reports of
    every format and rendering, cross-year checks, an unknown-year report. Open it read-only."""
    from etl.build import build

    db = tmp_path_factory.mktemp("generated_db") / "xxgk.duckdb"
    result = build(generated_inputs, db, db.parent / "parquet")
    assert result.failed == 0, result.errors
    return db


def putian_rows() -> list[dict[str, str]]:
    """INDEX.csv of the Putian corpus (221 real reports); the calling test skips when it is absent."""
    skip_absent("putian")
    with open(PUTIAN / "INDEX.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory):
    """The user's cache folder (the maps' stored geometry, dashboard/maps.py) in a temporary folder:
    tests and the app processes they start never write into the home folder."""
    import os

    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


def pytest_report_header(config):
    where = {w: ("present" if present(w) else "absent") for w in _WHAT}
    return [
        f"xxgk: etl imported from {Path(etl.__file__).parent}",
        f"xxgk: shared documents at {SHARED}: " + ", ".join(f"{w} {s}" for w, s in where.items()),
    ]


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def pytest_terminal_summary(terminalreporter):
    """The measured figures tests record with `record_property` (scores, costs), and how many tests
    skipped because shared documents are absent."""
    figures = [
        (report.nodeid, name, value)
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", [])
    ]
    if figures:
        terminalreporter.section("xxgk measurements")
        for nodeid, name, value in figures:
            terminalreporter.write_line(f"{name} = {value}    ({nodeid.split('::')[-1]})")
    absent = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        reason = _skip_reason(report)
        if ABSENT in reason:
            absent[reason.split(ABSENT, 1)[1].strip()] += 1
    terminalreporter.section("xxgk shared documents")
    if not absent:
        terminalreporter.write_line(
            f"0 tests skipped for absent shared documents ({SHARED}: "
            + ", ".join(w for w in _WHAT if present(w))
            + " present)"
        )
        return
    for reason, n in sorted(absent.items()):
        terminalreporter.write_line(f"{n} tests skipped: {reason}")
    terminalreporter.write_line(
        f"{sum(absent.values())} tests skipped in all because shared documents are absent (looked in {SHARED})"
    )
