import pytest

from auditor.consent import aitxt
from auditor.consent.robots import MAX_BYTES, RobotsTxt

GPTBOT_ONLY = """# only OpenAI
User-agent: GPTBot
Disallow: /

User-agent: *
Allow: /
"""

MIXED = """User-agent: *
Disallow: /private/
Allow: /private/public/
Disallow: /*.gif$
Disallow: /tmp*/x

User-agent: ccbot
User-agent: Bytespider/2.0
Disallow: /images/
Allow: /images/ok

user-agent: CCBot
disallow: /merged/
Disallow:
"""


@pytest.mark.parametrize("text,agent,path,allowed,line", [
    (GPTBOT_ONLY, "GPTBot", "/a.jpg", False, 3),
    (GPTBOT_ONLY, "gptbot", "/a.jpg", False, 3),
    (GPTBOT_ONLY, "CCBot", "/a.jpg", True, 6),
    (MIXED, "GPTBot", "/private/x.jpg", False, 2),
    (MIXED, "GPTBot", "/private/public/x.jpg", True, 3),      # longer allow wins
    (MIXED, "GPTBot", "/pic.gif", False, 4),
    (MIXED, "GPTBot", "/pic.gif?x=1", True, None),             # $ anchors the end
    (MIXED, "GPTBot", "/tmp123/x", False, 5),
    (MIXED, "CCBot", "/private/x.jpg", True, None),            # own group: * not used
    (MIXED, "CCBot", "/images/a.jpg", False, 9),
    (MIXED, "CCBot", "/images/ok.jpg", True, 10),
    (MIXED, "CCBot", "/merged/a", False, 13),                  # groups of one agent merge
    (MIXED, "Bytespider", "/images/a.jpg", False, 9),          # product token, version ignored
    (MIXED, "GPTBot", "/robots.txt", True, None),
    ("", "GPTBot", "/x", True, None),
    ("Disallow: /\n", "GPTBot", "/x", True, None),             # rule before any user-agent
    ("User-agent: *\nDisallow: /caf%C3%A9\n", "x", "/café", False, 2),
])
def test_verdicts(text, agent, path, allowed, line):
    v = RobotsTxt.parse(text).verdict(agent, path)
    assert v.allowed is allowed
    assert (v.rule.line if v.rule else None) == line


def test_equal_length_tie_allow_wins():
    v = RobotsTxt.parse("User-agent: *\nDisallow: /a\nAllow: /a\n").verdict("x", "/a")
    assert v.allowed and v.rule.allow


def test_first_disallowed_reports_agent_and_line():
    agent, rule = RobotsTxt.parse(GPTBOT_ONLY).first_disallowed(["CCBot", "GPTBot"], "/x")
    assert agent == "GPTBot" and rule.text == "Disallow: /"


def test_parses_at_least_500_kib():
    filler = "".join(f"# padding line {i:06d} {'x' * 40}\n" for i in range(10_000))  # ~560 KB
    head = filler[: 490 * 1024].rsplit("\n", 1)[0] + "\n"
    text = (head + "User-agent: GPTBot\nDisallow: /late/\n" + filler).encode()
    assert len(text) > 600_000
    robots = RobotsTxt.parse(text[:MAX_BYTES])
    assert not robots.verdict("GPTBot", "/late/a").allowed


def test_hostile_input_does_not_raise():
    junk = bytes(range(256)) * 100 + b"\nUser-agent: *\nDisallow: /x\n" + b"\xff\xfe" * 100
    assert not RobotsTxt.parse(junk).verdict("a", "/x").allowed


def test_aitxt_bare_wildcards():
    ai = aitxt.parse("User-Agent: *\nDisallow: *.jpg\nAllow: /\n")
    assert not ai.verdict("img2dataset", "/photos/a.jpg").allowed
    assert ai.verdict("img2dataset", "/photos/a.txt").allowed
