"""Every test can fail: each test function asserts something (an `assert`, `pytest.raises` / `warns` /
`fail`, or a helper of the test suite that does). A test that only prints or records a figure passes
whatever the code does."""

from __future__ import annotations

import ast

from tests.conftest import REPO

TESTS = REPO / "tests"
_FAILING_CALLS = {"raises", "warns", "fail", "deprecated_call"}


def _functions(tree: ast.AST) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def _called(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            f = call.func
            names.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
    return names


def _asserting(functions: dict[str, ast.AST], known: set[str] = frozenset()) -> set[str]:
    """Names of the functions that can fail: they assert, or call one that does."""
    can_fail = {
        name
        for name, f in functions.items()
        if any(isinstance(n, ast.Assert) for n in ast.walk(f)) or _called(f) & _FAILING_CALLS
    } | set(known)
    changed = True
    while changed:
        changed = False
        for name, f in functions.items():
            if name not in can_fail and _called(f) & can_fail:
                can_fail.add(name)
                changed = True
    return can_fail


def _helpers() -> set[str]:
    """Functions of the suite's helper modules and conftests that can fail (usable from any test)."""
    found: set[str] = set()
    for path in TESTS.rglob("*.py"):
        if not path.name.startswith("test_"):
            found |= _asserting(_functions(ast.parse(path.read_text(encoding="utf-8"))))
    return found


def test_every_test_can_fail():
    helpers = _helpers()
    files = sorted(TESTS.rglob("test_*.py"))
    assert len(files) > 30
    silent = []
    for path in files:
        functions = _functions(ast.parse(path.read_text(encoding="utf-8")))
        can_fail = _asserting(functions, helpers)
        silent += [
            f"{path.relative_to(REPO)}::{name}"
            for name in functions
            if name.startswith("test") and name not in can_fail
        ]
    assert not silent, f"tests that assert nothing: {silent}"


def test_the_check_finds_a_silent_test():
    module = ast.parse(
        "def helper(x):\n    assert x\n\n"
        "def test_ok():\n    helper(1)\n\n"
        "def test_silent(record_property):\n    record_property('ms', 3)\n"
    )
    functions = _functions(module)
    can_fail = _asserting(functions)
    assert {"helper", "test_ok"} <= can_fail and "test_silent" not in can_fail
