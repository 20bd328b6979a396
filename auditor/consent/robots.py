"""robots.txt with RFC 9309 semantics, also used for Spawning's ai.txt (same syntax).

Checked against google/robotstxt's own test file (tests/consent/google_robots_cases.py). Rules:
- lines end at CR, LF or CRLF only; a UTF-8 byte order mark, whole or partial, is skipped at the start;
- `key: value`, or Google's `key value` when a line has exactly two words and no colon; keys match by
  prefix, case-insensitively, with Google's frequent typos (`useragent`, `user agent`, `dissallow`, ...);
- groups start at `user-agent` lines; consecutive user-agent lines (blank, sitemap or unknown lines in
  between) share one group; groups naming the same agent are merged; an agent with no group of its own
  uses the `*` groups; `* anything` is `*`;
- a user-agent line names its product token: the value up to the first space or `/` (`FOO BAR` and
  `Foo/2.1` name `foo`), compared case-insensitively; our agents' tokens may hold digits (img2dataset);
- the longest matching rule (in octets of the normal form) wins; on a tie `allow` wins; an empty rule
  matches nothing; `/robots.txt` itself is always allowed;
- Google cuts lines at 16,663 octets: a cut `disallow` still reserves (its prefix is broader); a cut
  `allow` is dropped, since its prefix would allow more than the site wrote (never fail open);
- a crawler must parse at least 500 KiB: callers pass the first MAX_BYTES and we parse complete lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.consent.aipref import UsageRule, usage_rule
from auditor.consent.patterns import Pattern, compile_pattern, match, normalize

MAX_BYTES = 512 * 1024
MAX_LINE = 2083 * 8 - 1             # google/robotstxt kMaxLineLen, less its NUL
_LINES = re.compile(r"\r\n|\r|\n")
_BOM = "\ufeff"
_AGENT_KEYS = ("user-agent", "useragent", "user agent")
_DISALLOW_KEYS = ("disallow", "dissallow", "dissalow", "disalow", "diasllow", "disallaw")


@dataclass(frozen=True)
class Rule:
    allow: bool
    pattern: Pattern
    line: int           # 1-based line number in the file
    text: str           # the line as written (for evidence)


@dataclass
class Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    usage: list[UsageRule] = field(default_factory=list)   # aipref Content-Usage rules


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    rule: Rule | None   # None: no rule matched (allowed by default)


@dataclass(frozen=True)
class Line:
    """One `key: value` line with a key we know (`kind`), as split by Google's parser."""
    kind: str           # user-agent | allow | disallow | other
    key: str
    value: str
    number: int
    raw: str
    cut: bool           # longer than MAX_LINE octets and cut there


def agent_token(agent: str) -> str:
    """Product token of an agent name: up to the first whitespace or `/`, lower case."""
    value = agent.strip()
    if value.startswith("*") and (len(value) == 1 or value[1].isspace()):
        return "*"
    return re.split(r"[\s/]", value, maxsplit=1)[0].lower()


def valid_agent_token(agent: str | None) -> bool:
    """Is `agent` a product token (RFC 9309 §2.2.1: letters, `_`, `-`; we also accept digits, as in
    `img2dataset`)? Used to refuse agent names in configuration that no robots.txt group could name."""
    return bool(agent) and re.fullmatch(r"[A-Za-z0-9_-]+", agent) is not None


def caller_token(agent: str) -> str:
    """Our own agent name as a robots.txt group key: the whole name up to `/`, lower case (Google
    compares the caller's name whole: `Foo Bar` is not the group `User-agent: Foo Bar`, which is `foo`)."""
    return agent.split("/", 1)[0].strip().lower()


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):  # fetched text, decoded with errors="replace": a partial BOM is one U+FFFD
        head = data[:3].lstrip(_BOM + "\ufffd")
        return head + data[3:]
    data = data[:MAX_BYTES]
    if len(data) == MAX_BYTES:
        data = data.rsplit(b"\n", 1)[0]  # drop a line cut in the middle
    bom = b"\xef\xbb\xbf"
    skip = 0
    while skip < 3 and skip < len(data) and data[skip] == bom[skip]:
        skip += 1  # a whole or partial BOM, never the first line's own octets
    return data[skip:].decode("utf-8", errors="replace")


def _kind(key: str) -> str:
    k = key.lower()
    if k.startswith(_AGENT_KEYS):
        return "user-agent"
    if k.startswith("allow"):
        return "allow"
    if k.startswith(_DISALLOW_KEYS):
        return "disallow"
    return "other"


def lines(data: bytes | str) -> list[Line]:
    """The directive lines of a robots.txt, with Google's splitting rules (see the module docstring)."""
    out: list[Line] = []
    for number, raw in enumerate(_LINES.split(_decode(data)), 1):
        cut = len(raw.encode("utf-8", errors="replace")) > MAX_LINE
        if cut:
            raw = raw.encode("utf-8", errors="replace")[:MAX_LINE].decode("utf-8", errors="ignore")
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, sep, value = line.partition(":")
        if not sep:
            words = line.split()
            if len(words) != 2:
                continue
            key, value = words
        key, value = key.strip(), value.strip()
        if key:
            out.append(Line(_kind(key), key.lower(), value, number, raw.strip()[:300], cut))
    return out


class RobotsTxt:
    def __init__(self, groups: list[Group]) -> None:
        self._by_agent: dict[str, list[Rule]] = {}
        self._usage: dict[str, list[UsageRule]] = {}
        for g in groups:
            for a in g.agents:
                self._by_agent.setdefault(a, []).extend(g.rules)
                self._usage.setdefault(a, []).extend(g.usage)

    @classmethod
    def parse(cls, data: bytes | str, *, allow_bare_wildcards: bool = False) -> RobotsTxt:
        """Parse robots.txt text; never raises. `allow_bare_wildcards` accepts ai.txt's `*.jpg` paths."""
        groups: list[Group] = []
        current: Group | None = None
        last_was_agent = False
        for ln in lines(data):
            if ln.kind == "user-agent":
                if current is None or not last_was_agent:
                    current = Group()
                    groups.append(current)
                current.agents.append(agent_token(ln.value) or "\0")  # "\0": a token no agent has
                last_was_agent = True
                continue
            if ln.key == "content-usage":  # aipref-attach: a rule of the group, so it ends the agent lines
                last_was_agent = False
                if current is not None and ln.value:
                    current.usage.append(usage_rule(ln.value, ln.number, ln.raw))
                continue
            if ln.kind == "other":
                continue  # sitemap, unknown: neither a rule nor the end of a group
            last_was_agent = False
            value = ln.value
            if current is None or not value or (ln.cut and ln.kind == "allow"):
                continue  # before any user-agent, empty (matches nothing), or an allow cut short
            if not value.startswith("/") and not (allow_bare_wildcards and value.startswith("*")):
                value = "/" + value
            current.rules.append(Rule(ln.kind == "allow", compile_pattern(value), ln.number, ln.raw))
        return cls(groups)

    def rules_for(self, agent: str) -> list[Rule] | None:
        rules = self._by_agent.get(caller_token(agent))
        if rules is None:
            rules = self._by_agent.get("*")
        return rules

    def verdict(self, agent: str, path: str) -> Verdict:
        return self._verdict(self.rules_for(agent) or [], normalize(path or "/"))

    @staticmethod
    def _verdict(rules: list[Rule], path: str) -> Verdict:
        if path == "/robots.txt":
            return Verdict(True, None)
        best: Rule | None = None
        for rule in rules:
            size = len(rule.pattern.text)
            if best is not None and (size < len(best.pattern.text) or (
                    size == len(best.pattern.text) and (best.allow or not rule.allow))):
                continue  # could not beat the best so far: skip the match
            if match(rule.pattern, path):
                best = rule
        return Verdict(best is None or best.allow, best)

    def first_disallowed(self, agents: list[str] | tuple[str, ...], path: str) -> tuple[str, Rule] | None:
        """The first agent (in list order) disallowed for `path`, with the deciding rule."""
        path = normalize(path or "/")
        done: set[int] = set()  # agents without their own group share the `*` rules: evaluate once
        for agent in agents:
            rules = self.rules_for(agent) or []
            if id(rules) in done:
                continue
            done.add(id(rules))
            v = self._verdict(rules, path)
            if not v.allowed and v.rule is not None:
                return agent, v.rule
        return None

    def content_usage(self, agents: list[str] | tuple[str, ...], path: str) -> list[tuple[str, str]]:
        """(where, statement) of the Content-Usage rules that apply to `path` for each of `agents`: the
        longest matching path of the agent's groups (equal paths all apply), only where it may crawl."""
        path = normalize(path or "/")
        out: list[tuple[str, str]] = []
        done: set[int] = set()
        for agent in agents:
            token = caller_token(agent)
            key = token if token in self._by_agent else "*"
            usage = self._usage.get(key) or []
            if id(usage) in done or not usage:
                continue
            done.add(id(usage))
            if not self._verdict(self._by_agent.get(key) or [], path).allowed:
                continue  # no preferences are implied for resources that are disallowed
            hits = [u for u in usage if match(u.pattern, path)]
            if hits:
                size = max(len(u.pattern.text) for u in hits)
                out += [(f"robots.txt line {u.line} ({agent})", u.statement)
                        for u in hits if len(u.pattern.text) == size]
        return out
