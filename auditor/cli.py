"""The `audit` command line: parse arguments, build a typed configuration, delegate.

No scanning, rendering or policy logic lives here; each command is a few lines that call the module that
does the work, and every AuditError becomes one line on stderr plus its exit code.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer

from auditor import __version__
from auditor.cli_build import build_scan_config, default_out_dir
from auditor.cli_common import err, fail, guarded, out, print_bug
from auditor.cli_flags import (
    FacesFlags,
    NetworkFlags,
    OutputFlags,
    PiiFlags,
    ReportFlags,
    RunFlags,
    ScaleFlags,
    grouped,
)
from auditor.cli_help import HumanGroup
from auditor.cli_index import register as register_index_commands
from auditor.cli_rules import rules_app
from auditor.cli_runs import register as register_run_commands
from auditor.errors import EXIT_GATE_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, AuditError

app = typer.Typer(
    cls=HumanGroup,
    name="audit",
    help="Audit image/caption datasets for license, consent and human-subjects questions before release.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(rules_app, name="rules")
register_run_commands(app)
register_index_commands(app)


@app.command()
@grouped
def scan(
    inputs: Annotated[list[str], typer.Argument(help="Dataset files, directories or globs "
                                                "(parquet, csv, tsv, jsonl).")],
    run: RunFlags, network: NetworkFlags, faces: FacesFlags, pii: PiiFlags, report: ReportFlags,
    scale: ScaleFlags, outputs: OutputFlags,
) -> None:
    """Scan a dataset, write signals, findings and reports, and exit 0 (pass), 1 (gate failed) or 2 (error)."""

    def make_config():  # imports here: inside _execute, where a start-up SIGTERM is reported (exit 130)
        import os

        return build_scan_config(inputs, run=run, report=report, network=network, faces=faces, pii=pii,
                                 scale=scale, command_line=["audit", *sys.argv[1:]], env=os.environ)

    croissant_meta = outputs.croissant_meta
    after = None
    if outputs.croissant or croissant_meta:
        from auditor.croissant.meta import load_meta

        guarded(lambda: load_meta(croissant_meta))  # a bad --croissant-meta fails before any row is read

        def after(run_dir: Path) -> None:
            from auditor.cli_runs import report_croissant
            from auditor.croissant.build import write_croissant

            report_croissant(guarded(lambda: write_croissant(run_dir, meta_path=croissant_meta)))

    _execute(make_config, after=after)


def interrupted_message(config) -> str:
    """After a signal outside the engine (start-up or the final writes): the resume command when a run
    was started in the run directory, else say that nothing was started."""
    from auditor.report.escape import terminal_safe

    if config is not None and (config.out_dir / "manifest.json").is_file():
        from auditor.scan import resume_command

        command = resume_command(config.command_line, config.out_dir)
        return f"audit: interrupted; continue with: {terminal_safe(command, 2000)}"
    return "audit: interrupted before the scan started; nothing to resume (run the command again)"


def _execute(make_config, *, gate_exit: bool = True, after=None) -> None:
    """Build the config, run the scan, print the result; map errors to exit codes.

    `gate_exit=False` (the demo) exits 0 when the gate fails: the demo shows a report, it gates nothing.
    """
    from auditor.interrupts import term_as_interrupt

    term_as_interrupt()  # SIGTERM during start-up: exit 130 and say so (graceful_stop takes over later)
    config = None
    try:  # imports inside: a signal while they load is still reported here, not swallowed by click
        from auditor.report.console import print_scan_result
        from auditor.scan import run_scan

        config = make_config()
        result = run_scan(config)
    except AuditError as exc:
        raise fail(exc) from None
    except KeyboardInterrupt:
        err.print(interrupted_message(config), markup=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception:
        # a bug must not exit 1, which CI reads as "the policy gate failed": full traceback, exit 2
        print_bug(traceback.format_exc())
        raise typer.Exit(EXIT_USAGE) from None
    print_scan_result(out, result.summary, result.out_dir)
    if after is not None:
        after(result.out_dir)
    code = result.exit_code
    raise typer.Exit(0 if code == EXIT_GATE_FAILED and not gate_exit else code)


@app.command()
def demo(
    out_dir: Annotated[Path | None, typer.Option("--out", help="Run directory.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Scan the small LAION-style sample shipped with the tool and print where the report is."""
    from auditor.demo import sample_path

    _execute(lambda: build_scan_config(
        [str(sample_path())], run=RunFlags(out_dir=out_dir or default_out_dir(["demo"]), quiet=quiet),
        command_line=["audit", *sys.argv[1:]],
    ), gate_exit=False)


@app.command()
def profiles() -> None:
    """List the schema profiles used to recognise dataset columns."""
    from auditor.sources.profiles import load_profiles

    for p in load_profiles().values():
        out.print(f"{p.name:14} {p.description}  [detect: {', '.join(p.detect)}]", markup=False)


@app.command()
def version() -> None:
    """Print the tool version."""
    out.print(__version__)
