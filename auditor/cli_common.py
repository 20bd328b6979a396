"""What every `audit` command shares: the consoles, error-to-exit-code mapping, common options."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from auditor.errors import AuditError
from auditor.report.escape import terminal_safe

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

PolicyOpt = Annotated[list[Path] | None, typer.Option("--policy", help="Policy YAML (repeatable) "
                                                      "(default: rules/default.yaml).")]


def fail(exc: AuditError) -> typer.Exit:
    """One line per problem on stderr naming where it is (file:line, key), and the error's exit code.

    Messages carry data (file and column names from a stranger's dataset): each line is escaped."""
    for line in exc.problem_lines():
        err.print(f"audit: error: {terminal_safe(line, 4000)}", markup=False)
    return typer.Exit(exc.exit_code)


def print_bug(trace: str) -> None:
    """A traceback (a bug, exit 2) on stderr: exception messages may quote data, so it is escaped too."""
    err.print(terminal_safe(trace, 1_000_000, keep_newlines=True), markup=False, end="")


def guarded(fn):
    """Call `fn`; an AuditError becomes one line on stderr plus its exit code."""
    try:
        return fn()
    except AuditError as exc:
        raise fail(exc) from None


def split_list(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]
