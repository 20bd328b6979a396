"""Escaping for text that came from the dataset: captions, URLs, keys, evidence.

Data is written by strangers. In Markdown nothing from it may render as a link, image, HTML, table cell
break or code; on a terminal or CI log nothing may act as an escape sequence or a workflow command.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:<>&\"'=])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def clip(text: str | None, limit: int = 200) -> str:
    if text is None:
        return ""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def md_escape(text: str | None, limit: int = 200) -> str:
    """Inert Markdown text for a table cell: no links, images, HTML, code or cell breaks.

    HTML-significant characters become entities; other Markdown punctuation (and `:`/`.`, which GitHub's
    autolinker needs) is backslash-escaped; newlines and control characters become spaces.
    """
    text = _CONTROL.sub(" ", clip(text, limit)).replace("\r", " ").replace("\n", " ").replace("\t", " ")

    def esc(m: re.Match) -> str:
        ch = m.group(1)
        return _HTML[ch] if ch in _HTML else "\\" + ch

    return _MD_SPECIAL.sub(esc, text)


def terminal_safe(text: str | None, limit: int = 200) -> str:
    """For stdout/stderr and CI logs: no ANSI escapes, no `::workflow-command::` at a line start."""
    text = _CONTROL.sub("?", clip(text, limit)).replace("\n", " ").replace("\r", " ")
    return text.replace("::", ":\u200b:")
