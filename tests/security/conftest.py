"""The security suite's figures, printed after the run: what the fuzzer sent."""

from __future__ import annotations

import sys

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    fuzz = sys.modules.get("tests.security.test_api_schema_fuzz")
    calls = getattr(fuzz, "CALLS", None)
    if calls and calls["requests"]:
        terminalreporter.write_line(
            f"schemathesis: {len(calls['operations'])} operations, {calls['requests']} requests checked"
        )
