"""Schema profiles: data (auditor/data/profiles.yaml), not code.

A profile maps canonical column names to a dataset's own names. Detection picks the first profile (in
file order, most specific first) whose `detect` columns are all present, so CommonCatalog's `licenseurl`
or img2dataset's `status` win over the generic `cc` profile (url, caption) on the same file.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from auditor.errors import ConfigError, SchemaError
from auditor.sources.canonical import CANONICAL

PROFILES_FILE = "profiles.yaml"


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    detect: Annotated[list[str], Field(min_length=1)]
    columns: dict[str, str | list[str]]
    #: how the rows were collected, in the Croissant RAI rai:dataCollectionType vocabulary (audit croissant)
    collection: list[str] = []

    @field_validator("columns")
    @classmethod
    def _canonical_only(cls, value: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        unknown = sorted(set(value) - set(CANONICAL))
        if unknown:
            raise ValueError(f"unknown canonical column(s) {unknown}; known: {sorted(CANONICAL)}")
        return value

    def resolve(self, available: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
        """canonical name -> dataset column, for the columns this file has."""
        mapping: dict[str, str] = {}
        present = set(available)
        for canonical, candidates in self.columns.items():
            options = [candidates] if isinstance(candidates, str) else candidates
            found = next((c for c in options if c in present), None)
            if found is not None:
                mapping[canonical] = found
        for canonical, col in (overrides or {}).items():
            mapping[canonical] = col
        return mapping


class ProfileFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int
    profiles: list[Profile]


@lru_cache(maxsize=1)
def load_profiles() -> dict[str, Profile]:
    text = resources.files("auditor.data").joinpath(PROFILES_FILE).read_text(encoding="utf-8")
    try:
        parsed = ProfileFile.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        raise ConfigError(err["msg"], file=f"auditor/data/{PROFILES_FILE}", column=key) from exc
    names = [p.name for p in parsed.profiles]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"duplicate profile name(s) {dupes}", file=f"auditor/data/{PROFILES_FILE}")
    return {p.name: p for p in parsed.profiles}


def detect_profile(columns: list[str], forced: str | None = None, *, file: str | None = None) -> Profile:
    """The profile for a file with these columns (or the forced one, validated)."""
    profiles = load_profiles()
    if forced is not None:
        if forced not in profiles:
            raise ConfigError(f"unknown profile {forced!r}; known: {', '.join(profiles)}")
        return profiles[forced]
    present = set(columns)
    match = next((p for p in profiles.values() if set(p.detect) <= present), None)
    if match is None:
        raise SchemaError(
            "no schema profile matches; columns found: "
            + ", ".join(columns)
            + " (use --profile NAME or --url-col/--caption-col)",
            file=file,
        )
    return match
