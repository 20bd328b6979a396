"""Which Commons file a URL shows.

upload.wikimedia.org/wikipedia/commons/a/ab/Name.jpg, its /thumb/a/ab/Name.jpg/320px-Name.jpg form,
commons.wikimedia.org/wiki/File:Name.jpg (or ?title=File:Name.jpg), and the same upload URLs behind
WordPress' image CDN (i0.wp.com/upload.wikimedia.org/...), as found in LAION. Other wikis' local uploads
(/wikipedia/en/...) are not on Commons and get no title.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

UPLOAD_HOST = "upload.wikimedia.org"
COMMONS_HOSTS = frozenset({"commons.wikimedia.org", "commons.m.wikimedia.org"})
#: cheap vectorized pre-filter (pyarrow match_substring_regex) before any Python per URL
URL_REGEX = (r"(?i)^https?://(i[0-3]\.wp\.com/)?(upload\.wikimedia\.org/wikipedia/commons/"
             r"|commons(\.m)?\.wikimedia\.org/)")
#: WordPress' image CDN (Photon) serves other sites' images as i0.wp.com/<host>/<path>
_PHOTON = re.compile(r"^i[0-3]\.wp\.com$")
_UPLOAD = re.compile(r"^/wikipedia/commons/(?:thumb/)?[0-9a-f]/[0-9a-f]{2}/([^/]+)(?:/[^/]*)?$")
_MAX_TITLE = 240


def _clean(name: str) -> str | None:
    name = unquote(name).replace("_", " ").strip()
    if not name or len(name) > _MAX_TITLE or any(c in name for c in "#<>[]|{}\n\r\t"):
        return None
    return "File:" + name[0].upper() + name[1:]


def title_from_url(url: str | None) -> str | None:
    """`File:Name.jpg` for a Commons file URL, None for anything else."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if _PHOTON.match(host) and parts.path.startswith(f"/{UPLOAD_HOST}/"):
        host, parts = UPLOAD_HOST, parts._replace(path=parts.path[len(UPLOAD_HOST) + 1:])
    if host == UPLOAD_HOST:
        m = _UPLOAD.match(parts.path)
        return _clean(m.group(1)) if m else None
    if host in COMMONS_HOSTS:
        if parts.path.startswith("/wiki/"):
            page = unquote(parts.path[len("/wiki/"):])
        else:
            page = (parse_qs(parts.query).get("title") or [""])[0]
        prefix, sep, name = page.partition(":")
        if sep and prefix.lower() in ("file", "image"):
            return _clean(name)
    return None
