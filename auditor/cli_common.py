"""What every `audit` command shares: the consoles, error-to-exit-code mapping, common options."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from auditor.errors import AuditError

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

PolicyOpt = Annotated[list[Path] | None, typer.Option("--policy", help="Policy YAML (repeatable) "
                                                      "(default: rules/default.yaml).")]


def fail(exc: AuditError) -> typer.Exit:
    """One line per problem on stderr naming where it is (file:line, key), and the error's exit code."""
    for line in exc.problem_lines():
        err.print(f"audit: error: {line}", markup=False)
    return typer.Exit(exc.exit_code)


def guarded(fn):
    """Call `fn`; an AuditError becomes one line on stderr plus its exit code."""
    try:
        return fn()
    except AuditError as exc:
        raise fail(exc) from None


def split_list(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]
