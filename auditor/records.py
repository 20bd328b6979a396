"""Plain records that several layers pass around: a file that could not be (fully) read, a check that crashed.

They live at the bottom of the package so that the run state (runstate/), the engines and the planner can all
use them without importing each other: runstate records what engines report, it does not depend on them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FileError:
    file: str
    error: str
    rows_unread: int | None = None
    #: "open" (nothing could be read) or "read" (the file broke part-way)
    stage: str = "open"

    def as_dict(self) -> dict:
        return {"file": self.file, "error": self.error, "rows_unread": self.rows_unread, "stage": self.stage}


@dataclass
class CheckFailure:
    """One distinct way a check failed, and on how many rows (summed across batches, units and engines)."""

    check: str
    error: str
    rows: int

    def as_dict(self) -> dict:
        return {"check": self.check, "error": self.error, "rows": self.rows}
