"""ConsentCheck end to end against real HTTP servers on 127.0.0.1 (one origin per port)."""

import json
import time

import pyarrow as pa
import pytest

from auditor.checks.consent import ConsentCheck, ConsentOptions
from tests._localhttp import LocalServer, fast_options, redirect, send, text
from tests._netguard import loopback_only  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("loopback_only")

GPTBOT_ONLY = "User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
TDM_RULES = json.dumps([
    {"location": "/images/*", "tdm-reservation": 1, "tdm-policy": "https://rights.example/policy.json"},
    {"location": "/", "tdm-reservation": 0},                  # TDMRep: the first matching rule decides
])


def _big_robots() -> str:
    pad = "".join(f"# filler {i:07d} {'y' * 50}\n" for i in range(11_000))
    return pad[: 490 * 1024] + "\nUser-agent: GPTBot\nDisallow: /late/\n" + pad


def _cut_robots() -> str:
    """A rule line cut by the 512 KiB cap exactly after 'Disallow: /fo' (of '/foo/bar')."""
    head = "User-agent: *\n# "
    tail = "\nDisallow: /fo"
    pad = "p" * (512 * 1024 - len(head) - len(tail))
    return head + pad + tail + "o/bar\n" + "# more\n" * 20_000


def _no_head(h):
    """HEAD not allowed; a ranged GET answers with the headers."""
    if h.command == "HEAD":
        return send(h, 405, b"", {"Allow": "GET"})
    assert h.headers.get("Range") == "bytes=0-0"
    send(h, 206, b"\xff", {"X-Robots-Tag": "noimageai", "Content-Range": "bytes 0-0/100"})


def _slow(h):
    time.sleep(3)
    send(h, 200, b"User-agent: *\nAllow: /\n")


def img(**headers):
    return text(b"\xff\xd8\xff" + b"\0" * 100, Content_Type="image/jpeg", **headers)


ORIGINS = {
    "gptbot": {"/robots.txt": text(GPTBOT_ONLY), "/a.jpg": img()},
    "all": {"/robots.txt": text("User-agent: *\nDisallow: /\n"), "/a.jpg": img()},
    "open": {"/robots.txt": text("nope", status=404), "/plain.jpg": img(), "/plain2.jpg": img(),
             "/noai.jpg": img(X_Robots_Tag="noai"), "/upper.jpg": img(X_Robots_Tag="NoImageAI"),
             "/other.jpg": img(X_Robots_Tag="otherbot: noai"),
             "/tdm.jpg": img(tdm_reservation="1", tdm_policy="https://rights.example/p")},
    "busy": {"/robots.txt": text("down", status=503), "/a.jpg": img()},
    "big": {"/robots.txt": text(_big_robots()), "/late/a.jpg": img(), "/early/a.jpg": img()},
    "tdm": {"/.well-known/tdmrep.json": text(TDM_RULES, Content_Type="application/json"),
            "/images/a.jpg": img(), "/free/a.jpg": img(), "/images/override.jpg": img(tdm_reservation="0")},
    "tdmbad": {"/.well-known/tdmrep.json": text("[{\"location\": oops"), "/a.jpg": img()},
    "tdmhuge": {"/.well-known/tdmrep.json": text("[" + " " * (5 * 1024 * 1024) + "]"), "/a.jpg": img()},
    "aitxt": {"/ai.txt": text("User-Agent: *\nDisallow: *.jpg\n"), "/a.jpg": img(), "/a.txt": img()},
    "slow": {"/robots.txt": _slow, "/a.jpg": img()},
    "loop": {"/robots.txt": redirect("/r2"), "/r2": redirect("/robots.txt"), "/a.jpg": img()},
    "cut": {"/robots.txt": text(_cut_robots()), "/fox.jpg": img()},
    "nohead": {"/a.jpg": _no_head},
    "private": {"/robots.txt": redirect("http://10.0.0.1/robots.txt"),
                "/ai.txt": redirect("http://169.254.169.254/ai.txt"), "/a.jpg": img()},
}

ROWS = [  # (origin, path) or a literal URL
    ("gptbot", "/a.jpg"), ("gptbot", "/a.jpg"), ("all", "/a.jpg"),
    ("open", "/plain.jpg"), ("open", "/plain2.jpg"), ("open", "/noai.jpg"), ("open", "/upper.jpg"),
    ("open", "/other.jpg"), ("open", "/tdm.jpg"), ("busy", "/a.jpg"),
    ("big", "/late/a.jpg"), ("big", "/early/a.jpg"),
    ("tdm", "/images/a.jpg"), ("tdm", "/free/a.jpg"), ("tdm", "/images/override.jpg"),
    ("tdmbad", "/a.jpg"), ("tdmhuge", "/a.jpg"), ("aitxt", "/a.jpg"), ("aitxt", "/a.txt"),
    ("slow", "/a.jpg"), ("loop", "/a.jpg"), ("private", "/a.jpg"), ("cut", "/fox.jpg"),
    ("nohead", "/a.jpg"),
    None, "file:///etc/passwd", "http://", "http://user:pw@127.0.0.1/x.jpg", "http://10.0.0.1/x.jpg",
]


@pytest.fixture(scope="module")
def servers():
    started = {name: LocalServer(routes) for name, routes in ORIGINS.items()}
    for s in started.values():
        s.__enter__()
    yield started
    for s in started.values():
        s.__exit__(None, None, None)


def _urls(servers):
    return [r if not isinstance(r, tuple) else servers[r[0]].url(r[1]) for r in ROWS]


def _run(servers, tmp_path, **opts):
    options = ConsentOptions(net=fast_options(deadline=1.0), cache_dir=str(tmp_path / "cache"), **opts)
    check = ConsentCheck(options)
    batch = pa.RecordBatch.from_pydict({"url": pa.array(_urls(servers), pa.string())})
    try:
        out = check.run(batch)
        return out, check.describe()
    finally:
        check.close()


@pytest.fixture(scope="module")
def first_run(servers, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("consent")
    out, described = _run(servers, tmp)
    return out, described, tmp


def _row(out, i):
    return {name: out.column(name)[i].as_py() for name in out.schema.names}


EXPECTED = [  # robots, tdmrep, xrobots, aitxt, consent, status
    ("reserved", "allowed", "allowed", "allowed", "reserved", "ok"),
    ("reserved", "allowed", "allowed", "allowed", "reserved", "ok"),
    ("reserved", "allowed", "allowed", "allowed", "reserved", "ok"),
    ("allowed", "allowed", "allowed", "allowed", "allowed", "ok"),
    ("allowed", "allowed", "allowed", "allowed", "allowed", "ok"),
    ("allowed", "allowed", "reserved", "allowed", "reserved", "ok"),
    ("allowed", "allowed", "reserved", "allowed", "reserved", "ok"),
    ("allowed", "allowed", "allowed", "allowed", "allowed", "ok"),
    ("allowed", "reserved", "allowed", "allowed", "reserved", "ok"),
    ("reserved", "allowed", "allowed", "allowed", "reserved", "ok"),
    ("reserved", "allowed", "allowed", "allowed", "reserved", "ok"),
    ("allowed", "allowed", "allowed", "allowed", "allowed", "ok"),
    ("allowed", "reserved", "allowed", "allowed", "reserved", "ok"),
    ("allowed", "allowed", "allowed", "allowed", "allowed", "ok"),
    ("allowed", "allowed", "allowed", "allowed", "allowed", "ok"),
    ("allowed", "unknown", "allowed", "allowed", "unknown", "error:tdmrep_malformed"),
    ("allowed", "unknown", "allowed", "allowed", "unknown", "error:tdmrep_too_large"),
    ("allowed", "allowed", "allowed", "reserved", "reserved", "ok"),
    ("allowed", "allowed", "allowed", "allowed", "allowed", "ok"),
    ("reserved", "allowed", "allowed", "allowed", "reserved", "ok"),
    ("allowed", "allowed", "allowed", "allowed", "allowed", "ok"),
    ("unknown", "allowed", "allowed", "unknown", "unknown", "skipped:blocked_address"),
    ("allowed", "allowed", "allowed", "allowed", "allowed", "ok"),
    ("allowed", "allowed", "reserved", "allowed", "reserved", "ok"),
    (None, None, None, None, None, "skipped:no_url"),
    (None, None, None, None, None, "skipped:unsupported_scheme"),
    (None, None, None, None, None, "skipped:invalid_url"),
    (None, None, None, None, None, "skipped:invalid_url"),
    (None, None, None, None, None, "skipped:blocked_address"),
]


@pytest.mark.parametrize("i", range(len(ROWS)))
def test_every_row_has_the_expected_signals(first_run, i):
    out, _, _ = first_run
    r = _row(out, i)
    got = (r["consent_robots"], r["consent_tdmrep"], r["consent_xrobots"], r["consent_aitxt"],
           r["consent"], r["consent_status"])
    assert got == EXPECTED[i], (ROWS[i], r["consent_evidence"])
    if r["consent"] is not None:
        assert r["consent_fetched_at"] is not None and r["consent_evidence"]
        assert r["consent_fail_closed"] is False


def test_schema_and_accounting(first_run):
    out, _, _ = first_run
    assert out.num_rows == len(ROWS) and out.schema == ConsentCheck.schema()
    assert out.column("consent_status").null_count == 0


@pytest.mark.parametrize("i,needle", [
    (0, "'Disallow: /' applies to GPTBot"),
    (5, "X-Robots-Tag: noai"),
    (6, "X-Robots-Tag: NoImageAI"),
    (8, "tdm-reservation: 1; tdm-policy: https://rights.example/p (header)"),
    (9, "unreachable (http 503)"),
    (10, "applies to GPTBot"),
    (12, "tdm-policy: https://rights.example/policy.json"),
    (17, "ai.txt line 2: 'Disallow: *.jpg'"),
    (19, "unreachable (timeout)"),
])
def test_evidence(first_run, i, needle):
    out, _, _ = first_run
    assert needle in _row(out, i)["consent_evidence"]


def test_credentials_never_in_output(first_run):
    out, _, _ = first_run
    assert "pw@" not in str(out.to_pydict())


def test_one_fetch_per_origin_then_cache(servers, first_run):
    _, described, tmp = first_run
    g = servers["gptbot"]
    assert g.count("/robots.txt") == 1 and g.count("/ai.txt") == 1
    assert g.count("/.well-known/tdmrep.json") == 1 and g.count("/a.jpg", "HEAD") == 1
    n = servers["nohead"]
    assert n.count("/a.jpg", "HEAD") == 1 and n.count("/a.jpg", "GET") == 1
    o = servers["open"]
    assert o.count("/robots.txt") == 1 and o.count("/.well-known/tdmrep.json") == 1
    assert servers["private"].count("/robots.txt") == 1
    before = {name: sum(s.hits.values()) for name, s in servers.items()}
    out, _ = _run(servers, tmp)
    after = {name: sum(s.hits.values()) for name, s in servers.items()}
    refetched = {n for n in servers if after[n] != before[n]}
    # only the answers that must not be cached (503, timeout) are asked again
    assert refetched == {"busy", "slow"}
    assert servers["busy"].count("/robots.txt") == 2
    assert out.column("consent").to_pylist() == first_run[0].column("consent").to_pylist()


def test_fail_closed(servers, tmp_path):
    out, _ = _run(servers, tmp_path, fail_closed=True)
    r = _row(out, 15)
    assert r["consent"] == "reserved" and r["consent_fail_closed"] is True
    assert r["consent_evidence"].startswith("fail-closed:")
    assert _row(out, 3)["consent"] == "allowed" and _row(out, 3)["consent_fail_closed"] is False


def test_headers_can_be_turned_off(servers, tmp_path):
    out, _ = _run(servers, tmp_path, check_headers=False)
    r = _row(out, 5)
    assert r["consent_xrobots"] is None and r["consent"] == "allowed"


def test_unknown_options_rejected():
    with pytest.raises(ValueError):
        ConsentOptions(agent=["x"])


def test_options_from_a_plain_dict():
    check = ConsentCheck({"fail_closed": True, "net": {"allow_private_network": True, "deadline": 2}})
    assert check.options.fail_closed and check.options.net.allow_private_network
    assert check.options.net.deadline == 2
