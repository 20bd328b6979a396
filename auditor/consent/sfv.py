"""A Structured Field Dictionary parser (RFC 9651 §4.2.2), as the aipref vocabulary's format requires.

Only parsing, only what a Dictionary can hold (bare items, inner lists, parameters); a single forward
pass over the bytes, no regex backtracking. Any syntax error raises SFError, and the whole dictionary is
then unusable (the vocabulary says: all preferences unknown). Values come back as (kind, value) so a
caller can tell the Token `y` from the String "y".
"""

from __future__ import annotations

import base64
import string

_LCALPHA = set(string.ascii_lowercase)
_KEY_CHARS = _LCALPHA | set(string.digits) | set("_-.*")
_TCHAR = set(string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~:/")
_DIGITS = set(string.digits)
_B64 = set(string.ascii_letters + string.digits + "+/=")


class SFError(ValueError):
    pass


class _Parser:
    def __init__(self, text: str) -> None:
        self.s, self.i = text, 0

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip(self, chars: str) -> None:
        while self.i < len(self.s) and self.s[self.i] in chars:
            self.i += 1

    def key(self) -> str:
        c = self.peek()
        if not (c in _LCALPHA or c == "*"):
            raise SFError(f"bad key at {self.i}")
        start = self.i
        while self.peek() and self.peek() in _KEY_CHARS:
            self.i += 1
        return self.s[start:self.i]

    def bare_item(self) -> tuple[str, object]:
        c = self.peek()
        if c == "-" or c in _DIGITS:
            return self.number()
        if c == '"':
            return "string", self.string()
        if c == ":":
            return "bytes", self.byte_seq()
        if c == "?":
            self.i += 1
            v = self.peek()
            if v not in ("0", "1"):
                raise SFError("bad boolean")
            self.i += 1
            return "boolean", v == "1"
        if c.isalpha() and c.isascii() or c == "*":
            start = self.i
            self.i += 1
            while self.peek() and self.peek() in _TCHAR:
                self.i += 1
            return "token", self.s[start:self.i]
        raise SFError(f"bad item at {self.i}")

    def number(self) -> tuple[str, object]:
        start = self.i
        if self.peek() == "-":
            self.i += 1
        if self.peek() not in _DIGITS or not self.peek():
            raise SFError("bad number")
        while self.peek() and (self.peek() in _DIGITS or self.peek() == "."):
            self.i += 1
        text = self.s[start:self.i]
        digits = text.lstrip("-")
        if "." in text:
            whole, _, frac = digits.partition(".")
            if "." in frac or not frac or len(whole) > 12 or len(frac) > 3:
                raise SFError("bad decimal")
            return "decimal", float(text)
        if len(digits) > 15:
            raise SFError("integer too long")
        return "integer", int(text)

    def string(self) -> str:
        self.i += 1
        out = []
        while self.i < len(self.s):
            c = self.s[self.i]
            self.i += 1
            if c == "\\":
                nxt = self.peek()
                if nxt not in ('"', "\\"):
                    raise SFError("bad escape")
                out.append(nxt)
                self.i += 1
            elif c == '"':
                return "".join(out)
            elif not (" " <= c <= "~"):
                raise SFError("bad string character")
            else:
                out.append(c)
        raise SFError("unterminated string")

    def byte_seq(self) -> bytes:
        self.i += 1
        end = self.s.find(":", self.i)
        if end < 0:
            raise SFError("unterminated byte sequence")
        body = self.s[self.i:end]
        if not set(body) <= _B64:
            raise SFError("bad byte sequence")
        self.i = end + 1
        try:
            return base64.b64decode(body + "=" * (-len(body) % 4))
        except ValueError as exc:
            raise SFError("bad byte sequence") from exc

    def params(self) -> dict[str, tuple[str, object]]:
        out: dict[str, tuple[str, object]] = {}
        while self.peek() == ";":
            self.i += 1
            self.skip(" ")
            k = self.key()
            v: tuple[str, object] = ("boolean", True)
            if self.peek() == "=":
                self.i += 1
                v = self.bare_item()
            out[k] = v
        return out

    def item_or_inner_list(self) -> tuple[str, object]:
        if self.peek() != "(":
            value = self.bare_item()
            self.params()
            return value
        self.i += 1
        items = []
        while self.i < len(self.s):
            self.skip(" ")
            if self.peek() == ")":
                self.i += 1
                self.params()
                return "inner_list", items
            items.append(self.bare_item())
            self.params()
            if self.peek() not in (" ", ")"):
                raise SFError("bad inner list")
        raise SFError("unterminated inner list")


def parse_dictionary(text: str) -> dict[str, tuple[str, object]]:
    """{key: (kind, value)}; the last of repeated keys wins (RFC 9651); parameters are dropped."""
    if not text.isascii():
        raise SFError("not ASCII")
    p = _Parser(text)
    p.skip(" \t")
    out: dict[str, tuple[str, object]] = {}
    while p.i < len(p.s):
        k = p.key()
        if p.peek() == "=":
            p.i += 1
            value = p.item_or_inner_list()
        else:
            value = ("boolean", True)
            p.params()
        out.pop(k, None)
        out[k] = value
        p.skip(" \t")
        if p.i >= len(p.s):
            return out
        if p.peek() != ",":
            raise SFError(f"expected ',' at {p.i}")
        p.i += 1
        p.skip(" \t")
        if p.i >= len(p.s):
            raise SFError("trailing comma")
    return out
