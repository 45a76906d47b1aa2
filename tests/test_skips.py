"""Every skip is governed by one CI switch (tests/conftest.py: `in_ci`, `skip_or_fail`).

On a laptop a test whose service or program is missing skips with its reason; with CI set
(`CI=true`, `1`, `yes`), the same test fails: CI runs everything. No test file skips, or reads
the CI variable, any other way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import in_ci, require_program, skip_or_fail

TESTS = Path(__file__).resolve().parent
SKIPPING = {"skip", "skipif", "importorskip", "xfail", "skipTest", "SkipTest"}


def other_skips(source: str, name: str = "test_x.py") -> list[str]:
    """Every skip, xfail or read of the CI variable in `source` that does not go through the one switch."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in SKIPPING:
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Name) and node.id in SKIPPING:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.Constant) and node.value == "CI":
            found.append((node.lineno, "reads CI"))
    return [f"{name}:{line}: {what}" for line, what in sorted(found)]


def test_no_test_file_skips_any_other_way():
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if path in {TESTS / "conftest.py", Path(__file__)}:
            continue
        found += other_skips(path.read_text(), str(path.relative_to(TESTS.parent)))
    assert found == []


def test_the_one_switch_is_the_only_skip_in_the_shared_conftest():
    tree = ast.parse((TESTS / "conftest.py").read_text())
    where = {
        getattr(statement, "name", f"line {statement.lineno}")
        for statement in tree.body
        if other_skips(ast.unparse(statement))
    }
    assert where == {"in_ci", "skip_or_fail"}


def test_the_check_catches_a_skip_of_its_own():
    source = (
        "import os, pytest\n"
        "@pytest.mark.skipif(True, reason='x')\n"
        "def test_a():\n"
        "    if os.environ.get('CI'):\n"
        "        pytest.skip('no')\n"
        "    pytest.importorskip('foo')\n"
    )
    assert [line.split(": ", 1)[1] for line in other_skips(source)] == [
        "pytest.mark.skipif",
        "reads CI",
        "pytest.skip",
        "pytest.importorskip",
    ]


@pytest.mark.parametrize("value", ["true", "1", "yes", "TRUE", "on"])
def test_with_ci_set_a_missing_requirement_fails(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert in_ci()
    with pytest.raises(pytest.fail.Exception, match="CI must run this test"):
        skip_or_fail("Redis is not reachable")


@pytest.mark.parametrize("value", [None, "", "false", "0"])
def test_without_ci_a_missing_requirement_skips_with_its_reason(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert not in_ci()
    with pytest.raises(pytest.skip.Exception, match="Redis is not reachable"):
        skip_or_fail("Redis is not reachable")


@pytest.mark.parametrize("value", ["true", "1"])
def test_with_ci_set_missing_chromium_fails_the_browser_tests(monkeypatch, tmp_path, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="chromium"):
        require_program(tmp_path / "chromium", "chromium")
    # And the browser tests' one browser comes through that check, nothing else.
    tree = ast.parse((TESTS / "browser" / "conftest.py").read_text())
    fixture = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "browser")
    first = ast.unparse(fixture.body[0])
    assert first == "require_program(CHROMIUM, 'chromium')"
