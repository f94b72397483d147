"""xxgk/rawgen.py (bench/rawgen.py re-exports it): generated raw reports parse back to the values they were generated with, in every
rendering, and the generator is deterministic."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from etl.parse import parse_bytes
from xxgk import rawgen

N = 40


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("raw")
    return out, rawgen.write(out, N, seed=7, renderings=rawgen.RENDERINGS)


def test_every_rendering_and_format(generated) -> None:
    out, truths = generated
    assert len(truths) == N
    assert {t["rendering"] for t in truths} == set(rawgen.RENDERINGS)
    assert {t["format"] for t in truths} == {"pre2019", "2019", "2021"}
    lines = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["file"] for x in lines] == [t["file"] for t in truths]
    assert all((out / t["file"]).is_file() for t in truths)


def test_tables_satisfy_identities(generated) -> None:
    from etl.checks import run_checks

    for t in generated[1]:
        if t["format"] != "pre2019":
            checks = run_checks(t["values"], t["format"])
            assert checks and all(c.status == "ok" for c in checks), t["file"]


def test_parse_matches_truth(generated, record_property) -> None:
    out, truths = generated
    ok, total = Counter(), Counter()
    wrong: list[str] = []
    for t in truths:
        reports = parse_bytes((out / t["file"]).read_bytes(), t["file"])
        assert len(reports) == 1 and reports[0].error is None, t["file"]
        for key, good in rawgen.compare(t, reports[0]).items():
            group = key if key in rawgen.IDENTITY_FIELDS else "cells"
            total[group] += 1
            ok[group] += good
            if not good:
                wrong.append(f"{t['file']} {key}")
    shares = {k: ok[k] / total[k] for k in total}
    overall = sum(ok.values()) / sum(total.values())
    record_property("parse_accuracy", round(overall, 4))
    for k, share in shares.items():
        record_property(f"accuracy.{k}", round(share, 4))
    print(f"parse accuracy {overall:.4f}", {k: round(v, 3) for k, v in shares.items()}, wrong[:20])
    assert all(share >= 0.95 for share in shares.values()), (shares, wrong[:20])


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_deterministic(tmp_path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    rawgen.write(a, 8, seed=3, renderings=rawgen.RENDERINGS)
    rawgen.write(b, 8, seed=3, renderings=rawgen.RENDERINGS)
    assert _digest(a) == _digest(b)
    c = tmp_path / "c"
    rawgen.write(c, 8, seed=4, renderings=rawgen.RENDERINGS)
    assert _digest(a) != _digest(c)


def test_skip_continues_the_stream() -> None:
    whole = rawgen.items(12, seed=5)
    tail = rawgen.items(4, seed=5, skip=8)
    assert [(i.name, i.year, i.values) for i in whole[8:]] == [(i.name, i.year, i.values) for i in tail]


def test_panel_has_renames_and_aggregates() -> None:
    its = rawgen.items(600, seed=0)
    names = {(i.agency, i.name) for i in its}
    renamed = Counter(a for a, _ in names)
    assert any(n > 1 for n in renamed.values())
    assert any(i.agency.kind == "aggregate" for i in its)
    assert {i.agency.place.level for i in its} == {"province", "city", "county", "township"}
    assert any(i.name.endswith("应急管理局") for i in its)


def test_the_panel_ends_when_every_agency_is_drawn():
    """A stream asked for more than the panel holds ends (it used to spin forever drawing agencies
    already drawn): every agency of the province once, the extra departments last, then no more."""
    import signal

    from xxgk.rawgen import EXTRA_DEPARTMENTS, _agencies, province_codes

    def spun(_signum, _frame):
        raise AssertionError("the agency stream did not end within 60 s (spinning on drawn agencies?)")

    previous = signal.signal(signal.SIGALRM, spun)
    signal.alarm(60)  # a spin would otherwise hang the suite instead of failing this test
    try:
        agencies = [a for _, a in _agencies(0, province_codes(["宁夏回族自治区"]))]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    keys = [(a.place.code + (a.place.township_code or ""), a.sector, a.kind, a.dept) for a in agencies]
    assert len(keys) == len(set(keys)) > 100
    assert {a.place.code[:2] for a in agencies} == {"64"}
    extra = [i for i, a in enumerate(agencies) if a.dept]
    assert extra == list(range(len(agencies) - len(extra), len(agencies)))  # a stable core comes first
    assert {a.dept for a in agencies if a.dept} == set(EXTRA_DEPARTMENTS)


def test_extra_departments_are_named_as_their_sector_reads():
    """The parser classifies every extra department into the sector its truth says."""
    from etl.parse import classify_sector
    from xxgk.rawgen import EXTRA_DEPARTMENTS, Agency, gazetteer

    city = gazetteer()["city"][0]
    for dept, (sector, _) in EXTRA_DEPARTMENTS.items():
        name = Agency(city, sector, "department", dept).name(2015)
        assert classify_sector(name) == sector, name


def test_core_departments_are_named_as_their_truth_says():
    """Every core department, in each of its names, reads as the sector its truth record gives."""
    from etl.parse import classify_sector
    from xxgk.rawgen import _SECTOR_READ, DEPARTMENTS, Agency, gazetteer

    city = gazetteer()["city"][0]
    for sector, forms in DEPARTMENTS.items():
        for year, _, _ in forms:
            name = Agency(city, sector, "department").name(year)
            assert classify_sector(name) == _SECTOR_READ.get(sector, sector), name
