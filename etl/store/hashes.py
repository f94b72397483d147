"""Content hashes of the input files, remembered between builds.

A build identifies every file by its sha256. Reading a national folder (a million files, tens of GB)
to hash it again on every build would cost more than parsing the few new files, so the hashes are
kept in a small Parquet file beside the database (`<db>.hashes.parquet`): a file whose size and
modification time (ns) are unchanged keeps its hash; any other is read and hashed again. The cache is
only an accelerator: deleting it costs one full re-hash, never a wrong result for a file whose size or
mtime changed (a same-size edit within the filesystem's mtime resolution is the one blind spot, as
for `make` and `rsync`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

_SCHEMA = pa.schema(
    [("path", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64()), ("sha256", pa.string())]
)


def cache_path(db_path: Path) -> Path:
    return Path(db_path).with_name(f"{Path(db_path).name}.hashes.parquet")


def sha256_of_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load(cache: Path) -> dict[str, tuple[int, int, str]]:
    """path → (size, mtime_ns, sha256) of the last build; empty when absent or unreadable."""
    try:
        table = pq.read_table(cache, schema=_SCHEMA)
    except (OSError, pa.ArrowInvalid):
        return {}
    cols = table.to_pydict()
    return {
        p: (s, m, h)
        for p, s, m, h in zip(cols["path"], cols["size"], cols["mtime_ns"], cols["sha256"], strict=True)
    }


def save(cache: Path, entries: dict[str, tuple[int, int, str]]) -> None:
    """Write the cache atomically (a reader never sees half a file)."""
    paths = sorted(entries)
    table = pa.table(
        {
            "path": paths,
            "size": [entries[p][0] for p in paths],
            "mtime_ns": [entries[p][1] for p in paths],
            "sha256": [entries[p][2] for p in paths],
        },
        schema=_SCHEMA,
    )
    tmp = cache.with_name(f"{cache.name}.tmp-{os.getpid()}")
    pq.write_table(table, tmp)
    os.replace(tmp, cache)


def file_hash(
    path: Path, known: dict[str, tuple[int, int, str]], seen: dict[str, tuple[int, int, str]]
) -> str:
    """The file's sha256: from `known` when its size and mtime match, else read. Records the entry in
    `seen` (the next cache)."""
    st = path.stat()
    key = str(path)
    hit = known.get(key)
    unchanged = hit is not None and hit[:2] == (st.st_size, st.st_mtime_ns)
    sha = hit[2] if unchanged else sha256_of_file(path)
    seen[key] = (st.st_size, st.st_mtime_ns, sha)
    return sha
