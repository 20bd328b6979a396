"""IETF aipref Content-Usage: the vocabulary's processing rules (draft-ietf-aipref-vocab-07 §6-7), the
robots.txt rule and its example table (draft-ietf-aipref-attach-05 §4), and the header and robots.txt
signals fetched from real servers on 127.0.0.1."""

import pyarrow as pa
import pytest

from auditor.checks.consent import ConsentCheck, ConsentOptions
from auditor.consent.aipref import from_statements, preference
from auditor.consent.robots import RobotsTxt
from auditor.consent.sfv import SFError, parse_dictionary
from tests._localhttp import LocalServer, fast_options, text
from tests._netguard import loopback_only  # noqa: F401 - fixture

VOCAB_CASES = [
    ("train-ai=n", "n"),
    ("train-ai=y", "y"),
    ("train-ai=y, search=n", "y"),
    ("search=n", None),                                   # absent key: unknown
    ('train-ai="n"', None),                               # a String, not a Token
    ("train-ai", None),                                   # Boolean true
    ("train-ai=?0", None),
    ("train-ai=maybe", None),
    ("train-ai=y, train-ai, search=n, search=\"n\"", None),  # §7.1: last value wins, not a token
    ("train-ai;allow=n, train-ai=y", "y"),                # parameters of the dropped value do not apply
    ("train-ai=n;reason=\"x\"", "n"),                     # parameters ignored
    ("train-ai;has;parameters=\"?\"", None),
    ("future-use=n, train-ai=n", "n"),                    # unknown keys ignored
    ("train-ai=(n y)", None),                             # inner list
    ("  train-ai=n", "n"),
]


@pytest.mark.parametrize("statement,pref", VOCAB_CASES, ids=[c[0] for c in VOCAB_CASES])
def test_vocabulary(statement, pref):
    assert preference(statement) == pref


@pytest.mark.parametrize("statement", ["Train-AI=n", "train-ai=n,", "train-ai=n search=y", "train-ai==n",
                                       'train-ai="unterminated', "train-ai=n, , search=y", "train-ai=é"])
def test_unparseable_statement(statement):
    with pytest.raises(SFError):
        parse_dictionary(statement)
    assert from_statements([("header", statement)]).value == "unknown"


def test_combination_most_restrictive():
    assert from_statements([("a", "train-ai=y"), ("b", "train-ai=n")]).value == "reserved"
    assert from_statements([("a", "train-ai=y"), ("b", "search=n")]).value == "allowed"
    assert from_statements([("a", "train-ai=n"), ("b", "Bad=")]).value == "reserved"   # n wins over unreadable
    assert from_statements([("a", "train-ai=y"), ("b", "Bad=")]).value == "unknown"
    assert from_statements([]).value == "allowed"


ATTACH_EXAMPLE = """User-Agent: *
Allow: /
Disallow: /never/
Content-Usage: train-ai=n
Content-Usage: /ai-ok/ train-ai=y

User-Agent: ExampleBot
Allow: /
Content-Usage: train-ai=y
"""

ROBOTS_CASES = [
    # attach-05 §4.4, the example's table, for "all other crawlers" and for ExampleBot
    (ATTACH_EXAMPLE, "GPTBot", "/test", "reserved"),
    (ATTACH_EXAMPLE, "GPTBot", "/ai-ok/test", "allowed"),
    (ATTACH_EXAMPLE, "GPTBot", "/never/test", "allowed"),   # not crawlable: no preference implied
    (ATTACH_EXAMPLE, "ExampleBot", "/test", "allowed"),
    (ATTACH_EXAMPLE, "ExampleBot", "/never/test", "allowed"),
    # longest path wins; equal paths combine most-restrictive; order carries no meaning
    ("User-Agent: *\nContent-Usage: /a/ train-ai=n\nContent-Usage: /a/b/ train-ai=y\n", "x", "/a/b/c", "allowed"),
    ("User-Agent: *\nContent-Usage: /a/b/ train-ai=y\nContent-Usage: /a/ train-ai=n\n", "x", "/a/c", "reserved"),
    ("User-Agent: *\nContent-Usage: /a/ train-ai=y\nContent-Usage: /a/ train-ai=n\n", "x", "/a/c", "reserved"),
    ("User-Agent: *\nContent-Usage: /*.jpg$ train-ai=n\n", "x", "/p/a.jpg", "reserved"),
    ("User-Agent: *\nContent-Usage: /*.jpg$ train-ai=n\n", "x", "/p/a.png", "allowed"),
    # label spacing and case; a tab between path and statement; comments
    ("user-agent: *\n  content-usage  :  train-ai=n  # no\n", "x", "/", "reserved"),
    ("User-Agent: *\nCONTENT-USAGE: /img/\ttrain-ai=n\n", "x", "/img/a", "reserved"),
    # a group for one of our agents
    ("User-Agent: GPTBot\nContent-Usage: train-ai=n\n\nUser-Agent: *\nContent-Usage: train-ai=y\n",
     "GPTBot", "/x", "reserved"),
    ("User-Agent: GPTBot\nContent-Usage: train-ai=n\n\nUser-Agent: *\nContent-Usage: train-ai=y\n",
     "CCBot", "/x", "allowed"),
    ("Content-Usage: train-ai=n\nUser-Agent: *\nAllow: /\n", "x", "/x", "allowed"),   # before any group
    ("User-Agent: *\nContent-Usage: /x train-ai=\n", "x", "/x", "unknown"),
]


@pytest.mark.parametrize("robots,agent,path,value", ROBOTS_CASES)
def test_robots_rule(robots, agent, path, value):
    assert from_statements(RobotsTxt.parse(robots).content_usage([agent], path)).value == value


def test_robots_rule_ends_the_agent_lines():
    # attach-05 adds Content-Usage to the group's rules: like allow/disallow it closes the user-agent lines
    parsed = RobotsTxt.parse("User-Agent: a\nContent-Usage: train-ai=n\nUser-Agent: b\nDisallow: /x\n")
    assert not parsed.verdict("b", "/x").allowed and parsed.verdict("a", "/x").allowed
    assert parsed.content_usage(["b"], "/y") == []


@pytest.mark.usefixtures("loopback_only")
def test_fetched_signals(tmp_path):
    img = b"\xff\xd8\xff" + b"\0" * 50
    routes_robots = {"/robots.txt": text(ATTACH_EXAMPLE), "/test.jpg": text(img), "/ai-ok/a.jpg": text(img)}
    routes_header = {"/robots.txt": text("nope", status=404),
                     "/n.jpg": text(img, Content_Usage="train-ai=n"), "/y.jpg": text(img, Content_Usage="train-ai=y"),
                     "/bad.jpg": text(img, Content_Usage="Train-AI=n"), "/none.jpg": text(img)}
    with LocalServer(routes_robots) as a, LocalServer(routes_header) as b:
        urls = [a.url("/test.jpg"), a.url("/ai-ok/a.jpg"), b.url("/n.jpg"), b.url("/y.jpg"), b.url("/bad.jpg"),
                b.url("/none.jpg")]
        check = ConsentCheck(ConsentOptions(net=fast_options(deadline=2.0), cache_dir=str(tmp_path / "c")))
        try:
            out = check.run(pa.RecordBatch.from_pydict({"url": pa.array(urls, pa.string())}))
        finally:
            check.close()
    rows = out.to_pylist()
    assert [r["consent_aipref"] for r in rows] == ["reserved", "allowed", "reserved", "allowed", "unknown",
                                                    "allowed"]
    assert [r["consent"] for r in rows] == ["reserved", "allowed", "reserved", "allowed", "unknown", "allowed"]
    assert rows[0]["consent_reserved_by"] == "Content-Usage" and "robots.txt line 4" in rows[0]["consent_evidence"]
    assert "Content-Usage header" in rows[2]["consent_evidence"] and rows[3]["consent_reserved_by"] is None
    assert rows[4]["consent_status"] == "error:aipref_malformed"


def test_agents_must_be_product_tokens():
    with pytest.raises(ValueError, match="product tokens"):
        ConsentOptions(agents=("GPTBot", "Foo Bar"))
