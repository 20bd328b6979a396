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


#: what GitHub Actions (`::cmd::`) and Azure Pipelines (`##[cmd]`, `##vso[`) read as commands in a log
_CI_COMMAND = re.compile(r"::|##(?=\[|vso\[)")


def terminal_safe(text: str | None, limit: int = 200, *, keep_newlines: bool = False) -> str:
    """THE escaping for stdout/stderr and CI logs; every data value printed there goes through it.

    Control characters (ANSI escapes, C1, bidi overrides, line/paragraph separators) become `?`; CR/LF
    become spaces unless `keep_newlines` (a traceback); `::` and `##[` / `##vso[` get a zero-width space
    inside them wherever they are - a line start in a CI log is wherever the printing began - so no value
    can start a workflow command or an annotation.
    """
    text = clip(text, limit)
    if keep_newlines:
        text = "\n".join(_CONTROL.sub("?", line.replace("\r", " ")) for line in text.split("\n"))
    else:
        text = _CONTROL.sub("?", text).replace("\n", " ").replace("\r", " ")
    return _CI_COMMAND.sub(lambda m: m.group(0)[0] + "\u200b" + m.group(0)[1:], text)
