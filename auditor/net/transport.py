"""An httpx transport that connects only to addresses the fetcher has already checked.

httpx would resolve the host name again when it connects - a second DNS lookup an attacker can answer
differently (rebinding). Instead the fetcher pins `host -> checked address` before each request and this
transport's network backend connects to the pinned address. The URL keeps the host name, so the Host
header, TLS SNI, certificate verification and the connection pool key are all the real host's.
"""

from __future__ import annotations

import ipaddress
import ssl
from collections import deque
from typing import Any

import httpcore
import httpx

from auditor.net.addresses import is_allowed


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects `host` to `pins[host]`; refuses hosts that were not pinned or whose pin is not allowed."""

    def __init__(self, allow_private_network: bool) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private_network
        self.pins: dict[str, list[str]] = {}
        #: (host, address, port) of the last connections made; tests read it to prove the pinning
        self.connections: deque[tuple[str, str, int]] = deque(maxlen=256)

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        addresses = self.pins.get(host.lower())
        if not addresses:
            raise httpcore.ConnectError(f"refusing to connect to unchecked host {host!r}")
        last: Exception | None = None
        for address in addresses:  # each was checked; try them in the resolver's order
            if not is_allowed(ipaddress.ip_address(address), allow_private_network=self._allow_private):
                raise httpcore.ConnectError("refusing to connect to a blocked address")
            self.connections.append((host.lower(), address, port))
            try:
                return await self._inner.connect_tcp(address, port, timeout=timeout,
                                                     local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not allowed")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's default transport (error mapping, streaming) over a pool that uses PinnedBackend."""

    def __init__(self, backend: PinnedBackend, *, max_connections: int = 100,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        super().__init__(trust_env=False, proxy=None)
        if ssl_context is None:
            ssl_context = httpx.create_ssl_context(verify=True, trust_env=False)
        # httpx has no public hook for the network backend; replacing the pool it built is the
        # documented httpcore way to choose one (AsyncConnectionPool(network_backend=...)).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context, max_connections=max_connections,
            max_keepalive_connections=20, keepalive_expiry=5.0, http1=True, http2=False,
            network_backend=backend,
        )
