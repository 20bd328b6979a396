"""The one typed run configuration the CLI builds and the pipeline reads.

Everything a scan depends on is here (inputs, profile, checks and their options, policies, gate) so a run
can be described in summary.json, compared for `--resume`, and rebuilt without the CLI (tests, Ray).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from auditor.limits import BATCH_ROWS, SEVERITIES  # noqa: F401 - SEVERITIES re-exported (--fail-on)


class ScanConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    inputs: list[str]
    out_dir: Path
    profile: str | None = None
    input_format: str | None = None
    #: canonical column -> dataset column (--url-col, --caption-col, --license-col, --id-col, --image-col)
    column_overrides: dict[str, str] = Field(default_factory=dict)
    #: checks named with --checks; None means "choose from the data" (see auditor.plan)
    checks: list[str] | None = None
    #: network checks asked for with --consent / --commons (added to the automatic choice)
    network_checks: list[str] = Field(default_factory=list)
    #: check name -> that check's options model (built and validated by the CLI; a plain dict is
    #: validated by the check's model in auditor.plan)
    check_options: dict[str, Any] = Field(default_factory=dict)
    #: images are available (--images, --image-col or --fetch-images), so faces run by default
    images_given: bool = False
    policies: list[Path] = Field(default_factory=list)
    fail_on: str = "high"
    batch_size: int = BATCH_ROWS
    #: processes/threads a check may use for CPU-heavy work (None: every core); checks whose Options
    #: have a `workers` field get it unless their options set it explicitly (auditor.plan)
    workers: int | None = None
    #: where the checks run: "local" (this machine) or "ray" (a Ray cluster; auditor[ray])
    engine: str = "local"
    ray_address: str | None = None
    #: input bytes in flight between reading and writing (memory bound of the local engine)
    max_inflight_mb: int = 64
    #: continue the run in out_dir (its manifest must match) instead of starting a new one
    resume: bool = False
    quiet: bool = False
    show_pii: bool = False
    command_line: list[str] = Field(default_factory=list)
    #: --sample N | fraction, --seed, --stratify file (auditor.sampling)
    sample: str | None = None
    seed: int = 0
    stratify: str | None = None
    #: --waivers FILE (auditor.waivers); --summary-md PATH (append report.md, e.g. $GITHUB_STEP_SUMMARY)
    waivers: Path | None = None
    summary_md: Path | None = None
    #: --examples N: example rows per rule shown in report.md/report.html (all are in findings.csv)
    examples: int = 10

    @field_serializer("check_options")
    def _options_as_given(self, value: dict[str, Any]) -> dict[str, Any]:
        """Only the options that were set, as the CLI used to store them: the manifest that --resume
        compares stays the same whether a check's options arrive as a model or as a dict."""
        return {name: opts.model_dump(mode="json", exclude_unset=True) if isinstance(opts, BaseModel) else opts
                for name, opts in value.items()}
