"""SafeFetcher: the one way the auditor talks HTTP.

Every request goes: strict URL check -> our own DNS lookup -> every answer checked -> connect to the
checked address (PinnedTransport) -> body read under a decoded-byte cap -> redirects followed by hand,
each hop checked again. A wall-clock budget bounds each attempt, so a server dripping one byte at a time
cannot hold a worker. Results never raise: each is `ok`, `skipped:<reason>` or `error:<reason>`.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import urljoin

import httpx

from auditor.net.addresses import AddressBlocked, ResolveFailed, Resolver, resolve_checked, system_resolver
from auditor.net.body import ACCEPT_ENCODING, BodyTooLarge, BodyUndecodable, read_capped
from auditor.net.options import NetOptions
from auditor.net.politeness import CircuitBreaker, HostGate, backoff_seconds, retry_after_seconds
from auditor.net.transport import PinnedBackend, PinnedTransport
from auditor.net.urls import CheckedURL, URLRejected, check_url, redact

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
TRANSIENT_HTTP = frozenset({429, 502, 503, 504})
_METHODS = frozenset({"GET", "HEAD"})
#: outcomes that say the host is unhealthy (they feed the circuit breaker)
_HOST_FAILURES = ("error:connect_failed", "error:timeout", "error:http_5", "error:http_429")


@dataclass
class FetchResult:
    url: str                                   # requested URL, credentials removed
    status: str                                # ok | skipped:<reason> | error:<reason>
    body: bytes = b""
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    final_url: str | None = None
    hops: list[str] = field(default_factory=list)
    http_status: int | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    address: str | None = None                 # first checked address of the last hop (connected first)
    truncated: bool = False                    # body cut at the cap (fetch(truncate=True) only)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class _Outcome(Exception):
    """Ends an attempt early with a status (internal control flow)."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class SafeFetcher:
    """Async context manager around one httpx client; use one per event loop."""

    def __init__(self, options: NetOptions | None = None, *, resolver: Resolver | None = None,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        """`resolver` and `ssl_context` replace DNS and the system CA store (tests, private CAs)."""
        self.options = options or NetOptions()
        self._resolver = resolver or system_resolver
        self._backend = PinnedBackend(self.options.allow_private_network)
        self._gate = HostGate(self.options.per_host_concurrency, self.options.per_host_delay)
        self.breaker = CircuitBreaker(self.options.circuit_threshold, self.options.circuit_reset)
        self.requests: Counter[str] = Counter()     # HTTP requests sent, per host
        self._client: httpx.AsyncClient | None = None
        self._ssl_context = ssl_context

    @property
    def connections(self):
        return self._backend.connections

    @property
    def max_in_flight(self) -> Counter[str]:
        return self._gate.max_in_flight

    async def __aenter__(self) -> SafeFetcher:
        o = self.options
        self._client = httpx.AsyncClient(
            transport=PinnedTransport(self._backend, ssl_context=self._ssl_context),
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(connect=o.connect_timeout, read=o.read_timeout,
                                  write=o.read_timeout, pool=o.deadline),
            headers={"User-Agent": o.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),  # never store cookies
        )
        return self

    async def __aexit__(self, *exc) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def fetch(self, url: str, *, max_bytes: int | None = None, method: str = "GET",
                    headers: dict[str, str] | None = None, read_body: bool = True,
                    truncate: bool = False) -> FetchResult:
        """Fetch `url`; never raises for anything the server or the URL does.

        `read_body=False` stops after the headers (HEAD-like, for a ranged GET). `truncate=True` keeps the
        first `max_bytes` of a longer body (status ok, `truncated` set) - robots.txt wants that.
        """
        if self._client is None:
            raise RuntimeError("SafeFetcher must be used as `async with SafeFetcher(...)`")
        method = method.upper()
        if method not in _METHODS:
            raise ValueError(f"method {method!r} is not allowed")
        shown = redact(url) if isinstance(url, str) else repr(type(url))
        try:
            first = check_url(url, max_length=self.options.max_url_length)
        except URLRejected as exc:
            return FetchResult(url=shown, status=f"skipped:{exc.reason}")
        cap = self.options.max_bytes if max_bytes is None else max_bytes
        extra = {k: v for k, v in (headers or {}).items() if k.lower() not in ("host", "cookie")}
        o = self.options
        for attempt in range(o.retries + 1):
            result, host = await self._attempt(first, shown, method, extra, cap, read_body, truncate)
            if result.status.startswith(_HOST_FAILURES):
                self.breaker.failure(host)
            elif result.status.startswith(("ok", "error:http_")):
                self.breaker.success(host)
            transient = result.status == "error:connect_failed" or (
                result.http_status in TRANSIENT_HTTP and result.status.startswith("error:http_"))
            if not transient or attempt == o.retries:
                return result
            wait = retry_after_seconds(result.headers.get("retry-after"), o.retry_after_cap)
            await asyncio.sleep(wait if wait is not None else backoff_seconds(attempt, o.backoff))
        raise AssertionError("unreachable")

    async def _attempt(self, first: CheckedURL, shown: str, method: str, headers: dict[str, str],
                       cap: int, read_body: bool, truncate: bool) -> tuple[FetchResult, str]:
        """One attempt, all redirect hops; returns the result and the host:port of its last hop.

        Politeness is per host (one machine), the circuit breaker per host:port (one service).
        """
        result = FetchResult(url=shown, status="error:unknown")
        current, seen, spent = first, set(), 0.0
        while True:
            result.hops.append(current.url)
            result.final_url = current.url
            if current.url in seen:
                result.status = "error:redirect_loop"
                return result, current.authority
            seen.add(current.url)
            if len(result.hops) > self.options.max_redirects + 1:
                result.status = "error:too_many_redirects"
                return result, current.authority
            async with self._gate.slot(current.host):
                if not self.breaker.allow(current.authority):  # in the slot: sees earlier failures
                    result.status = "skipped:circuit_open"
                    return result, current.authority
                started = time.monotonic()
                try:
                    async with asyncio.timeout(max(0.0, self.options.deadline - spent)):
                        location = await self._hop(current, method, headers, cap, read_body, truncate,
                                                  result)
                except _Outcome as out:
                    result.status = out.status
                    return result, current.authority
                except TimeoutError:
                    result.status = "error:timeout"
                    return result, current.authority
                finally:
                    spent += time.monotonic() - started
            if location is None:
                return result, current.authority
            target = urljoin(current.url, location)
            try:
                current = check_url(target, max_length=self.options.max_url_length)
            except URLRejected as exc:
                result.hops.append(redact(target))
                result.status = f"skipped:{exc.reason}"
                return result, current.authority
            if result.http_status == 303:
                method = "GET"

    async def _hop(self, current: CheckedURL, method: str, headers: dict[str, str], cap: int,
                   read_body: bool, truncate: bool, result: FetchResult) -> str | None:
        """One request; fills `result`, returns the redirect target or None."""
        result.http_status, result.headers = None, httpx.Headers()  # a failed hop has no answer
        try:
            addresses = await resolve_checked(current.host, current.port, self._resolver,
                                            allow_private_network=self.options.allow_private_network)
        except AddressBlocked:
            raise _Outcome("skipped:blocked_address") from None
        except ResolveFailed:
            raise _Outcome("error:dns_failed") from None
        self._backend.pins[current.host] = addresses
        result.address = addresses[0]
        assert self._client is not None
        request = self._client.build_request(method, current.url, headers=headers)
        self.requests[current.host] += 1
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise _Outcome("error:timeout") from None
        except httpx.ConnectError:
            raise _Outcome("error:connect_failed") from None
        except httpx.HTTPError:
            raise _Outcome("error:protocol_error") from None
        try:
            result.http_status = response.status_code
            result.headers = response.headers
            result.fetched_at = datetime.now(UTC)
            location = response.headers.get("location")
            if response.status_code in REDIRECT_CODES and location:
                if "@" in location:  # never keep credentials a server put in a redirect
                    result.headers = httpx.Headers(response.headers)
                    result.headers["location"] = redact(location)
                return location
            if read_body and method != "HEAD":
                result.body = await self._read(response, cap, truncate, result)
            code = response.status_code
            result.status = "ok" if 200 <= code < 300 else f"error:http_{code}"
            return None
        finally:
            await response.aclose()

    async def _read(self, response: httpx.Response, cap: int, truncate: bool,
                    result: FetchResult) -> bytes:
        encoding = response.headers.get("content-encoding")
        declared = response.headers.get("content-length", "")
        if not truncate and not encoding and declared.isdigit() and int(declared) > cap:
            raise _Outcome("error:too_large")
        try:
            return await read_capped(response.aiter_raw(), encoding, cap)
        except BodyTooLarge as exc:
            if truncate:
                result.truncated = True
                return exc.partial
            raise _Outcome("error:too_large") from None
        except BodyUndecodable:
            raise _Outcome("error:undecodable") from None
        except httpx.TimeoutException:
            raise _Outcome("error:timeout") from None
        except httpx.HTTPError:
            raise _Outcome("error:protocol_error") from None
