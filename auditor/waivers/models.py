"""Typed model of a waiver file.

A waiver says: findings of rule R on these rows (keys, a URL glob or a domain) are accepted, for a
reason from a fixed list, approved by someone on a date, possibly until an expiry date. Strict models
(extra="forbid") so a typo is a load error with file and line, never a waiver that silently applies
to nothing or to everything.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from auditor.policy.models import RULE_ID_PATTERN

REASONS = ("license_acquired", "consent_obtained", "false_positive", "public_figure_newsworthy",
           "removed_before_release")
Reason = Literal["license_acquired", "consent_obtained", "false_positive", "public_figure_newsworthy",
                 "removed_before_release"]
_DOMAIN = r"^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*$"


def _date(value: object) -> object:
    """Dates are written YYYY-MM-DD; the safe YAML loader keeps them as text."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"not a date (YYYY-MM-DD): {value[:40]!r}") from None
    raise ValueError("a date must be written YYYY-MM-DD")


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    rule: Annotated[str, Field(pattern=RULE_ID_PATTERN)]
    keys: Annotated[list[Annotated[str, Field(min_length=1, max_length=1000)]],
                    Field(min_length=1, max_length=1_000_000)] | None = None
    url_glob: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    domain: Annotated[str, Field(pattern=_DOMAIN, max_length=253)] | None = None
    reason: Reason
    approved_by: Annotated[str, Field(min_length=1, max_length=200)]
    date: dt.date
    expires: dt.date | None = None
    note: Annotated[str, Field(max_length=2000)] = ""

    _parse_dates = field_validator("date", "expires", mode="before")(classmethod(lambda cls, v: _date(v)))

    @model_validator(mode="after")
    def _scope(self) -> Waiver:
        if self.keys is None and self.url_glob is None and self.domain is None:
            raise ValueError("a waiver must cover something: give keys, url_glob or domain")
        if self.expires is not None and self.expires < self.date:
            raise ValueError("expires is before date")
        return self

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    schema_version: Literal[1]
    waivers: Annotated[list[Waiver], Field(max_length=10_000)]
