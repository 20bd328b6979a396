"""Load policy files into one validated Policy, failing loudly with file, line and key.

Everything that can be wrong with a policy is found here, before any data is read: unsafe YAML,
unknown keys, bad types and severities, duplicate rule ids (within and across files), conditions
outside the grammar, unknown signals (with close matches), type mismatches and invalid regexes.
Each problem is one ConfigError whose one-line form is `file:line, column 'key path': message`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
from pydantic import ValidationError

from auditor.errors import ConfigError, raise_all
from auditor.policy.conditions import ConditionError, columns_of, parse
from auditor.policy.models import BUILTIN_CATEGORIES, RULE_ID_PATTERN, PolicyFile, Rule, Threshold
from auditor.policy.policy import CompiledRule, Policy, PolicySource
from auditor.policy.typecheck import check_types
from auditor.policy.yamlsafe import MAX_BYTES, KeyPath, Located, YamlError, format_path, load_yaml

_FIELDS = {
    (): set(PolicyFile.model_fields),
    ("rules",): set(Rule.model_fields),
    ("thresholds",): set(Threshold.model_fields),
}


class _File:
    """One policy file being loaded: its name, its located YAML, and error helpers."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        try:
            with path.open("rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ConfigError(f"cannot read policy file: {exc.strerror or exc}", file=self.name) from None
        if len(raw) > MAX_BYTES:
            raise ConfigError(f"policy file is larger than {MAX_BYTES} bytes", file=self.name)
        self.sha256 = hashlib.sha256(raw).hexdigest()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"policy file is not UTF-8 (byte {exc.start})", file=self.name) from None
        try:
            self.doc: Located = load_yaml(text)
        except YamlError as exc:
            raise self.error(str(exc), exc.path, line=exc.line) from None

    def error(self, message: str, path: KeyPath, line: int | None = None) -> ConfigError:
        rule_id = self.rule_id(path)
        prefix = f"{'rule' if path[0] == 'rules' else 'threshold'} {rule_id}: " if rule_id else ""
        if line is None and path and hasattr(self, "doc"):
            line = self.doc.line_of(path)
        return ConfigError(prefix + message, file=self.name, line=line, column=format_path(path) or None)

    def rule_id(self, path: KeyPath) -> str | None:
        data = getattr(self, "doc", None) and self.doc.data
        if len(path) >= 2 and path[0] in ("rules", "thresholds") and isinstance(path[1], int):
            try:
                item = data[path[0]][path[1]]
            except (KeyError, IndexError, TypeError):
                return None
            rid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(rid, str):
                return None
            return rid if re.fullmatch(RULE_ID_PATTERN, rid) else repr(rid)[:66]
        return None


def _validation_errors(f: _File, exc: ValidationError) -> list[ConfigError]:
    """One ConfigError per problem pydantic found; unknown keys first (a typo usually causes a "missing")."""
    errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
    return [_validation_error(f, err) for err in errors]


def _validation_error(f: _File, err: dict) -> ConfigError:
    path: KeyPath = tuple(p for p in err["loc"] if isinstance(p, str | int))
    if err["type"] == "extra_forbidden":
        parent = tuple(p for p in path[:-1] if not isinstance(p, int))
        allowed = _FIELDS.get(parent, set())
        close = difflib.get_close_matches(str(path[-1]), sorted(allowed), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        msg = f"unknown key {path[-1]!r}{hint}; allowed keys: {', '.join(sorted(allowed))}"
    elif err["type"] == "missing":
        msg = f"missing required key {path[-1]!r}"
    else:
        got = err.get("input")
        msg = err["msg"].removeprefix("Value error, ")
        if not isinstance(got, dict | list):
            msg += f" (got {repr(got)[:60]})"
        elif err["type"] in ("string_type", "int_type", "float_type", "bool_type"):
            msg += f" (got a {'mapping' if isinstance(got, dict) else 'list'})"
    return f.error(msg, path)


def _load_file(path: Path, signals: Mapping[str, pa.DataType], problems: list[ConfigError]
               ) -> tuple[_File, PolicyFile, list[CompiledRule]] | None:
    """The file's rules; each problem is appended to `problems` (None when the file cannot be read at all)."""
    try:
        f = _File(path)
    except ConfigError as exc:
        problems.append(exc)
        return None
    if not isinstance(f.doc.data, dict):
        problems.append(f.error("a policy file must be a mapping with schema_version, name and rules", (), line=1))
        return None
    try:
        model = PolicyFile.model_validate(f.doc.data)
    except ValidationError as exc:
        problems.extend(_validation_errors(f, exc))
        return None
    categories = set(BUILTIN_CATEGORIES) | set(model.categories)
    seen: dict[str, int] = {}
    compiled = []
    for i, rule in enumerate(model.rules):
        here: KeyPath = ("rules", i)
        if rule.id in seen:
            problems.append(f.error(f"duplicate rule id {rule.id!r} (first defined at {f.name}:{seen[rule.id]})",
                                    here + ("id",)))
            continue
        seen[rule.id] = f.doc.line_of(here + ("id",)) or 0
        if rule.category not in categories:
            problems.append(f.error(f"unknown category {rule.category!r}; known: {', '.join(sorted(categories))} "
                                    "(add new ones under 'categories:')", here + ("category",)))
        try:
            compiled.append(_compile(f, rule, here, signals))
        except ConfigError as exc:
            problems.append(exc)
    return f, model, compiled


def _compile(f: _File, rule: Rule, here: KeyPath, signals: Mapping[str, pa.DataType]) -> CompiledRule:
    try:
        node = parse(rule.when)
        check_types(node, signals)
    except ConditionError as exc:
        snippet = rule.when if len(rule.when) <= 120 else rule.when[:117] + "..."
        msg = f"condition {snippet!r}: {exc} (at character {exc.pos + 1})"
        raise f.error(msg, here + ("when",)) from None
    evidence = tuple(rule.evidence) if rule.evidence is not None else tuple(columns_of(node))
    for j, name in enumerate(evidence):
        if name not in signals:
            close = difflib.get_close_matches(name, list(signals), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
            raise f.error(f"unknown evidence signal {name!r}{hint}", here + ("evidence", j))
    return CompiledRule(rule, node, evidence, f.name, f.doc.line_of(here) or 0)


def load_policies(paths: list[Path], known_signals: Mapping[str, pa.DataType]) -> Policy:
    """Load and merge policy files; raise ConfigError (file, line, key) naming every problem in every file."""
    if not paths:
        raise ConfigError("no policy file given")
    rules: dict[str, CompiledRule] = {}
    thresholds: list[tuple[_File, int, Threshold]] = []
    categories = list(BUILTIN_CATEGORIES)
    sources = []
    problems: list[ConfigError] = []
    declared: set[str] = set()  # ids of rules that exist even if broken (their problem is already reported)
    for path in paths:
        loaded = _load_file(Path(path), known_signals, problems)
        if loaded is None:
            continue
        f, model, compiled = loaded
        declared.update(r.id for r in model.rules)
        for r in compiled:
            if r.id in rules:
                i = next(i for i, x in enumerate(model.rules) if x.id == r.id)
                problems.append(f.error(f"duplicate rule id {r.id!r}: also defined at {rules[r.id].where}",
                                        ("rules", i, "id")))
                continue
            rules[r.id] = r
        categories += [c for c in model.categories if c not in categories]
        thresholds += [(f, i, t) for i, t in enumerate(model.thresholds)]
        sources.append(PolicySource(f.name, f.sha256, model.name, model.description))
    seen_thresholds: dict[str, str] = {}
    for f, i, t in thresholds:
        here: KeyPath = ("thresholds", i)
        where = f"{f.name}:{f.doc.line_of(here + ('id',))}"
        if t.id in rules or t.id in seen_thresholds:
            other = rules[t.id].where if t.id in rules else seen_thresholds[t.id]
            problems.append(f.error(f"duplicate id {t.id!r}: also defined at {other}", here + ("id",)))
        seen_thresholds[t.id] = where
        if t.category is not None and t.category not in categories:
            problems.append(f.error(f"unknown category {t.category!r}", here + ("category",)))
        for j, rid in enumerate(t.rules or ()):
            if rid not in rules and rid not in declared:
                close = difflib.get_close_matches(rid, list(rules), n=3)
                hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
                problems.append(f.error(f"threshold names unknown rule {rid!r}{hint}", here + ("rules", j)))
    raise_all(problems)
    return Policy(tuple(rules.values()), tuple(t for _, _, t in thresholds), tuple(categories),
                  tuple(sources), dict(known_signals))


def file_sha256(path: Path) -> str:
    """sha256 of a policy file as loaded (the same value Policy.sources records)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()

