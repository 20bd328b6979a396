"""X-Robots-Tag as Google's robots meta tag documentation and MDN's X-Robots-Tag page specify it: bot-name
prefixes scope the directives after them, values mix scoped and unscoped directives, several headers
combine, tokens are case-insensitive; `noai`, `noimageai`, `noml` reserve (noindex optionally)."""

import pytest

from auditor.consent.xrobots import decide, scoped

AGENTS = ["GPTBot", "CCBot", "spawningbot"]

CASES = [
    # plain directives, any case
    ("noai", ["noai"], "reserved"),
    ("noimageai mixed case", ["NoImageAI"], "reserved"),
    ("noml after noindex", ["noindex, NOML"], "reserved"),
    ("upper-case NOAI", ["NOAI"], "reserved"),
    ("spaces around", ["  noai  "], "reserved"),
    ("no spaces after commas", ["noindex,nofollow,noai"], "reserved"),
    ("noindex alone does not reserve", ["noindex"], "allowed"),
    ("none alone does not reserve", ["none"], "allowed"),
    ("all", ["all"], "allowed"),
    ("empty header", [""], "allowed"),
    ("no header", [], "allowed"),
    # colon directives are not bot prefixes (Google: unavailable_after, max-snippet, max-image-preview)
    ("unavailable_after", ["noindex, unavailable_after: 25 Jun 2010 15:00:00 PST"], "allowed"),
    ("unavailable_after then noai", ["unavailable_after: 25 Jun 2010 15:00:00 PST, noai"], "reserved"),
    ("date with a comma, then noai", ["unavailable_after: Friday, 25-Jun-2010 15:00:00 PST, noai"], "reserved"),
    ("time after a comma is no bot", ["unavailable_after: 2010-06-25, 15:00, noai"], "reserved"),
    ("max-snippet then other bot", ["max-snippet: 20", "otherbot: noimageai"], "allowed"),
    ("max-image-preview then noai", ["max-image-preview: large, noai"], "reserved"),
    ("bot with colon directive", ["gptbot: max-snippet: 20, noai"], "reserved"),
    # bot prefixes (Google: "googlebot: nofollow", "otherbot: noindex, nofollow")
    ("other bot only", ["otherbot: noai"], "allowed"),
    ("our bot", ["gptbot: noai"], "reserved"),
    ("our bot, any case", ["GPTBOT: NoAI"], "reserved"),
    ("other bot scopes every later directive", ["otherbot: noindex, noai"], "allowed"),
    ("unscoped then other bot", ["noindex, otherbot: noai"], "allowed"),
    ("unscoped noai then other bot", ["noai, otherbot: all"], "reserved"),
    ("issue: noindex, spawningbot: noai", ["noindex, spawningbot: noai"], "reserved"),
    ("issue: otherbot: all, spawningbot: noai", ["otherbot: all, spawningbot: noai"], "reserved"),
    ("issue: three scoped groups", ["demobot: noai, examplebot: noai, ourbot: noai"], "allowed"),
    ("three groups, ours last", ["demobot: noai, examplebot: noai, ccbot: noai"], "reserved"),
    ("three groups, ours in the middle", ["demobot: all, ccbot: noimageai, otherbot: all"], "reserved"),
    ("our scope ends at the next prefix", ["gptbot: all, otherbot: noai"], "allowed"),
    ("our bot: all, other: noai; unscoped none", ["gptbot: all, otherbot: noai, noml"], "allowed"),
    ("spaces before the colon", ["gptbot : noai"], "reserved"),
    # several headers combine; each starts unscoped
    ("second header reserves", ["noindex", "noai"], "reserved"),
    ("scope does not carry into the next header", ["otherbot: all", "noai"], "reserved"),
    ("two headers for other bots", ["otherbot: noai", "demobot: noimageai"], "allowed"),
    ("other bot then our bot in another header", ["otherbot: noai", "ccbot: noml"], "reserved"),
    ("our own fetcher named", ["auditor: noai"], "allowed"),   # not in AGENTS here; see the check's own token
]


@pytest.mark.parametrize("what,values,value", CASES, ids=[c[0] for c in CASES])
def test_directives(what, values, value):
    assert decide(values, AGENTS)[0] == value


def test_own_user_agent_token():
    assert decide(["auditor: noai"], AGENTS + ["auditor"])[0] == "reserved"


@pytest.mark.parametrize("values", [["noindex"], ["noimageindex"], ["none"], ["gptbot: noindex"]])
def test_noindex_optionally_reserves(values):
    assert decide(values, AGENTS)[0] == "allowed"
    assert decide(values, AGENTS, noindex_reserves=True)[0] == "reserved"


def test_evidence():
    assert decide(["NoImageAI"], AGENTS)[1] == "X-Robots-Tag: NoImageAI"
    assert decide(["noindex, spawningbot: noai"], AGENTS)[1] == \
        "X-Robots-Tag: noindex, spawningbot: noai (noai for spawningbot)"


def test_scoped():
    assert scoped("noindex, a: noai, nofollow, b: all") == [(None, "noindex"), ("a", "noai"), ("a", "nofollow"),
                                                             ("b", "all")]
