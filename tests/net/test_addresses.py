import asyncio
import ipaddress

import pytest

from auditor.net.addresses import (
    AddressBlocked,
    ResolveFailed,
    is_allowed,
    is_public,
    literal_address,
    resolve_checked,
)


@pytest.mark.parametrize("host,expected", [
    ("127.1", "127.0.0.1"),
    ("2130706433", "127.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"),
    ("0x7f.0.0.1", "127.0.0.1"),
    ("0.0.0.0", "0.0.0.0"),
    ("::ffff:127.0.0.1", "127.0.0.1"),
    ("64:ff9b::a00:1", "10.0.0.1"),
    ("example.org", None),
    ("cafe.be", None),
])
def test_literal_address(host, expected):
    got = literal_address(host)
    assert (str(got) if got is not None else None) == expected


def test_digit_hosts_no_resolver_accepts():
    with pytest.raises(ValueError):
        literal_address("1.2.3.4.5")


@pytest.mark.parametrize("ip,public", [
    ("93.184.216.34", True), ("2606:2800:220:1:248:1893:25c8:1946", True),
    ("127.0.0.1", False), ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("240.0.0.1", False), ("255.255.255.255", False), ("198.18.0.1", False), ("::1", False),
    ("::", False), ("fe80::1", False), ("fc00::1", False), ("ff02::1", False),
    ("::ffff:10.0.0.1", False), ("2002:a00:1::", False), ("2001:db8::1", False),
])
def test_is_public(ip, public):
    assert is_public(ipaddress.ip_address(ip)) is public


@pytest.mark.parametrize("ip,allowed", [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("::ffff:127.0.0.1", True),
    ("10.0.0.1", False), ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False),
    ("192.168.0.1", False), ("fe80::1", False),
])
def test_allow_private_network_means_loopback_only(ip, allowed):
    assert is_allowed(ipaddress.ip_address(ip), allow_private_network=True) is allowed
    assert is_allowed(ipaddress.ip_address(ip), allow_private_network=False) is False


def _resolver(answers):
    async def resolve(host, port):
        return answers
    return resolve


@pytest.mark.parametrize("answers,ok", [
    (["93.184.216.34"], True),
    (["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "93.184.216.34"], True),
    (["93.184.216.34", "10.0.0.1"], False),
    (["10.0.0.1", "93.184.216.34"], False),
    (["::ffff:169.254.169.254"], False),
    (["not-an-ip"], False),
])
def test_every_answer_checked(answers, ok):
    coro = resolve_checked("name.test", 80, _resolver(answers), allow_private_network=False)
    if ok:
        assert asyncio.run(coro) == list(dict.fromkeys(answers))
    else:
        with pytest.raises(AddressBlocked):
            asyncio.run(coro)


def test_no_answer_is_resolve_failure():
    with pytest.raises(ResolveFailed):
        asyncio.run(resolve_checked("name.test", 80, _resolver([]), allow_private_network=False))
