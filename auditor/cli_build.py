"""Turn parsed command-line values into a validated ScanConfig.

Kept apart from cli.py so the CLI stays a thin parser, and so tests and other front ends (Ray, a
notebook) can build the same configuration. Environment variables are read here - once, at the edge -
never inside checks.
"""

from __future__ import annotations

import os
from pathlib import Path

from auditor.config import SEVERITIES, ScanConfig
from auditor.errors import ConfigError


def default_cache_dir() -> Path:
    """Where consent and Commons answers are cached between runs (XDG convention)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "auditor"


def default_policy() -> Path:
    from auditor.policy.packs import default_policy_path

    return default_policy_path()


def build_scan_config(*, inputs: list[str], out_dir: Path, policies: list[Path], checks: list[str] | None,
                      profile: str | None, input_format: str | None, overrides: dict[str, str | None],
                      fail_on: str, batch_size: int, show_pii: bool, quiet: bool,
                      command_line: list[str], network_checks: list[str] | None = None,
                      check_options: dict | None = None, images_given: bool = False,
                      reporting: dict | None = None, workers: int | None = None, engine: str = "local",
                      ray_address: str | None = None, max_inflight_mb: int = 64,
                      resume: Path | None = None) -> ScanConfig:
    """`reporting`: sample, seed, stratify, waivers, summary_md (see ScanConfig)."""
    if fail_on not in SEVERITIES:
        raise ConfigError(f"--fail-on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    if input_format is not None and input_format not in ("parquet", "csv", "tsv", "jsonl"):
        raise ConfigError(f"--format must be parquet, csv, tsv or jsonl, not {input_format!r}")
    if engine not in ENGINES:
        raise ConfigError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if ray_address is not None and engine != "ray":
        raise ConfigError("--ray-address needs --engine ray")
    if engine == "ray" and (reporting or {}).get("sample") is not None:
        raise ConfigError("--sample is not supported with --engine ray yet; use the local engine")
    if engine == "ray":
        from auditor.engines.ray_engine import import_ray

        import_ray()  # fail now, before a run directory is made
    if resume is not None:
        if out_dir.resolve() != resume.resolve():
            raise ConfigError(f"--resume continues the run in {resume}; drop --out (or give the same path)")
        out_dir = resume
    reporting = {k: v for k, v in (reporting or {}).items() if v is not None}
    if reporting.get("summary_md") is not None:
        from auditor.report.render import check_summary_md

        check_summary_md(Path(reporting["summary_md"]))  # before any work, not after an hour of scanning
    if reporting.get("waivers") is not None and not Path(reporting["waivers"]).is_file():
        raise ConfigError("waiver file not found", file=str(reporting["waivers"]))
    for p in policies:
        if not p.is_file():
            raise ConfigError("policy file not found", file=str(p))
    return ScanConfig(
        inputs=inputs,
        out_dir=out_dir,
        profile=profile,
        input_format=input_format,
        column_overrides={k: v for k, v in overrides.items() if v},
        checks=checks,
        network_checks=network_checks or [],
        check_options=check_options or {},
        images_given=images_given,
        policies=policies or [default_policy()],
        fail_on=fail_on,
        batch_size=batch_size,
        quiet=quiet,
        show_pii=show_pii,
        command_line=command_line,
        workers=workers,
        engine=engine,
        ray_address=ray_address,
        max_inflight_mb=max_inflight_mb,
        resume=resume is not None,
        **reporting,
    )


#: --engine values; the ray engine is imported only when chosen (optional extra auditor[ray])
ENGINES = ("local", "ray")
