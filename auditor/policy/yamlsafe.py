"""Read a policy YAML file written by a stranger: plain data only, with the line of every key.

Built on PyYAML's pure-Python SafeLoader (no object construction), tightened further:
- aliases and anchors are refused outright, so a "billion laughs" file fails at its first `&`/`*`;
- nesting deeper than MAX_DEPTH is refused while composing, before Python's recursion limit matters;
- only plain tags (str, int, float, bool, null, map, seq) are accepted; `!!python/...`, `!!binary`,
  `!!set` and custom tags are an error at their line - nothing is ever constructed from them;
- duplicate keys are an error naming both lines (PyYAML would silently keep the last one);
- files larger than MAX_BYTES are refused before parsing.
We compose the node tree, then convert it ourselves so each key path maps to its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 50
MAX_BYTES = 1_000_000

_T = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_T + "str", _T + "int", _T + "float", _T + "bool", _T + "null"}
_AS_TEXT_TAGS = {_T + "timestamp"}  # an unquoted date is kept as the text written

KeyPath = tuple[str | int, ...]


class YamlError(ValueError):
    """Unsafe or malformed YAML; `line` is 1-based, `path` the key path reached."""

    def __init__(self, message: str, line: int | None, path: KeyPath = ()) -> None:
        super().__init__(message)
        self.line = line
        self.path = path


@dataclass
class Located:
    """Plain data from a YAML file plus the 1-based line of every key path in it."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int | None:
        """Line of `path`, or of its nearest ancestor that exists (for missing keys)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def format_path(path: KeyPath) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


class _StrictLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._path: list[str | int] = []
        self._depth = 0  # counted separately: complex keys (`? [...]`) nest without a path segment

    def compose_node(self, parent: Node | None, index: object) -> Node:
        # PyYAML passes the key node as `index` for mapping values and an int for sequence items,
        # which gives us the key path of every node while composing (for error messages).
        seg = index.value if isinstance(index, ScalarNode) else index
        pushed = isinstance(seg, str | int)
        if pushed:
            self._path.append(seg)  # type: ignore[arg-type]
        self._depth += 1
        try:
            return self._compose_checked(parent, index)
        finally:
            self._depth -= 1
            if pushed:
                self._path.pop()

    def _compose_checked(self, parent: Node | None, index: object) -> Node:
        event = self.peek_event()
        line, path = event.start_mark.line + 1, tuple(self._path)
        if self.check_event(AliasEvent):
            raise YamlError(f"YAML aliases (*{event.anchor}) are not allowed in policy files", line, path)
        if getattr(event, "anchor", None) is not None:
            raise YamlError(f"YAML anchors (&{event.anchor}) are not allowed in policy files", line, path)
        if self._depth > MAX_DEPTH:
            raise YamlError(f"YAML nested deeper than {MAX_DEPTH} levels", line, path[:8] + ("...",))
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Located:
    """Parse `text` into plain data with line numbers, or raise YamlError."""
    if len(text) > MAX_BYTES:
        raise YamlError(f"policy file is larger than {MAX_BYTES} bytes", None)
    _check_flow_depth(text)
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        located = Located(None)
        if node is not None:
            located.data = _convert(loader, node, (), located.lines, node.start_mark.line + 1)
        return located
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(f"invalid YAML: {exc.problem or exc.context}",
                        mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", None) from None
    finally:
        loader.dispose()


def _check_flow_depth(text: str) -> None:
    """Refuse deeply nested `[`/`{` before PyYAML sees them.

    PyYAML's scanner looks up to 1024 characters ahead for a possible simple key at every flow token,
    so a run of brackets costs it ~0.2-0.5 s before the composer's depth limit can fire. Counting
    brackets with numpy takes milliseconds. Brackets inside quoted strings count too, which only
    matters for text nobody writes on purpose (more than MAX_DEPTH unclosed brackets).
    """
    raw = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    step = (np.isin(raw, _OPEN).astype(np.int32) - np.isin(raw, _CLOSE).astype(np.int32))
    depth = np.cumsum(step)
    if not len(depth) or depth.max() <= MAX_DEPTH:
        return
    pos = int(np.argmax(depth > MAX_DEPTH))
    newlines = np.flatnonzero(raw[:pos] == ord("\n"))
    line_start = int(newlines[-1]) + 1 if len(newlines) else 0
    prefix = bytes(raw[line_start:pos]).decode("utf-8", "replace")
    key = prefix.split("[")[0].split("{")[0].strip().lstrip("- ").rstrip(":").strip()
    path: KeyPath = (key,) if key.isidentifier() else ()
    raise YamlError(f"YAML nested deeper than {MAX_DEPTH} levels ([ and {{ brackets)", len(newlines) + 1,
                    path)


_OPEN = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSE = np.frombuffer(b"]}", dtype=np.uint8)


def _convert(loader: _StrictLoader, node: Node, path: KeyPath, lines: dict[KeyPath, int],
             line: int) -> Any:
    lines[path] = line
    if isinstance(node, MappingNode):
        _require_tag(node, _T + "map", path)
        out: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag != _T + "str":
                raise YamlError("keys must be plain strings", key_line, path)
            key = key_node.value
            if key in key_lines:
                raise YamlError(f"duplicate key {key!r} (first at line {key_lines[key]})", key_line,
                                path + (key,))
            key_lines[key] = key_line
            out[key] = _convert(loader, value_node, path + (key,), lines, key_line)
        return out
    if isinstance(node, SequenceNode):
        _require_tag(node, _T + "seq", path)
        return [_convert(loader, item, path + (i,), lines, item.start_mark.line + 1)
                for i, item in enumerate(node.value)]
    if node.tag in _AS_TEXT_TAGS:
        return node.value
    _require_tag(node, _SCALAR_TAGS, path)
    return loader.construct_object(node, deep=False)


def _require_tag(node: Node, allowed: str | set[str], path: KeyPath) -> None:
    ok = node.tag in allowed if isinstance(allowed, set) else node.tag == allowed
    if not ok:
        tag = node.tag.replace(_T, "!!")
        raise YamlError(f"YAML tag {tag} is not allowed in policy files (plain data only; nothing is "
                        "executed or constructed)", node.start_mark.line + 1, path)
