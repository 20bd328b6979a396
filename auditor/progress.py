"""A progress bar on stderr for long scans (rows, rows/s, ETA); silent with --quiet or no terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class RateColumn(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):  # type: ignore[override]
        speed = task.finished_speed or task.speed
        return f"{speed:,.0f} rows/s" if speed else "- rows/s"


@contextmanager
def scan_progress(total: int | None, *, quiet: bool) -> Iterator[Callable[[int], None]]:
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda n: None
        return
    columns = [TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
               RateColumn(), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("scan", total=total)
        yield lambda n: progress.advance(task, n)
