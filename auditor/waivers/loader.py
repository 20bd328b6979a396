"""Load a waiver file with the policy loader's hardened YAML reader; errors name file, line and key."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from auditor.errors import ConfigError
from auditor.policy.yamlsafe import MAX_BYTES, KeyPath, YamlError, format_path, load_yaml
from auditor.waivers.models import REASONS, Waiver, WaiverFile


@dataclass
class WaiverSet:
    """The waivers of one file, split into those in force and those expired on `today`."""

    path: str
    sha256: str
    active: list[Waiver]
    expired: list[Waiver]
    today: dt.date
    lines: dict[str, int] = field(default_factory=dict)


def _error(path: str, doc, message: str, key: KeyPath) -> ConfigError:
    line = doc.line_of(key) if doc is not None else None
    return ConfigError(message, file=path, line=line, column=format_path(key) or None)


def load_waivers(path: Path, rule_ids: Iterable[str], today: dt.date | None = None) -> WaiverSet:
    """Validate a waiver file against the policy's rule ids; raise ConfigError on the first problem."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise ConfigError(f"cannot read waiver file: {exc.strerror or exc}", file=name) from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"waiver file is larger than {MAX_BYTES} bytes", file=name)
    try:
        doc = load_yaml(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"waiver file is not UTF-8 (byte {exc.start})", file=name) from None
    except YamlError as exc:
        raise ConfigError(str(exc), file=name, line=exc.line, column=format_path(exc.path) or None) from None
    if not isinstance(doc.data, dict):
        raise ConfigError("a waiver file must be a mapping with schema_version and waivers", file=name, line=1)
    try:
        model = WaiverFile.model_validate(doc.data)
    except ValidationError as exc:
        err = min(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
        key: KeyPath = tuple(p for p in err["loc"] if isinstance(p, str | int))
        msg = f"unknown key {key[-1]!r}" if err["type"] == "extra_forbidden" else err["msg"].removeprefix(
            "Value error, ")
        if err["type"] == "literal_error" and key and key[-1] == "reason":
            msg = f"unknown reason {err.get('input')!r}; allowed: " + ", ".join(REASONS)
        raise _error(name, doc, msg, key) from None
    today = today or dt.datetime.now(dt.UTC).date()
    rules = set(rule_ids)
    seen: dict[str, int] = {}
    lines: dict[str, int] = {}
    for i, w in enumerate(model.waivers):
        here: KeyPath = ("waivers", i)
        if w.id in seen:
            raise _error(name, doc, f"duplicate waiver id {w.id!r} (first at line {seen[w.id]})", here + ("id",))
        seen[w.id] = lines[w.id] = doc.line_of(here + ("id",)) or 0
        if w.date > today:
            raise _error(name, doc, f"waiver {w.id}: approval date {w.date.isoformat()} is in the future "
                         f"(today is {today.isoformat()}); an approval cannot be dated ahead", here + ("date",))
        if w.rule not in rules:
            raise _error(name, doc, f"waiver {w.id}: unknown rule {w.rule!r} (not in the policy)", here + ("rule",))
    active = [w for w in model.waivers if not w.expired(today)]
    expired = [w for w in model.waivers if w.expired(today)]
    return WaiverSet(name, hashlib.sha256(raw).hexdigest(), active, expired, today, lines)
