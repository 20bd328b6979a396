"""Reading a response body under a byte cap counted on DECODED bytes.

httpx's own decoders inflate a whole network chunk at once, so a 64 KiB gzip chunk can become gigabytes
in memory before any cap is checked. Here we ask only for gzip/deflate/identity, inflate with zlib's
`max_length`, and stop as soon as the decoded total passes the cap: memory stays ~cap + 64 KiB.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

ACCEPT_ENCODING = "gzip, deflate"
_STEP = 64 * 1024


class BodyTooLarge(Exception):
    """The decoded body passed the cap; `partial` holds its first `cap` bytes."""

    def __init__(self, message: str, partial: bytes = b"") -> None:
        super().__init__(message)
        self.partial = partial


class BodyUndecodable(Exception):
    pass


class _Inflater:
    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._d = self._new()
        self._first = True

    def _new(self):
        return zlib.decompressobj(16 + zlib.MAX_WBITS if self._encoding == "gzip" else zlib.MAX_WBITS)

    def feed(self, data: bytes, room: int):
        """Yield decoded pieces of `data`, never more than `room + 1` bytes beyond what was yielded."""
        while data:
            try:
                piece = self._d.decompress(data, min(_STEP, room + 1))
            except zlib.error:
                if self._encoding == "deflate" and self._first:  # raw deflate, as some servers send
                    self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._first = False
                    continue
                raise BodyUndecodable("corrupt compressed body") from None
            self._first = False
            room -= len(piece)
            yield piece
            if room < 0:
                return
            if self._d.eof:
                data = self._d.unused_data  # gzip members may follow one another
                if data:
                    self._d = self._new()
            else:
                data = self._d.unconsumed_tail


async def read_capped(raw: AsyncIterator[bytes], content_encoding: str | None, cap: int) -> bytes:
    """The decoded body of `raw` (undecoded network bytes); BodyTooLarge once it passes `cap` bytes."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if len(codings) > 1 or (codings and codings[0] not in ("gzip", "deflate", "x-gzip")):
        raise BodyUndecodable(f"unsupported content-encoding {content_encoding!r}")
    inflater = _Inflater("gzip" if codings and codings[0] in ("gzip", "x-gzip") else "deflate") \
        if codings else None
    out = bytearray()
    async for chunk in raw:
        pieces = inflater.feed(chunk, cap - len(out)) if inflater else (chunk,)
        for piece in pieces:
            out += piece
            if len(out) > cap:
                raise BodyTooLarge(f"body larger than {cap} bytes", bytes(out[:cap]))
    return bytes(out)
