"""A fingerprint of the parsing code: a source parsed by other code is parsed again."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_ROOT = Path(__file__).resolve().parent
_SUFFIXES = {".py", ".sql", ".csv", ".toml", ".json", ".txt"}


@lru_cache(maxsize=1)
def parser_version() -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in _ROOT.rglob("*") if p.suffix in _SUFFIXES and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(_ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]
