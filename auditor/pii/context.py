"""presidio's context enhancer in linear time per caption.

presidio's LemmaContextAwareEnhancer finds each detection's token by walking the token list from the
start (`_find_index_of_match_token`), tests every lemma against the keyword *list*, and walks as far as
it takes to collect its context words: O(spans x tokens) per caption. A 50k-character caption with 700
spans spent 20 of its 30 s there. Here the token is found by bisection over token end offsets, the
keywords are a set, and the walk stops after WINDOW tokens either side.

Deliberate difference from presidio: a context word more than WINDOW tokens away (only reachable when
that many punctuation or stop-word tokens separate it from the match) is not seen. presidio's own
window is 5 keywords back / 0 forward, so on normal text the results are identical.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

#: the most tokens walked either side of a match while collecting context words
WINDOW = 64


class TokenStarts(list):
    """Token start offsets (what presidio expects) plus their end offsets for bisection."""

    def __init__(self, doc: Any) -> None:
        super().__init__(t.idx for t in doc)
        self.ends = [t.idx + len(t) for t in doc]


class LinearContextEnhancer(LemmaContextAwareEnhancer):
    """Same scoring as presidio's enhancer, bounded work per detection."""

    @staticmethod
    def _find_index_of_match_token(word: str, start: int, tokens: Any, tokens_indices: list[int]) -> int:
        ends = getattr(tokens_indices, "ends", None)
        if ends is None:  # artifacts not built by us: presidio's own walk
            return LemmaContextAwareEnhancer._find_index_of_match_token(word, start, tokens, tokens_indices)
        # presidio takes the first token with idx == start or start < its end; ends are non-decreasing
        i = bisect_right(ends, start)
        if i >= len(ends):
            raise ValueError(f"Did not find word {word!r} in the list of tokens although it is expected")
        return i

    @staticmethod
    def _add_n_words(index: int, n_words: int, lemmas: list[str], lemmatized_filtered_keywords: Any,
                     is_backward: bool) -> list[str]:
        step = -1 if is_backward else 1
        stop = max(-1, index - WINDOW) if is_backward else min(len(lemmas), index + WINDOW)
        words: list[str] = []
        remaining = n_words + 1
        for i in range(index, stop, step):
            if remaining <= 0:
                break
            lower = lemmas[i].lower()
            if lower in lemmatized_filtered_keywords:
                words.append(lower)
                remaining -= 1
        return words
