"""A fingerprint of the code whose output the build stores per source file: a file parsed by other code
is parsed again, and only then.

That code is what a parse worker runs: `etl.parse` (reading, identifying, extracting, checking) and
`etl.store.rows` (the rows, features and signatures stored for each report), with every `etl` module
they import — at the top of a module or inside a function — and the data files those modules name
(`etl/data/sectors.toml`, …). Editing anything else (the build and the store, the SQL views, derived
tables and mart, the CLI, the dashboard) does not change the version, so it does not re-parse every file.
`tests/test_version.py` checks the closure against the modules a parse really loads.
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

_ROOT = Path(__file__).resolve().parent
PACKAGE = _ROOT.name  # "etl"
# The modules a parse worker runs (etl/store/shards.py: `_parse_one`).
PARSE_ROOTS = ("etl.parse", "etl.store.rows")
_DATA_SUFFIXES = {".csv", ".toml", ".json", ".txt", ".sql"}


def _module_file(name: str, root: Path) -> Path | None:
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = root.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _scan(path: Path) -> tuple[tuple[str, ...], frozenset[str]]:
    st = path.stat()
    return _scan_file(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=512)
def _scan_file(path: Path, _mtime: int, _size: int) -> tuple[tuple[str, ...], frozenset[str]]:
    """(modules imported anywhere in the file — lazy imports included — as written, with `from x
    import y` giving `x` and `x.y`; relative ones as `.`-prefixed), and the file's string constants."""
    imports: list[str] = []
    strings: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            imports.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            dots = "." * node.level
            if node.module:
                imports.append(dots + node.module)
                imports.extend(f"{dots}{node.module}.{alias.name}" for alias in node.names)
            else:
                imports.extend(dots + alias.name for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 100:
            strings.add(node.value)
    return tuple(imports), frozenset(strings)


def _absolute(module: str, name: str, path: Path) -> str:
    level = len(module) - len(module.lstrip("."))
    if not level:
        return module
    base = _package_of(name, path).split(".")
    base = base[: len(base) - level + 1]
    rest = module[level:]
    return ".".join(base + ([rest] if rest else []))


def _imports(name: str, path: Path, root: Path) -> set[str]:
    """The `etl` modules a module imports anywhere in its body (lazy imports included); for
    `from etl.x import y`, `etl.x.y` too when that is a module."""
    found = {_absolute(m, name, path) for m in _scan(path)[0]}
    return {m for m in found if _module_file(m, root) is not None}


def import_closure(roots: tuple[str, ...] = PARSE_ROOTS, root: Path = _ROOT) -> dict[str, Path]:
    """Module name → file of every `etl` module the roots import, directly or not, with the packages
    (`__init__.py`) that importing them runs."""
    todo, seen = list(roots), {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name, root)
        if path is None:
            raise ModuleNotFoundError(name)
        seen[name] = path
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        todo.extend(parents)
        todo.extend(_imports(name, path, root))
    return dict(sorted(seen.items()))


def _named_data_files(modules: dict[str, Path], root: Path) -> list[Path]:
    """Data files under `root` whose file name a module of the closure writes as a string."""
    data = {p.name: p for p in root.rglob("*") if p.suffix in _DATA_SUFFIXES and p.is_file()}
    names = set().union(*(_scan(path)[1] for path in modules.values())) & set(data)
    return [data[n] for n in sorted(names)]


def parser_files(root: Path = _ROOT) -> list[Path]:
    """Every file the parser version covers: the parse closure's modules and the data they read."""
    modules = import_closure(PARSE_ROOTS, root)
    return sorted({*modules.values(), *_named_data_files(modules, root)})


def fingerprint(files: list[Path], root: Path = _ROOT) -> str:
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(str(path.relative_to(root)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def version_of(root: Path = _ROOT) -> str:
    """The parser version of the `etl` package at `root` (tests compare edited copies)."""
    return fingerprint(parser_files(root), root)


@lru_cache(maxsize=1)
def parser_version() -> str:
    return version_of(_ROOT)


@lru_cache(maxsize=8)
def code_version(*modules: str, root: Path = _ROOT) -> str:
    """A fingerprint of other code (its modules' closure and the data they name), for caches of what
    that code computes, e.g. `code_version("etl.store.lineage")` for the stored organ names."""
    closure = import_closure(tuple(modules), root)
    return fingerprint(sorted({*closure.values(), *_named_data_files(closure, root)}), root)
