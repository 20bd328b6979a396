"""Typed models of a policy file.

Strict pydantic models with `extra="forbid"`: a typo in a key (`severtiy:`) or a string where a number
belongs is a load error with the file and line, never a rule that silently does nothing. Cross-field
checks that need the whole file (categories in use, threshold references, duplicate ids) live in the
loader, which knows where each key sits in the YAML.
"""

from __future__ import annotations

import functools
import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from auditor.limits import SEVERITIES

#: categories every policy may use; a file may add its own with `categories: [...]`
BUILTIN_CATEGORIES = ("human_subjects", "copyright", "consent", "privacy")

RULE_ID_PATTERN = r"^[A-Z][A-Z0-9_-]{1,63}$"
NAME_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"


@functools.total_ordering
class _OrderedSeverity(Enum):
    """Ordered severities: info < low < medium < high < critical (auditor.limits.SEVERITIES, the one list)."""

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def parse(cls, text: str) -> Severity:
        """From a CLI flag such as `--fail-on high`; ValueError lists the choices."""
        try:
            return cls(text.lower())
        except ValueError:
            raise ValueError(f"unknown severity {text!r}; choose one of "
                             + ", ".join(s.value for s in cls)) from None


#: Severity.INFO ... Severity.CRITICAL, in the order of auditor.limits.SEVERITIES
Severity = _OrderedSeverity("Severity", [(name.upper(), name) for name in SEVERITIES], module=__name__,
                            qualname="Severity")
_RANK = {s: i for i, s in enumerate(Severity)}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(value: str) -> str:
    """Policy text ends up in terminals, CI logs and reports: no escape sequences or other controls."""
    m = _CONTROL.search(value)
    if m:
        raise ValueError(f"control character {m.group()!r} at position {m.start()} is not allowed")
    return value


Printable = AfterValidator(_printable)
Text = Annotated[str, Field(min_length=1, max_length=2000), Printable]
RuleId = Annotated[str, Field(pattern=RULE_ID_PATTERN)]
Name = Annotated[str, Field(pattern=NAME_PATTERN)]
SignalName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
SeverityField = Annotated[Severity, Field(strict=False)]  # strings from YAML -> enum


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Rule(_Strict):
    """One rule: metadata plus a condition (`when`) over signal columns."""

    id: RuleId
    title: Text
    category: Name
    severity: SeverityField
    when: Annotated[str, Field(min_length=1, max_length=4000), Printable]
    message: Annotated[str, Field(min_length=1, max_length=500), Printable]
    how_to_fix: Text
    #: signals shown as evidence in findings; default: the signals the condition reads
    evidence: Annotated[list[SignalName], Field(max_length=20)] | None = None


class Threshold(_Strict):
    """A dataset-level limit, e.g. at most 0.5% of rows may need copyright review.

    Counted over rows with at least one finding in `category`, or from any of `rules`.
    """

    id: RuleId
    title: Text
    category: Name | None = None
    rules: Annotated[list[RuleId], Field(min_length=1)] | None = None
    max_share: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    max_count: Annotated[int, Field(ge=0)] | None = None
    severity: SeverityField
    message: Annotated[str, Field(min_length=1, max_length=500), Printable]

    @model_validator(mode="after")
    def _one_of_each(self) -> Threshold:
        if (self.category is None) == (self.rules is None):
            raise ValueError("give exactly one of 'category' or 'rules'")
        if (self.max_share is None) == (self.max_count is None):
            raise ValueError("give exactly one of 'max_share' or 'max_count'")
        return self


class PolicyFile(_Strict):
    """The top level of one policy YAML file."""

    schema_version: Literal[1]
    name: Annotated[str, Field(min_length=1, max_length=200), Printable]
    description: Annotated[str, Field(max_length=5000), Printable] = ""
    categories: Annotated[list[Name], Field(max_length=50)] = []
    rules: Annotated[list[Rule], Field(max_length=2000)] = []
    thresholds: Annotated[list[Threshold], Field(max_length=200)] = []

    @field_validator("schema_version", mode="before")
    @classmethod
    def _integer_version(cls, value: object) -> object:
        if type(value) is not int:  # `true` and `1.0` equal 1 in Python; the file must say 1
            raise ValueError("schema_version must be the integer 1")
        return value
