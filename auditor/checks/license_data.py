"""The data behind license normalization: CC facts (our YAML) and SPDX ids (license-expression's index).

Facts live in `auditor/data/licenses.yaml` so a reviewer can read and correct them without reading
code; they are validated with pydantic (unknown keys fail). SPDX ids are not copied into the project:
they come from the scancode license index that ships with `license-expression`, a list kept current
upstream, loaded once per process on first use.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from auditor.errors import ConfigError

Family = Literal[
    "cc-by", "cc-by-sa", "cc-by-nc", "cc-by-nc-sa", "cc-by-nd", "cc-by-nc-nd", "public-domain",
    "copyleft", "permissive", "all-rights-reserved", "unknown", "other",
]
FAMILIES: tuple[str, ...] = Family.__args__  # type: ignore[attr-defined]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Facts(_Strict):
    """What a license allows; None means unknown (never read as permission)."""

    commercial: bool | None
    derivatives: bool | None
    share_alike: bool | None
    attribution: bool | None


class CCModule(_Strict):
    family: Family
    id: str
    facts: Facts | None = None


class _PatternRule(_Strict):
    pattern: str
    id: str
    #: lower-case words, one of which must be in the value before `pattern` is searched (a cheap gate)
    needs: list[str] = Field(min_length=1)

    @field_validator("needs")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        if any(not w or w != w.lower() for w in v):
            raise ValueError("needs: non-empty lower-case words (they are matched in the lower-cased value)")
        return v

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        re.compile(v)
        return v


class NamedRule(_PatternRule):
    """A named license or statement; family `unknown` (e.g. "copyright not evaluated") carries no id."""

    id: str | None = None  # type: ignore[assignment]
    id_nover: str | None = None
    family: Family
    match: str
    facts: Facts | None = None

    @model_validator(mode="after")
    def _id_iff_known(self) -> NamedRule:
        if (self.family == "unknown") != (self.id is None):
            raise ValueError("id is required, except for family unknown, which has none")
        return self


class NoticeRule(_PatternRule):
    pass


class LicenseData(_Strict):
    families: dict[Family, Facts]
    cc_modules: dict[str, CCModule]
    cc_versions: list[str]
    cc_ports: list[str]
    spdx_categories: dict[str, Family]
    unknown_markers: list[str]
    named: list[NamedRule]
    notices: list[NoticeRule]

    @field_validator("families")
    @classmethod
    def _all_families(cls, v: dict[str, Facts]) -> dict[str, Facts]:
        missing = set(FAMILIES) - set(v)
        if missing:
            raise ValueError(f"facts missing for families {sorted(missing)}")
        return v


_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))


def _data_path(name: str = "licenses.yaml") -> Path:
    return Path(str(resources.files("auditor") / "data" / name))


@cache
def data_file_facts(name: str) -> dict[str, str]:
    """Path and sha256 of a bundled data file, for summary.json's methodology."""
    path = _data_path(name)
    return {"file": f"auditor/data/{name}", "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


@cache
def license_data() -> LicenseData:
    """The validated license facts; a broken data file is a ConfigError naming the file."""
    return load_license_data(_data_path())


def load_license_data(path: Path) -> LicenseData:
    """Load and validate a license data file; any problem is a ConfigError naming file, line or key."""
    try:
        with path.open(encoding="utf-8") as fh:
            # libyaml's safe loader when PyYAML has it: 20x faster on this file, the same result
            raw = yaml.load(fh, Loader=yaml.CSafeLoader) if _LIBYAML else yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"invalid YAML: {getattr(exc, 'problem', exc)}", file=str(path), line=line) from exc
    try:
        return LicenseData.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"invalid license data: {err['msg']}", file=str(path), column=key) from exc


class SpdxEntry(_Strict):
    id: str
    category: str


@cache
def spdx_index() -> dict[str, SpdxEntry]:
    """lower-cased SPDX id (current and deprecated aliases) -> canonical id and scancode category.

    Deprecated aliases such as `GFDL-1.2` map to their current id (`GFDL-1.2-only`). Scancode-only
    `LicenseRef-scancode-*` keys are left out: they are not ids a dataset would carry.
    """
    import license_expression

    path = Path(license_expression.__file__).parent / "data" / "scancode-licensedb-index.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    index: dict[str, SpdxEntry] = {}
    aliases: dict[str, SpdxEntry] = {}
    for e in entries:
        spdx = e.get("spdx_license_key") or ""
        if not spdx or spdx.startswith("LicenseRef-scancode-") or e.get("is_exception"):
            continue
        entry = SpdxEntry(id=spdx, category=e.get("category") or "")
        index.setdefault(spdx.lower(), entry)
        for other in e.get("other_spdx_license_keys") or ():
            if not other.startswith("LicenseRef-"):
                aliases.setdefault(other.lower(), entry)
    for key, entry in aliases.items():
        index.setdefault(key, entry)
    return index


def spdx_source() -> str:
    """Where the SPDX ids come from, for summary.json's methodology."""
    import license_expression

    version = getattr(license_expression, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("license-expression")
    return f"license-expression {version} (scancode-licensedb-index.json)"
