"""--meta FILE.yaml: the fields only a person can write (dataset name, description, license, intended
uses, social impact, maintenance plan...).

Read with the project's hardened YAML loader; an unknown key, a wrong type or a key the audit measures
itself is an error naming file:line and the key, before anything is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from auditor.croissant.context import HUMAN_RAI, HUMAN_TEXT, HUMAN_TYPED, MEASURED
from auditor.errors import ConfigError
from auditor.policy.yamlsafe import YamlError, load_yaml

#: extra: base URL the data files are published under (contentUrl = base + file name)
OPTIONS = ("contentUrlBase",)
KEYS = (*HUMAN_TEXT, *HUMAN_TYPED, *HUMAN_RAI, *OPTIONS)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_meta(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read --meta file: {exc}", file=str(path)) from None
    try:
        doc = load_yaml(text)
    except YamlError as exc:
        raise ConfigError(str(exc), file=str(path), line=exc.line) from None
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise ConfigError("--meta file must be a mapping of field: value", file=str(path), line=doc.line_of(()))
    for key, value in data.items():
        line = doc.line_of((key,))
        if f"rai:{key}" in MEASURED:
            raise ConfigError(f"{key} is measured by the audit and cannot be set in --meta", file=str(path),
                              line=line, column=key)
        if key not in KEYS:
            raise ConfigError(f"unknown key; known: {', '.join(KEYS)}", file=str(path), line=line, column=key)
        problem = _check(key, value)
        if problem:
            raise ConfigError(problem, file=str(path), line=line, column=key)
    return dict(data)


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def _check(key: str, value: Any) -> str | None:
    if key == "datePublished":
        return None if isinstance(value, str) and _DATE.match(value) else "must be a date YYYY-MM-DD"
    if key in ("keywords", "inLanguage"):
        return None if isinstance(value, str) and value.strip() or _is_text_list(value) else \
            "must be a text or a list of texts"
    if key == "creator":
        items = value if isinstance(value, list) else [value]
        ok = all(isinstance(c, str) and c.strip() or isinstance(c, dict) and isinstance(c.get("name"), str)
                 and set(c) <= {"name", "url", "email", "type"} for c in items)
        return None if items and ok else "must be a name, or a list of names or {name, url, email, type}"
    if key in HUMAN_RAI:
        return None if isinstance(value, str) and value.strip() or _is_text_list(value) else \
            "must be a text or a list of texts"
    return None if isinstance(value, str) and value.strip() else "must be a non-empty text"


def creators(value: Any) -> list[dict[str, Any]]:
    """schema.org Person/Organization nodes from the --meta `creator` value."""
    out = []
    for c in value if isinstance(value, list) else [value]:
        c = {"name": c} if isinstance(c, str) else c
        node = {"@type": "sc:Organization" if c.get("type") == "organization" else "sc:Person", "name": c["name"]}
        node.update({k: c[k] for k in ("url", "email") if k in c})
        out.append(node)
    return out
