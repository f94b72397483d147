"""Moved to `xxgk/rawgen.py` (the generator is product code: `xxgk demo` uses it). This shim keeps
`import rawgen` (bench/ on the path) and `from bench import rawgen` working: both give that module.

    .venv/bin/python bench/rawgen.py --reports 2000 --out /tmp/raw [--seed 0] [--skip 0]
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from xxgk.rawgen import main

    raise SystemExit(main())

from xxgk import rawgen as _rawgen  # noqa: E402

sys.modules[__name__] = _rawgen
