"""Property: an input that reserves for one of our agents stays reserved under every mutation that keeps
its meaning (case, whitespace, line endings, comments, ordering of groups/lines, extra unrelated groups,
rules, keys and header lines). Checked for robots.txt, tdmrep.json and X-Robots-Tag (hypothesis)."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.checks.consent import default_agents
from auditor.consent import tdmrep, xrobots
from auditor.consent.robots import RobotsTxt

AGENTS = list(default_agents())
OURS = st.sampled_from(AGENTS)
OTHERS = st.sampled_from(["FooBot", "otherbot", "Googlebot", "bingbot", "demo-bot", "Slurp"])
SEGMENT = st.text(alphabet="abcxyz019-_.~", min_size=1, max_size=6)
PREFIX = st.lists(SEGMENT, min_size=1, max_size=3).map(lambda parts: "/" + "/".join(parts) + "/")
SPACE = st.sampled_from(["", " ", "  ", "\t"])


def recase(draw, word: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if f else c.lower() for c, f in zip(word, flips, strict=True))


@st.composite
def robots_case(draw):
    agent, prefix = draw(OURS), draw(PREFIX)
    path = prefix + draw(SEGMENT) + ".jpg"
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))

    def line(key, value):
        return recase(draw, key) + draw(SPACE) + ":" + draw(SPACE) + value + draw(SPACE) + draw(
            st.sampled_from(["", " # note"]))

    ours = [line("user-agent", recase(draw, agent) + draw(st.sampled_from(["", "/1.0", " extra"]))),
            line("disallow", prefix)]
    groups = [ours]
    for other in draw(st.lists(OTHERS, max_size=3)):   # unrelated groups, allowing everything
        groups.append([line("user-agent", other), line("allow", "/"), line("disallow", "")])
    if draw(st.booleans()):
        groups.append([line("user-agent", "*"), line("allow", "/")])
    order = draw(st.permutations(range(len(groups))))
    blank = draw(st.sampled_from(["", eol]))
    text = (eol + blank).join(eol.join(groups[i]) for i in order) + eol
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return bom + text.encode(), agent, path


@settings(max_examples=300, deadline=None)
@given(robots_case())
def test_robots_reservation_survives(case):
    data, agent, path = case
    parsed = RobotsTxt.parse(data)
    assert not parsed.verdict(agent, path).allowed, data
    assert parsed.first_disallowed(AGENTS, path) is not None


@st.composite
def tdmrep_case(draw):
    prefix = draw(PREFIX)
    path = prefix + draw(SEGMENT) + ".jpg"
    rule = {"location": prefix + draw(st.sampled_from(["", "*"])), "tdm-reservation": 1}
    if draw(st.booleans()):
        rule["tdm-policy"] = "https://rights.example/policy.json"
    if draw(st.booleans()):
        rule["comment"] = "unknown keys are ignored"
    unrelated = [{"location": "/unrelated-" + draw(SEGMENT) + "/", "tdm-reservation": draw(st.sampled_from([0, 1]))}
                 for _ in range(draw(st.integers(0, 3)))]
    unrelated += [{"location": "/broken-" + draw(SEGMENT) + "/", "tdm-reservation": "maybe"}] * draw(st.integers(0, 1))
    rules = unrelated + [rule]
    order = draw(st.permutations(range(len(rules))))
    items = [dict(sorted(rules[i].items(), reverse=draw(st.booleans()))) for i in order]
    indent = draw(st.sampled_from([None, 0, 2, "\t"]))
    return json.dumps(items, indent=indent).encode(), path


@settings(max_examples=300, deadline=None)
@given(tdmrep_case())
def test_tdmrep_reservation_survives(case):
    data, path = case
    assert tdmrep.decide(tdmrep.parse_file(data), path).value == "reserved", data


@st.composite
def xrobots_case(draw):
    directive = recase(draw, draw(st.sampled_from(sorted(xrobots.AI_DIRECTIVES))))
    sep = draw(st.sampled_from([",", ", ", " ,  "]))
    if draw(st.booleans()):
        value = recase(draw, draw(OURS)) + draw(SPACE) + ":" + draw(SPACE) + directive
    else:
        value = directive
    before = draw(st.lists(st.sampled_from(["noindex", "nofollow", "max-snippet: 20",
                                             "unavailable_after: 25 Jun 2010 15:00:00 PST"]), max_size=2))
    after = [draw(OTHERS).lower() + ": " + d for d in draw(st.lists(st.sampled_from(["all", "index"]), max_size=2))]
    reserving = sep.join(before + [value] + after)
    lines = [reserving] + [draw(OTHERS) + ": noai" for _ in range(draw(st.integers(0, 2)))] + \
        draw(st.lists(st.sampled_from(["all", "noindex", "otherbot: all"]), max_size=2))
    order = draw(st.permutations(range(len(lines))))
    return [draw(SPACE) + lines[i] + draw(SPACE) for i in order]


@settings(max_examples=300, deadline=None)
@given(xrobots_case())
def test_xrobots_reservation_survives(values):
    assert xrobots.decide(values, AGENTS)[0] == "reserved", values
