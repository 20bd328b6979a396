"""Which addresses the fetcher may connect to, and how host names become addresses.

The fetcher resolves names itself and checks EVERY answer before connecting, then connects to the
checked address (see transport.py), so neither a private DNS answer nor a rebinding between two lookups
can point it at an internal service. Numeric host spellings (`127.1`, `2130706433`, `0177.0.0.1`,
`0x7f.1`) are read the way the C library's inet_aton reads them - the way the OS would connect - and
then checked like any other address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: host name -> addresses (strings); injectable so tests can stub DNS
Resolver = Callable[[str, int], Awaitable[list[str]]]

_NUMERIC_HOST = re.compile(r"^[0-9a-fA-FxX.]+$")
_ALL_DIGITS_AND_DOTS = re.compile(r"^[0-9.]+$")

#: ranges ipaddress does not flag on every Python version, blocked explicitly
_EXTRA_BLOCKED = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "::/128", "::1/128", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
)]
_LOOPBACK = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressBlocked(Exception):
    """A host resolved to (or is) an address we will not connect to."""


class ResolveFailed(Exception):
    """The host name did not resolve."""


def literal_address(host: str) -> IPAddress | None:
    """The address a numeric host denotes (as the OS would read it), or None for a real name.

    Raises ValueError for digit-and-dot hosts no resolver would accept (`1.2.3.4.5`).
    """
    host = host.strip("[]").rstrip(".")
    try:
        return _unwrap(ipaddress.ip_address(host))
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            if _ALL_DIGITS_AND_DOTS.match(host):
                raise ValueError(f"not an address: {host}") from None
    return None


def _unwrap(ip: IPAddress) -> IPAddress:
    """IPv4 embedded in IPv6 (mapped, 6to4, NAT64, Teredo) is judged as the IPv4 it reaches."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def _embedded(ip: IPAddress) -> list[IPAddress]:
    out: list[IPAddress] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.sixtofour is not None:
            out.append(ip.sixtofour)
        if ip.teredo is not None:
            out.extend(ip.teredo)
    return out


def is_public(ip: IPAddress) -> bool:
    ip = _unwrap(ip)
    for one in _embedded(ip):
        if not one.is_global or one.is_multicast or one.is_reserved or one.is_unspecified:
            return False
        if one.is_private or one.is_loopback or one.is_link_local:
            return False
        if any(one in net for net in _EXTRA_BLOCKED if net.version == one.version):
            return False
    return True


def is_allowed(ip: IPAddress, *, allow_private_network: bool = False) -> bool:
    """Public addresses always; loopback only when the caller explicitly allows the private network."""
    ip = _unwrap(ip)
    if is_public(ip):
        return True
    return allow_private_network and any(ip in net for net in _LOOPBACK if net.version == ip.version)


async def system_resolver(host: str, port: int) -> list[str]:
    """getaddrinfo in a worker thread (the event loop's default executor)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ResolveFailed(str(exc)) from None
    return [str(info[4][0]) for info in infos]


async def resolve_checked(host: str, port: int, resolver: Resolver, *,
                          allow_private_network: bool) -> list[str]:
    """The addresses of `host` (deduplicated, resolver order), after checking that ALL are allowed.

    A name with one private answer among public ones is refused whole: an attacker controls the order.
    """
    try:
        literal = literal_address(host)
    except ValueError:
        raise ResolveFailed(f"not an address: {host}") from None
    if literal is not None:
        answers: list[IPAddress] = [literal]
    else:
        raw = await resolver(host, port)
        answers = []
        for a in raw:
            try:
                answers.append(ipaddress.ip_address(a.split("%", 1)[0]))
            except ValueError:
                raise AddressBlocked(f"resolver returned a non-address {a!r}") from None
        if not answers:
            raise ResolveFailed(f"no address for {host}")
    for ip in answers:
        if not is_allowed(ip, allow_private_network=allow_private_network):
            raise AddressBlocked(f"{host} resolves to a blocked address")
    return list(dict.fromkeys(str(_unwrap(ip)) for ip in answers))
