import pytest

from auditor.consent.xrobots import decide

AGENTS = ["GPTBot", "CCBot"]


@pytest.mark.parametrize("values,value", [
    (["noai"], "reserved"),
    (["NoImageAI"], "reserved"),
    (["noindex, NOML"], "reserved"),
    (["otherbot: noai"], "allowed"),
    (["gptbot: noai"], "reserved"),
    (["noindex"], "allowed"),
    (["noindex, unavailable_after: 25 Jun 2010 15:00:00 PST"], "allowed"),
    (["max-snippet: 20", "otherbot: noimageai"], "allowed"),
    ([], "allowed"),
])
def test_directives(values, value):
    assert decide(values, AGENTS)[0] == value


def test_noindex_optionally_reserves():
    assert decide(["noimageindex"], AGENTS, noindex_reserves=True)[0] == "reserved"


def test_evidence_is_the_header():
    assert decide(["NoImageAI"], AGENTS)[1] == "X-Robots-Tag: NoImageAI"
