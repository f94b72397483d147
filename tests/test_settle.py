"""Cross-year settlement at build time: pingtan 2019's run-together Table 2 rows are settled once its
2020 report is loaded (X6), exactly as the gold reads them; the build stays idempotent."""

from __future__ import annotations

import json
import shutil

import duckdb

from etl.build import build
from tests.conftest import CORPUS_FILES, requires_gold
from tests.conftest import GOLD as GOLD_PATH
from tests.test_gold import KNOWN_UNSET

pytestmark = requires_gold


def _t2(db, year: int) -> dict[str, float]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select f.key, f.value from facts f join reports r using (report_id) "
            "where r.year = ? and f.key like 't2_2019.%' and f.origin = 'table'",
            [year],
        ).fetchall()
        return dict(rows)
    finally:
        con.close()


def _checks(db) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select r.year, c.scope, c.status, c.detail from checks c join reports r using (report_id) "
            "where c.rule = 'X6' order by 1, 2"
        ).fetchall()
    finally:
        con.close()


def test_adjacent_year_settles_run_together_rows(tmp_path):
    gold = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    inbox = tmp_path / "in"
    inbox.mkdir()
    db = tmp_path / "x.duckdb"
    shutil.copy(CORPUS_FILES / "pingtan_2019.txt", inbox)
    build(inbox, db)
    alone = _t2(db, 2019)
    assert "t2_2019.licensing.prev_items" not in alone  # ambiguous on its own

    shutil.copy(CORPUS_FILES / "pingtan_2020.txt", inbox)
    build(inbox, db)  # incremental: only 2020 is parsed
    for year in (2019, 2020):  # every gold cell as the gold reads it, except those no rule pins
        name = f"pingtan_{year}.txt"
        got = _t2(db, year)
        want = {k: v for k, v in gold[name]["values"].items() if k.startswith("t2_2019.")}
        assert {k: got[k] for k in want if k in got} == {k: v for k, v in want.items() if k in got}
        assert set(want) - set(got) == {k for k in KNOWN_UNSET[name] if k.startswith("t2_2019.")}
    assert _t2(db, 2019)["t2_2019.punishment.decisions"] == 430
    checks = _checks(db)
    assert (2019, "licensing") in {(y, s) for y, s, _, _ in checks}
    assert all("不是独立校验" in d for *_, d in checks)

    before = (_t2(db, 2019), _t2(db, 2020), checks)
    build(inbox, db)  # nothing changed: the same facts and checks
    assert (_t2(db, 2019), _t2(db, 2020), _checks(db)) == before
