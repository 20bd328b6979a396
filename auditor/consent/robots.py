"""robots.txt with RFC 9309 semantics, also used for Spawning's ai.txt (same syntax).

- groups start at `user-agent` lines; consecutive user-agent lines share one group; groups naming the same
  agent are merged; an agent with no group of its own uses the `*` groups;
- agent names match case-insensitively on the product token (`GPTBot/1.0` names GPTBot);
- the longest matching rule (in octets) wins; on a tie `allow` wins; an empty `disallow` matches nothing;
- a crawler must parse at least 500 KiB: callers pass the first MAX_BYTES and we parse complete lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.consent.patterns import matches, normalize

MAX_BYTES = 512 * 1024
_FIELDS = {"user-agent", "allow", "disallow"}


@dataclass(frozen=True)
class Rule:
    allow: bool
    pattern: str        # normalized
    line: int           # 1-based line number in the file
    text: str           # the line as written (for evidence)


@dataclass
class Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    rule: Rule | None   # None: no rule matched (allowed by default)


def _token(agent: str) -> str:
    return agent.split("/", 1)[0].strip().lower()


class RobotsTxt:
    def __init__(self, groups: list[Group]) -> None:
        self._by_agent: dict[str, list[Rule]] = {}
        for g in groups:
            for a in g.agents:
                self._by_agent.setdefault(a, []).extend(g.rules)

    @classmethod
    def parse(cls, data: bytes | str, *, allow_bare_wildcards: bool = False) -> RobotsTxt:
        """Parse robots.txt text; never raises. `allow_bare_wildcards` accepts ai.txt's `*.jpg` paths."""
        if isinstance(data, bytes):
            data = data[:MAX_BYTES]
            if len(data) == MAX_BYTES:
                data = data.rsplit(b"\n", 1)[0]  # drop a line cut in the middle
            text = data.decode("utf-8", errors="replace")
        else:
            text = data
        text = text.lstrip("\ufeff")
        groups: list[Group] = []
        current: Group | None = None
        last_was_agent = False
        for lineno, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            key, _, value = line.partition(":")
            key, value = key.strip().lower(), value.strip()
            if key not in _FIELDS:
                continue
            if key == "user-agent":
                if current is None or not last_was_agent:
                    current = Group()
                    groups.append(current)
                current.agents.append(_token(value) or "*")
                last_was_agent = True
                continue
            last_was_agent = False
            if current is None or not value:
                continue  # rules before any user-agent line, or an empty disallow: match nothing
            if not value.startswith("/") and not (allow_bare_wildcards and value.startswith("*")):
                value = "/" + value
            current.rules.append(Rule(key == "allow", normalize(value), lineno, raw.strip()[:300]))
        return cls(groups)

    def rules_for(self, agent: str) -> list[Rule] | None:
        token = _token(agent)
        rules = self._by_agent.get(token)
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
            if not matches(rule.pattern, path):
                continue
            if best is None or len(rule.pattern) > len(best.pattern) or (
                    len(rule.pattern) == len(best.pattern) and rule.allow and not best.allow):
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
