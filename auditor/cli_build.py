"""Turn the parsed `audit scan` flag groups (auditor.cli_flags) into a validated ScanConfig.

Kept apart from cli.py so the CLI stays a thin parser, and so tests and other front ends (Ray, a
notebook) can build the same configuration. Environment variables are read here - once, at the edge -
never inside checks. Each check's options are built by that check's helper (faces_options,
network_options, pii_options) and validated there, once, by the check's Options model.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from auditor.cli_common import split_list
from auditor.cli_flags import FacesFlags, NetworkFlags, PiiFlags, ReportFlags, RunFlags, ScaleFlags
from auditor.config import SEVERITIES, ScanConfig
from auditor.errors import ConfigError


def default_cache_dir() -> Path:
    """Where consent and Commons answers are cached between runs (XDG convention)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "auditor"


def default_out_dir(inputs: list[str]) -> Path:
    """reports/<dataset>-<UTC timestamp>: the name is reduced to safe characters (it comes from a path)."""
    raw = Path(inputs[0].rstrip("/")).name.split(".")[0]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", raw)[:64].strip("_") or "dataset"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("reports") / f"{stem}-{stamp}"


def default_policy() -> Path:
    from auditor.policy.packs import default_policy_path

    return default_policy_path()


def check_options(inputs: list[str], run_dir: Path, checks: list[str] | None, network: NetworkFlags,
                  faces: FacesFlags, pii: PiiFlags, env: Mapping[str, str]) -> tuple[list[str], dict, bool]:
    """(network check names, check name -> validated Options model, images given) from the flag groups."""
    from auditor.checks.faces_options import faces_check_options
    from auditor.checks.network_options import network_check_options
    from auditor.checks.pii_options import pii_check_options

    named = checks or []
    names, options = network_check_options(
        consent=network.consent or "consent" in named, commons=network.commons or "commons" in named,
        commons_api=network.commons_api, fail_closed=network.fail_closed,
        allow_private_network=network.allow_private_network, cache_dir=network.cache_dir or default_cache_dir(),
        cache_ttl=network.cache_ttl, user_agent_contact=network.user_agent_contact,
        consent_headers=network.consent_headers)
    images_given, faces_opts = faces_check_options(
        inputs=inputs, out_dir=run_dir, env=env, images=faces.images, image_col=faces.image_col,
        fetch_images=faces.fetch_images, face_model=faces.face_model, face_detector=faces.face_detector,
        device=faces.device, threshold=faces.face_threshold, input_size=faces.face_input_size,
        precision=faces.face_precision, thumbnails=faces.thumbnails, faces_requested="faces" in named,
        allow_private_network=network.allow_private_network, user_agent_contact=network.user_agent_contact)
    if faces_opts is not None:
        options["faces"] = faces_opts
    options["pii"] = pii_check_options(spacy_model=pii.spacy_model, entities=pii.pii_entities)
    return names, options, images_given


def build_scan_config(inputs: list[str], *, run: RunFlags, command_line: list[str],
                      report: ReportFlags | None = None, network: NetworkFlags | None = None,
                      faces: FacesFlags | None = None, pii: PiiFlags | None = None,
                      scale: ScaleFlags | None = None, env: Mapping[str, str] | None = None) -> ScanConfig:
    """The ScanConfig of `audit scan` (groups left out keep their flags' defaults; `env`: where
    AUDITOR_FACE_MODEL is read, none by default)."""
    report, scale = report or ReportFlags(), scale or ScaleFlags()
    fail_on, input_format, engine, resume = run.fail_on, run.input_format, scale.engine, scale.resume
    out_dir = run.out_dir or resume or default_out_dir(inputs)
    checks = split_list(run.checks)
    network_checks, options, images_given = check_options(
        inputs, out_dir, checks, network or NetworkFlags(), faces or FacesFlags(), pii or PiiFlags(), env or {})
    if fail_on not in SEVERITIES:
        raise ConfigError(f"--fail-on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    if input_format is not None and input_format not in ("parquet", "csv", "tsv", "jsonl"):
        raise ConfigError(f"--format must be parquet, csv, tsv or jsonl, not {input_format!r}")
    if engine not in ENGINES:
        raise ConfigError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if scale.ray_address is not None and engine != "ray":
        raise ConfigError("--ray-address needs --engine ray")
    if engine == "ray" and report.sample is not None:
        raise ConfigError("--sample is not supported with --engine ray yet; use the local engine")
    if engine == "ray":
        from auditor.engines.ray_engine import import_ray

        import_ray()  # fail now, before a run directory is made
    if resume is not None:
        if out_dir.resolve() != resume.resolve():
            raise ConfigError(f"--resume continues the run in {resume}; drop --out (or give the same path)")
        out_dir = resume
    reporting = {k: v for k, v in {"sample": report.sample, "seed": report.seed, "stratify": report.stratify,
                                    "waivers": report.waivers, "summary_md": report.summary_md,
                                    "examples": report.examples}.items() if v is not None}
    if reporting.get("summary_md") is not None:
        from auditor.report.render import check_summary_md

        check_summary_md(Path(reporting["summary_md"]))  # before any work, not after an hour of scanning
    if reporting.get("waivers") is not None and not Path(reporting["waivers"]).is_file():
        raise ConfigError("waiver file not found", file=str(reporting["waivers"]))
    policies = run.policy or []
    for p in policies:
        if not p.is_file():
            raise ConfigError("policy file not found", file=str(p))
    overrides = {"url": run.url_col, "caption": run.caption_col, "license": run.license_col, "id": run.id_col,
                 "image_path": (faces or FacesFlags()).image_col}
    return ScanConfig(
        inputs=inputs,
        out_dir=out_dir,
        profile=run.profile,
        input_format=input_format,
        column_overrides={k: v for k, v in overrides.items() if v},
        checks=checks,
        network_checks=network_checks,
        check_options=options,
        images_given=images_given,
        policies=policies or [default_policy()],
        fail_on=fail_on,
        batch_size=run.batch_size,
        quiet=run.quiet,
        show_pii=run.show_pii,
        command_line=command_line,
        workers=scale.workers,
        engine=engine,
        ray_address=scale.ray_address,
        max_inflight_mb=scale.max_inflight_mb,
        resume=resume is not None,
        **reporting,
    )


#: --engine values; the ray engine is imported only when chosen (optional extra auditor[ray])
ENGINES = ("local", "ray")
