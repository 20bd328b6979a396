"""Offline guard for network tests: any connect() to a non-loopback address fails the test.

Patched at the socket class level, so it sees httpx/anyio/asyncio connects as well as plain sockets. The
guard raises inside the connecting code (so nothing leaves the machine) AND records the attempt, and the
fixture fails the test afterwards even if the code under test swallowed the error.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest


def _is_loopback(address) -> bool:
    if isinstance(address, tuple) and address:
        try:
            return ipaddress.ip_address(str(address[0]).split("%")[0]).is_loopback
        except ValueError:
            return False
    return False  # unix sockets or odd forms: not expected in these tests


class ConnectLog:
    def __init__(self) -> None:
        self.escaped: list = []   # non-loopback connects (refused)
        self.all: list = []       # every inet connect attempted, loopback included


@pytest.fixture
def loopback_only(monkeypatch):
    log = ConnectLog()
    escaped = log.escaped
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            log.all.append(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            escaped.append(address)
            raise OSError(f"test guard: connect to {address!r} refused (offline test)")
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            log.all.append(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            escaped.append(address)
            return 111
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield log
    assert not escaped, f"code under test tried to connect to non-loopback addresses: {escaped}"
