"""Errors that end a run with a known exit code.

The CLI maps these to exit codes so a CI gate can tell "policy failed" (1) from "the audit itself could
not run" (2). Each error carries where it happened (file, line or row, column/key) so the one line on
stderr is enough to fix the input.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class AuditError(Exception):
    """Base for errors that stop a run; `exit_code` is what the CLI returns."""

    exit_code = EXIT_USAGE
    #: what the `column` argument names in messages: a data column, or a key in a config file
    column_label = "column"

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 row: int | None = None, column: str | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.row = row
        self.column = column
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file) + (f":{self.line}" if self.line is not None else ""))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"{self.column_label} {self.column!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def problem_lines(self) -> list[str]:
        """Every problem, one line each (one for most errors; ConfigErrors has several)."""
        return [self.one_line()]


class ConfigError(AuditError):
    """A policy, waiver, profile or option is invalid. Raised before any data is read."""

    column_label = "key"


class InputError(AuditError):
    """An input file or column cannot be used."""


class SchemaError(InputError):
    """An input's columns do not fit (missing URL column, wrong type): the command or data must change."""


class CheckUnavailable(AuditError):
    """A requested check cannot run here (missing model, unknown name)."""


class OutputError(AuditError):
    """An output file could not be written (disk full, file size limit, permissions); names the path."""


class Interrupted(AuditError):
    """The run was stopped by SIGINT/SIGTERM after finishing or discarding its in-flight units."""

    exit_code = EXIT_INTERRUPTED


class ConfigErrors(ConfigError):
    """Every problem found in a set of config files, each still with its file:line and key, so one run of
    `audit rules validate` (or a scan) shows them all instead of one per attempt."""

    def __init__(self, problems: list[ConfigError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.message, file=first.file, line=first.line, column=first.column)

    def one_line(self) -> str:
        if len(getattr(self, "problems", ())) <= 1:
            return super().one_line()
        more = len(self.problems) - 1
        return f"{self.problems[0].one_line()} (and {more} more problem{'s' if more > 1 else ''})"

    def problem_lines(self) -> list[str]:
        return [p.one_line() for p in self.problems]


def raise_all(problems: list[ConfigError]) -> None:
    """Raise nothing, the one problem, or all of them together."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ConfigErrors(problems)
