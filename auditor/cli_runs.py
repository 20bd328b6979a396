"""Commands on finished runs: report, diff, export, attribution (no scanning)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from auditor.cli_common import PolicyOpt, err, guarded, out, split_list

RunDir = Annotated[Path, typer.Argument(help="A run directory written by `audit scan`.")]


def report(run_dir: RunDir, policy: PolicyOpt = None,
           pdf: Annotated[bool, typer.Option(help="Also write report.pdf (needs headless Chromium).")] = False,
           show_pii: Annotated[bool, typer.Option(help="Show raw PII in examples.")] = False,
           examples: Annotated[int, typer.Option(min=0, max=200, help="Example rows per rule (up to the 200 "
                                                 "kept in examples.parquet; all rows are in findings.csv).")] = 10,
           paper: Annotated[str, typer.Option(help="Page size of report.pdf: a4 or letter.")] = "a4",
           ) -> None:
    """Re-render report.md/report.html from a finished run (with --policy: re-evaluate its signals)."""
    from auditor.report.escape import terminal_safe
    from auditor.runs.rerender import report_command

    for path in guarded(lambda: report_command(run_dir, policies=policy, pdf=pdf, show_pii=show_pii,
                                                                examples=examples, paper=paper)):
        out.print(f"wrote {terminal_safe(str(path), 500)}", markup=False)


def diff(run_a: RunDir, run_b: RunDir,
         out_path: Annotated[Path | None, typer.Option("--out", help="Write the per-key diff as parquet.")] = None,
         limit: Annotated[int, typer.Option(min=0, help="Changed keys to print (all are in --out).")] = 20,
         ) -> None:
    """New, resolved and changed findings between two audits of the same dataset, by key."""
    import json

    import pyarrow.parquet as pq

    from auditor.report.escape import terminal_safe
    from auditor.runs.diff import diff_runs

    table, summary = guarded(lambda: diff_runs(run_a, run_b))
    if out_path is not None:
        pq.write_table(table, out_path)
    out.print(terminal_safe(json.dumps(summary, allow_nan=False), 2000), markup=False)
    if not summary["same_policy"]:
        err.print("audit: warning: the two runs used different policies (policy sha256 differ), so changes may "
                  "come from the rules, not the data", markup=False)
    for row in table.slice(0, limit).to_pylist():
        out.print(f"{row['change']:8} {terminal_safe(row['key'], 120)}  {terminal_safe(row['rules_a'] or '-')} "
                  f"-> {terminal_safe(row['rules_b'] or '-')}", markup=False)
    if table.num_rows > limit:
        out.print(f"... showing {limit} of {table.num_rows} changed keys"
                  + ("; all are in " + terminal_safe(str(out_path), 300) if out_path else
                     "; write them all with --out FILE.parquet, or raise --limit"), markup=False)


def export(run_dir: RunDir,
           drop: Annotated[str, typer.Option(help="Comma list of categories whose flagged rows are dropped.")],
           out_path: Annotated[Path, typer.Option("--out", help="Clean parquet to write.")],
           allow_unevaluated: Annotated[bool, typer.Option(
               "--allow-unevaluated", help="Export even when no rule of a dropped category was evaluated "
               "(recorded in the export manifest).")] = False) -> None:
    """Copy the input dataset without the rows flagged in the given categories (waived rows kept)."""
    from auditor.runs.export import export_clean

    manifest = guarded(lambda: export_clean(run_dir, split_list(drop) or [], out_path,
                                            allow_unevaluated=allow_unevaluated))
    out.print(f"{manifest['rows_out']} of {manifest['rows_in']} rows kept, {manifest['rows_dropped']} dropped",
              markup=False)


def attribution(run_dir: RunDir,
                out_path: Annotated[Path, typer.Option("--out", help="ATTRIBUTION.md (a .csv is written too).")]
                ) -> None:
    """List rows whose license requires attribution, with license, URL and creator/credit where known."""
    from auditor.runs.attribution import write_attribution

    result = guarded(lambda: write_attribution(run_dir, out_path))
    if not result["evaluated"]:
        out.print("attribution not evaluated: no row has a known license, so which images require "
                  "attribution is unknown (not zero)", markup=False)
    else:
        more = (f"; {result['unknown_license_rows']} rows with an unknown license not covered"
                if result["unknown_license_rows"] else "")
        out.print(f"{result['rows']} attributed rows{more}", markup=False)


MetaOpt = Annotated[Path | None, typer.Option("--meta", help="YAML with the fields only a person can write "
                                              "(name, description, license, dataUseCases, ...).")]
VersionOpt = Annotated[str, typer.Option("--croissant-version", help="Croissant version: 1.0 or 1.1.")]


def croissant(run_dir: RunDir, meta: MetaOpt = None,
              into: Annotated[Path | None, typer.Option("--into", help="Merge into this existing croissant.json "
                                                        "(written in place unless --out).")] = None,
              out_path: Annotated[Path | None, typer.Option("--out", help="Where to write "
                                                            "(default: RUN_DIR/croissant.json).")] = None,
              force: Annotated[bool, typer.Option("--force", help="With --into: replace the file's own text "
                                                  "where ours differs.")] = False,
              version: VersionOpt = "1.1") -> None:
    """Write croissant.json: Croissant JSON-LD with RAI fields filled from the audit's measurements."""
    from auditor.croissant.build import write_croissant

    result = guarded(lambda: write_croissant(run_dir, meta_path=meta, into=into, out=out_path, force=force,
                                             version=version))
    report_croissant(result)


def report_croissant(result) -> None:
    """Where the file is; on stderr, every field a person must still write and every field kept."""
    from auditor.cli_common import err
    from auditor.report.escape import terminal_safe

    out.print(f"wrote {terminal_safe(str(result.path), 500)}", markup=False)
    for line in result.todos:
        err.print(f"todo: {terminal_safe(line, 300)}", markup=False)
    for key in result.kept:
        err.print(f"kept your {terminal_safe(key, 100)} (ours differs; --force replaces it)", markup=False)
    for key in result.replaced:
        err.print(f"replaced {terminal_safe(key, 100)} (--force)", markup=False)


def register(app: typer.Typer) -> None:
    """Add these commands to the `audit` app (called once by auditor.cli, not at import time)."""
    for command in (report, diff, export, attribution, croissant):
        app.command()(command)
