"""The input-file hash cache: unchanged files are not read again, changed ones always are."""

from __future__ import annotations

import hashlib
import os

from etl.store import hashes


def test_unchanged_files_keep_their_hash_and_changed_ones_are_rehashed(tmp_path, monkeypatch):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"report a")
    b.write_bytes(b"report b")
    cache = hashes.cache_path(tmp_path / "x.duckdb")
    assert cache.name == "x.duckdb.hashes.parquet"
    assert hashes.load(cache) == {}  # absent: an empty cache

    seen: dict = {}
    first = {p.name: hashes.file_hash(p, {}, seen) for p in (a, b)}
    assert first == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (a, b)}
    hashes.save(cache, seen)
    known = hashes.load(cache)
    assert known == seen

    reads = []
    real = hashes.sha256_of_file
    monkeypatch.setattr(hashes, "sha256_of_file", lambda p: reads.append(p) or real(p))
    b.write_bytes(b"report b, corrected")  # other size
    st = a.stat()
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size and mtime: not read
    again = {p.name: hashes.file_hash(p, known, {}) for p in (a, b)}
    assert reads == [b]
    assert again["a.txt"] == first["a.txt"]
    assert again["b.txt"] == hashlib.sha256(b"report b, corrected").hexdigest()


def test_same_size_edit_with_a_new_mtime_is_rehashed(tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(b"12345")
    seen: dict = {}
    hashes.file_hash(a, {}, seen)
    a.write_bytes(b"54321")
    st = a.stat()
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert hashes.file_hash(a, seen, {}) == hashlib.sha256(b"54321").hexdigest()


def test_an_unreadable_cache_is_ignored(tmp_path):
    cache = tmp_path / "x.duckdb.hashes.parquet"
    cache.write_bytes(b"not parquet")
    assert hashes.load(cache) == {}


def test_a_rebuild_reads_only_the_changed_files(inbox, tmp_path, monkeypatch):
    from etl.build import build

    db = tmp_path / "x.duckdb"
    build(inbox, db, isolate=False)
    assert hashes.cache_path(db).is_file()
    reads = []
    real = hashes.sha256_of_file
    monkeypatch.setattr(hashes, "sha256_of_file", lambda p: reads.append(p.name) or real(p))
    again = build(inbox, db, isolate=False)
    assert reads == [] and again.skipped == again.files == 5
    changed = sorted(inbox.iterdir())[0]
    changed.write_bytes(changed.read_bytes() + "\n补充说明。".encode())
    third = build(inbox, db, isolate=False)
    assert reads == [changed.name] and third.parsed == 1 and third.replaced == 1
