"""Dataset files that live elsewhere: `s3://`, `gs://`, `http(s)://` and `hf://` inputs.

Inputs are streamed, never downloaded whole: parquet needs only the footer and the row groups it reads,
so every remote file is opened as a seekable file object. s3 and gs use pyarrow's native filesystems
(credentials from the usual provider chain). http(s) uses a small Range-request reader on httpx (already a
dependency) rather than fsspec+aiohttp: it is a few lines, follows no redirect to another scheme, and has
explicit timeouts. hf:// needs `huggingface_hub` (optional; a clear error names the extra).

These are dataset locations the user typed, not URLs found in the data, so private addresses are allowed
(a dataset on an internal MinIO or a 127.0.0.1 test server); the scheme is still restricted.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx
import pyarrow.fs as pafs

from auditor import __version__
from auditor.errors import InputError

USER_AGENT = f"auditor/{__version__} (dataset audit; streaming read)"
HTTP_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
READ_BLOCK = 1 << 20
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class RemoteStat:
    size: int
    mtime: str | None  # as the server reports it: HTTP Last-Modified, object mtime


def scheme_of(spec: str) -> str | None:
    """The URL scheme when `spec` looks like a URL (`xx://`), else None (a local path)."""
    if "://" not in spec:
        return None
    return urlsplit(spec).scheme.lower() or None


def is_remote(spec: str) -> bool:
    return scheme_of(spec) is not None


class HttpRangeFile(io.RawIOBase):
    """A seekable read-only file over HTTP Range requests (one request per buffered block)."""

    def __init__(self, url: str, client: httpx.Client, size: int) -> None:
        self.url, self._client, self._size, self._pos = url, client, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer) -> int:  # type: ignore[override]
        want = min(len(buffer), self._size - self._pos)
        if want <= 0:
            return 0
        resp = self._client.get(self.url, headers={"Range": f"bytes={self._pos}-{self._pos + want - 1}"})
        if resp.status_code != 206:
            raise OSError(f"{self.url}: expected 206 Partial Content for a range read, got {resp.status_code}")
        data = resp.content[:want]
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def close(self) -> None:
        self._client.close()
        super().close()


def _http_client() -> httpx.Client:
    # trust_env=False: a proxy variable must not silently route dataset reads elsewhere
    return httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False, trust_env=False,
                        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})


def _http_head(url: str, client: httpx.Client) -> tuple[str, httpx.Response]:
    """HEAD with same-scheme-family redirects only (http/https), at most MAX_REDIRECTS hops."""
    for _ in range(MAX_REDIRECTS + 1):
        resp = client.head(url)
        if resp.is_redirect:
            nxt = str(resp.next_request.url) if resp.next_request else ""
            if urlsplit(nxt).scheme not in ("http", "https"):
                raise InputError(f"redirect to a non-http(s) location refused: {nxt[:200]!r}", file=url)
            url = nxt
            continue
        if resp.status_code != 200:
            raise InputError(f"HTTP {resp.status_code}", file=url)
        return url, resp
    raise InputError(f"more than {MAX_REDIRECTS} redirects", file=url)


def _http_stat(url: str) -> tuple[str, RemoteStat]:
    with _http_client() as client:
        final, resp = _http_head(url, client)
    length = resp.headers.get("Content-Length")
    if length is None or not length.isdigit():
        raise InputError("server sent no Content-Length; streaming reads need it", file=url)
    if resp.headers.get("Accept-Ranges", "").lower() != "bytes":
        raise InputError("server does not accept byte ranges (Accept-Ranges: bytes)", file=url)
    modified = resp.headers.get("Last-Modified")
    mtime = parsedate_to_datetime(modified).isoformat() if modified else None
    return final, RemoteStat(size=int(length), mtime=mtime)


def _hf_fs():
    try:
        from huggingface_hub import HfFileSystem
    except ImportError as exc:
        raise InputError("hf:// inputs need huggingface_hub: pip install 'auditor[hf]'") from exc
    return HfFileSystem()


def stat(url: str) -> RemoteStat:
    scheme = scheme_of(url)
    try:
        if scheme in ("http", "https"):
            return _http_stat(url)[1]
        if scheme == "hf":
            info = _hf_fs().info(url)
            return RemoteStat(size=int(info.get("size") or 0), mtime=str(info.get("last_commit") or "") or None)
        fs, path = pafs.FileSystem.from_uri(url)
        info = fs.get_file_info(path)
        if info.type != pafs.FileType.File:
            raise InputError("no such remote file", file=url)
        return RemoteStat(size=int(info.size or 0), mtime=info.mtime.isoformat() if info.mtime else None)
    except (OSError, httpx.HTTPError) as exc:
        raise InputError(f"cannot reach remote input: {exc}", file=url) from exc


def open_binary(url: str) -> BinaryIO:
    """A seekable, buffered binary file for `url` (s3, gs, http, https, hf)."""
    scheme = scheme_of(url)
    if scheme not in SCHEMES:
        raise InputError(f"unsupported input scheme {scheme!r}; use one of {', '.join(sorted(SCHEMES))}",
                         file=url)
    try:
        if scheme in ("http", "https"):
            final, st = _http_stat(url)
            return io.BufferedReader(HttpRangeFile(final, _http_client(), st.size), buffer_size=READ_BLOCK)
        if scheme == "hf":
            return _hf_fs().open(url, "rb", block_size=READ_BLOCK)
        fs, path = pafs.FileSystem.from_uri(url)
        return fs.open_input_file(path)
    except (OSError, httpx.HTTPError) as exc:
        raise InputError(f"cannot open remote input: {exc}", file=url) from exc


#: schemes accepted as dataset locations; anything else (file:, ftp:, data:) is refused
SCHEMES = frozenset({"s3", "gs", "gcs", "http", "https", "hf"})
