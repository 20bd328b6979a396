"""Strict URL parsing: what the fetcher accepts before it resolves or connects anything.

Dataset URLs are written by strangers. Anything ambiguous (control characters, surrounding or in-host
whitespace, missing host, broken IPv6 brackets, credentials) is refused here with a reason; spaces inside
a path are percent-encoded as browsers do (real LAION URLs have them), so later stages only see clean
http(s) URLs. Credentials are never sent and never echoed: `redact` is what goes into results and logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from auditor.net.addresses import literal_address

ALLOWED_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f\\]")
_HOST = re.compile(r"^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$")
_SPLIT = re.compile(r"^([^/?#]*//[^/?#]*)(.*)$", re.DOTALL)


class URLRejected(Exception):
    """The URL cannot be fetched; `reason` becomes `skipped:<reason>`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CheckedURL:
    url: str            # normalized, credential-free, IDNA host: what we request
    scheme: str
    host: str           # as httpx/httpcore will see it (IDNA, lower case, no brackets)
    port: int

    @property
    def authority(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def origin(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}" + ("" if self.port == default else f":{self.port}")


def redact(url: str) -> str:
    """`url` without userinfo, safe to show in outputs (never raises)."""
    try:
        parts = urlsplit(url)
        if "@" in parts.netloc:
            return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        return url
    except ValueError:
        return _redact_loose(url)


def _redact_loose(url: str) -> str:
    return re.sub(r"(?<=//)[^/?#]*@", "", url)


def _encode_spaces(url: str) -> str:
    """Spaces in the path or query become %20, as browsers and img2dataset send them; a space in the
    scheme or authority stays and makes the URL invalid."""
    m = _SPLIT.match(url)
    if m is None or " " not in m.group(2):
        return url
    return m.group(1) + m.group(2).replace(" ", "%20")


def _canonical_numeric_host(url: str, parts) -> str:
    """Rewrite `0177.0.0.1`, `2130706433`, `127.1` to dotted form, as browsers and the OS read them."""
    host = parts.hostname or ""
    if ":" in host:
        return url
    try:
        ip = literal_address(host)
    except ValueError:
        raise URLRejected("invalid_url") from None
    if ip is None or str(ip) == host:
        return url
    netloc = str(ip) + (f":{parts.port}" if parts.port is not None else "")
    return urlunsplit(parts._replace(netloc=netloc))


def check_url(url: object, *, max_length: int = 8192) -> CheckedURL:
    """Parse `url` strictly; raise URLRejected('unsupported_scheme' | 'invalid_url')."""
    if not isinstance(url, str) or not url:
        raise URLRejected("invalid_url")
    if len(url) > max_length or _BAD_CHARS.search(url) or url != url.strip():
        raise URLRejected("invalid_url")
    url = _encode_spaces(url)
    if " " in url:  # left only in the scheme or authority
        raise URLRejected("invalid_url")
    m = _SCHEME.match(url)
    if not m:
        raise URLRejected("invalid_url")
    scheme = m.group(1).lower()
    if scheme not in ALLOWED_SCHEMES:
        raise URLRejected("unsupported_scheme")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise URLRejected("invalid_url") from None
    if not url[len(scheme) + 1:].startswith("//") or not parts.hostname:
        raise URLRejected("invalid_url")
    if "@" in parts.netloc:  # credentials in a dataset URL: never sent, never echoed
        raise URLRejected("invalid_url")
    url = _canonical_numeric_host(url, parts)
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, UnicodeError, ValueError):
        raise URLRejected("invalid_url") from None
    host = parsed.raw_host.decode("ascii").lower().rstrip(".")
    if not host or not (_HOST.match(host) or ":" in host):  # IPv6 literals were validated by httpx
        raise URLRejected("invalid_url")
    if port is None:
        port = 443 if scheme == "https" else 80
    clean = str(parsed.copy_with(fragment=None))
    return CheckedURL(url=clean, scheme=scheme, host=host, port=port)
