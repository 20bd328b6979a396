"""Issue #8 items 8 and 9: odd address spellings, private DNS answers, mixed answers, rebinding."""

import pytest

from tests._localhttp import LocalServer, fast_options, fetch_many, fetch_one, stub_resolver, text

LOOPBACK_FORMS = ["127.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "[::1]", "[::ffff:127.0.0.1]"]
NEVER = ["0.0.0.0", "169.254.169.254", "10.0.0.1", "100.64.0.1", "192.168.1.1", "172.16.0.1",
         "[fe80::1]", "[::ffff:169.254.169.254]", "224.0.0.1"]


@pytest.mark.parametrize("host", LOOPBACK_FORMS + NEVER)
def test_blocked_without_allow_private_network(host, loopback_only):
    results, f = fetch_many([f"http://{host}:1/x"], fast_options(allow_private_network=False))
    assert results[0].status == "skipped:blocked_address"
    assert loopback_only.all == []


@pytest.mark.parametrize("host", NEVER)
def test_never_allowed_even_with_allow_private_network(host, loopback_only):
    r = fetch_one(f"http://{host}:1/x", fast_options(allow_private_network=True))
    assert r.status == "skipped:blocked_address"
    assert loopback_only.all == []


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0177.0.0.1"])
def test_odd_loopback_forms_normalized_like_the_os(host, loopback_only):
    with LocalServer({"/x": text("hi")}) as s:
        r = fetch_one(f"http://{host}:{s.port}/x")
    assert r.status == "ok" and r.address == "127.0.0.1"


@pytest.mark.parametrize("answers,allow", [
    (["10.0.0.5"], True), (["93.184.216.34", "127.0.0.1"], False),
    (["127.0.0.1", "169.254.169.254"], True), (["8.8.8.8", "10.0.0.1"], False),
    (["127.0.0.1", "::ffff:10.1.2.3"], True),
])
def test_private_or_mixed_dns_answers_blocked(answers, allow, loopback_only):
    resolver = stub_resolver({"evil.test": answers})
    r = fetch_one("http://evil.test/x", fast_options(allow_private_network=allow), resolver)
    assert r.status == "skipped:blocked_address"
    assert loopback_only.all == []


def test_rebinding_connects_to_the_checked_address(loopback_only):
    with LocalServer({"/x": text("hi")}) as s:
        resolver = stub_resolver({"rebind.test": [["127.0.0.1"], ["10.0.0.1"]]})
        results, f = fetch_many([f"http://rebind.test:{s.port}/x"], fast_options(), resolver)
        again, _ = fetch_many([f"http://rebind.test:{s.port}/x"], fast_options(), resolver)
    assert results[0].status == "ok" and results[0].address == "127.0.0.1"
    # one lookup per fetch, done by the fetcher; httpx never resolved the name itself
    assert resolver.calls == ["rebind.test", "rebind.test"]
    assert list(f.connections) == [("rebind.test", "127.0.0.1", s.port)]
    assert s.requests[0]["headers"]["Host"] == f"rebind.test:{s.port}"
    assert again[0].status == "skipped:blocked_address" and s.count("/x") == 1
    assert all(addr[0] == "127.0.0.1" for addr in loopback_only.all)
