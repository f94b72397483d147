"""Parsing as a pure map: a chunk of files → one Parquet shard per table, content-addressed.

A shard folder `<shards>/<parser_version>/<chunk_id>/` holds `<table>.parquet` for every loaded table
(`sources`, `reports`, `report_texts`, `report_features`, `facts`, `problems`, `checks`,
`table_candidates`, `ingest_errors`) and `_manifest.json` (one entry per file: path, sha256, bytes,
reports, error). `chunk_id` is a hash of the parser version and the chunk's (sha256, path) pairs, so a
re-run of an interrupted build finds the shards already written and does not parse those files again.
The function `parse_chunk` needs no database: it runs in a local worker process or on a Dask worker
(which must see the input and shard folders at the same paths).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import traceback
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SHARD_TABLES = (
    "sources",
    "reports",
    "report_texts",
    "report_features",
    "facts",
    "problems",
    "checks",
    "table_candidates",
    "ingest_errors",
)
MANIFEST = "_manifest.json"
MAX_FILE_BYTES = 200 * 1024 * 1024


def chunk_id(version: str, files: list[tuple[str, str, str, int]]) -> str:
    """files: (abs path, rel path, sha256, bytes)."""
    h = hashlib.sha256(version.encode())
    for _abs, rel, sha, _size in sorted(files, key=lambda f: (f[2], f[1])):
        h.update(f"\n{sha}\t{rel}".encode())
    return h.hexdigest()[:24]


def arrow_type(duck_type: str) -> pa.DataType:
    """The Arrow type a shard column of this DuckDB type is written as."""
    return {
        "VARCHAR": pa.string(),
        "JSON": pa.string(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
        "TIMESTAMP": pa.timestamp("us"),
        "VARCHAR[]": pa.list_(pa.string()),
        "UINTEGER[]": pa.list_(pa.uint32()),
    }[duck_type]


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _parse_one(
    abs_path: str, rel: str, sha: str, size: int, version: str, rows: dict[str, list], parse=None
) -> dict:
    """Parse one file into `rows` (table → tuples); returns its manifest entry. Never raises."""
    from etl.store.rows import feature_row, report_rows

    if parse is None:
        from etl.parse import parse_bytes as parse

    entry = {"path": rel, "sha256": sha, "bytes": size, "reports": 0, "error": None, "stage": None}
    reports = None
    try:
        if size > MAX_FILE_BYTES:
            raise _TooLarge(f"文件过大（{size} 字节，上限 {MAX_FILE_BYTES}）")
        data = Path(abs_path).read_bytes()
        reports = parse(data, rel)
        error = reports[0].error if reports and all(r.error for r in reports) else None
        if error is None:
            table_rows = [report_rows(r, None if r.error else feature_row(r)) for r in reports]
    except _TooLarge as exc:
        error = str(exc)
    except Exception as exc:  # one bad file must not stop the batch
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        error = f"解析失败：{detail}"
        reports = None
    if error:
        entry.update(error=error, stage="read" if reports else "parse")
        rows["ingest_errors"].append((rel, sha, entry["stage"], error, _now()))
        rows["sources"].append((sha, rel, size, None, None, version, 0, _now()))
        return entry
    entry["reports"] = len(reports)
    rows["sources"].append(
        (sha, rel, size, reports[0].encoding, reports[0].source_kind, version, len(reports), _now())
    )
    for tr in table_rows:
        for table, trs in tr.items():
            rows[table].extend(trs)
    return entry


class _TooLarge(Exception):
    pass


def parse_chunk(
    files: list[tuple[str, str, str, int]],
    shard_root: str,
    version: str,
    schemas: dict[str, pa.Schema],
    parse=None,
) -> dict:
    """Parse a chunk of files (abs path, rel path, sha256, bytes) into a shard folder; returns the
    manifest `{"id", "dir", "files": [...], "reused": bool}`. Pure apart from the files it writes;
    an existing complete shard (same content, same parser version) is returned as is. `parse`:
    the parse function (default `etl.parse.parse_bytes`)."""
    cid = chunk_id(version, files)
    final = Path(shard_root) / version / cid
    if (final / MANIFEST).is_file():
        manifest = json.loads((final / MANIFEST).read_text(encoding="utf-8"))
        return {**manifest, "dir": str(final), "reused": True}
    rows: dict[str, list] = {t: [] for t in SHARD_TABLES}
    entries = [_parse_one(a, rel, sha, size, version, rows, parse) for a, rel, sha, size in files]
    tmp = final.with_name(f"{cid}.tmp-{os.getpid()}-{id(rows)}")
    tmp.mkdir(parents=True, exist_ok=True)
    for table in SHARD_TABLES:
        pq.write_table(to_arrow(rows[table], schemas[table]), tmp / f"{table}.parquet")
    manifest = {"id": cid, "files": entries}
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    try:
        tmp.rename(final)
    except OSError:  # another worker wrote the same shard first
        shutil.rmtree(tmp, ignore_errors=True)
    return {**manifest, "dir": str(final), "reused": False}


def to_arrow(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    if not rows:
        return schema.empty_table()
    columns = list(zip(*rows, strict=True))
    return pa.table(
        [pa.array(values, type=f.type) for f, values in zip(schema, columns, strict=True)], schema=schema
    )


def table_schemas(con) -> dict[str, pa.Schema]:
    """Arrow schemas of the loaded tables, in the database's column order."""
    out = {}
    for table in SHARD_TABLES:
        cols = con.execute(
            "select column_name, data_type from duckdb_columns() where table_name = ? order by column_index",
            [table],
        ).fetchall()
        out[table] = pa.schema([(name, arrow_type(t)) for name, t in cols])
    return out


def clear_other_versions(shard_root: Path, version: str) -> None:
    """Shards of another parser version can never be loaded again: remove them."""
    if not shard_root.is_dir():
        return
    for child in shard_root.iterdir():
        if child.is_dir() and child.name != version:
            shutil.rmtree(child, ignore_errors=True)
