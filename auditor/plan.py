"""Decide what a scan will do before it reads any row.

Opening every input first means a wrong column or a bad policy stops the run in a second, not an hour
in. Files that cannot be opened at all are recorded (they appear in summary.json and make the exit code
2) but do not stop the other files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.checks.base import Check
from auditor.checks.registry import ALWAYS, NETWORK, check_class, default_checks
from auditor.config import ScanConfig
from auditor.cores import default_workers
from auditor.errors import ConfigError, InputError, SchemaError
from auditor.records import FileError
from auditor.sources.discover import InputFile, discover
from auditor.sources.stream import FileStream, open_stream


@dataclass
class ScanPlan:
    files: list[InputFile]
    streams: list[FileStream]
    check_names: list[str]
    checks: list[Check]
    file_errors: list[FileError] = field(default_factory=list)

    @property
    def total_rows(self) -> int | None:
        counts = [s.num_rows() for s in self.streams]
        return None if any(c is None for c in counts) else sum(counts)  # type: ignore[arg-type]


def choose_checks(config: ScanConfig, has_caption: bool) -> list[str]:
    """The checks of this run, from the registry's metadata (auditor.checks.registry): the ones named with
    --checks, or the defaults for this input; plus the network checks asked for; plus those that always run.

    Network gating: a check that contacts the network runs only when the configuration lists it in
    `network_checks` (the CLI does for --consent/--commons and for a --checks that names one); naming it
    anywhere else is a configuration error, never a silent request to the web."""
    if config.checks is not None:
        names = list(config.checks)
    else:
        names = default_checks(has_caption=has_caption, images_given=config.images_given)
    for name in config.network_checks:
        if name not in NETWORK:
            raise ConfigError(f"{name!r} is not a network check (network checks: {', '.join(NETWORK)})")
    names += [n for n in config.network_checks if n not in names]
    unasked = [n for n in names if n in NETWORK and n not in config.network_checks]
    if unasked:
        raise ConfigError(f"check(s) {', '.join(unasked)} contact the network and run only when asked for "
                          "(--consent / --commons, or ScanConfig.network_checks)")
    ordered = [n for n in ALWAYS if n not in names] + names
    return list(dict.fromkeys(ordered))


def with_workers(cls: type[Check], options, workers: int | None):
    """The check's options with `workers` from --workers, when its Options has that field and the
    check's own options did not set it (an explicit per-check value wins)."""
    if workers is None or "workers" not in cls.Options.model_fields:
        return options
    options = options if options is not None else cls.Options()
    if "workers" in options.model_fields_set:
        return options
    return options.model_copy(update={"workers": workers})


def build_checks(names: list[str], config: ScanConfig) -> list[Check]:
    classes = [check_class(n) for n in names]  # all-or-nothing: fail before constructing any
    workers = config.workers if config.workers is not None else default_workers()
    checks = []
    for name, cls in zip(names, classes, strict=True):
        # the CLI hands validated models (taken as they are); a dict from a test or notebook is validated
        # by the same model call, so the check's Options model is the only validation
        options = cls.Options.from_values(config.check_options.get(name))
        checks.append(cls(with_workers(cls, options, workers)))
    return checks


def make_plan(config: ScanConfig) -> ScanPlan:
    skipped: list[tuple[str, str]] = []
    files = discover(config.inputs, forced_format=config.input_format, skipped=skipped)
    streams: list[FileStream] = []
    errors = [FileError(file=path, error=f"{why}; skipped") for path, why in skipped]
    for f in files:
        try:
            streams.append(open_stream(f, profile=config.profile, overrides=config.column_overrides))
        except SchemaError:
            raise  # the user must fix the command or the data: stop before any work
        except InputError as exc:
            errors.append(FileError(file=f.path, error=exc.message))
    if not streams and errors:
        raise InputError(f"no readable input: {errors[0].error}", file=errors[0].file)
    has_caption = any("caption" in s.mapping for s in streams)
    names = choose_checks(config, has_caption)
    return ScanPlan(files=files, streams=streams, check_names=names,
                    checks=build_checks(names, config), file_errors=errors)
