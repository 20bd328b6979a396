"""Every distinct license value seen by one check instance, normalized once, ready for row gathers.

Why a registry rather than a per-batch table: a batch's dictionary is a new permutation of mostly the
same few values (LAION: `?` and a dozen CC URLs), so rebuilding Arrow lookup tables per batch cost more
than the rows themselves. The registry gives each raw value a stable slot; a batch only maps its
dictionary to slots (Python over the distinct values of that batch, dict lookups) and gathers.

Output dictionaries (license_id, license_family, license_match) are global, unique and null-free; they
only grow when a new id/family/match value appears, so consecutive batches usually share them.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from auditor.checks.gather import gather_bool, gather_dictionary
from auditor.checks.license_normalize import Normalized, normalize_one

DICT_SIGNALS = {"license_id": "license_id", "license_family": "family", "license_match": "match"}
FACT_SIGNALS = {"license_commercial": "commercial", "license_derivatives": "derivatives",
                "license_share_alike": "share_alike", "license_attribution": "attribution"}
NULL_SLOT = 0


class _Strings:
    """A growing unique dictionary of strings: value -> code, Arrow array rebuilt only when it grows."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self._array: pa.Array | None = None

    def code(self, value: str | None) -> int:
        if value is None:
            return -1
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = len(self.codes)
            self._array = None
        return code

    def array(self) -> pa.Array:
        if self._array is None:
            self._array = pa.array(list(self.codes), pa.string())
        return self._array


class LicenseRegistry:
    """raw value -> slot; per slot the normalized facts as numpy columns."""

    def __init__(self) -> None:
        self.slot_of: dict[str, int] = {}
        self.dicts = {name: _Strings() for name in DICT_SIGNALS}
        self._codes: dict[str, list[int]] = {name: [] for name in DICT_SIGNALS}
        self._facts: dict[str, list[bool | None]] = {name: [] for name in FACT_SIGNALS}
        self._families: list[str] = []
        self.notes: list[str | None] = []  # per slot: the multi-license choice, for license_evidence
        self._compiled: dict[str, np.ndarray] | None = None
        self._add(normalize_one(None))  # slot 0: null

    def __len__(self) -> int:
        return len(self._families)

    def slots(self, values: list[str | None]) -> np.ndarray:
        """Slots of `values` (new ones normalized now), plus a trailing NULL_SLOT for null rows."""
        out = np.empty(len(values) + 1, dtype=np.int32)
        for i, v in enumerate(values):
            slot = self.slot_of.get(v) if v is not None else NULL_SLOT
            if slot is None:
                slot = self.slot_of[v] = self._add(normalize_one(v))
            out[i] = slot
        out[-1] = NULL_SLOT
        return out

    def note_suffixes(self, slots: np.ndarray) -> pa.Array | str:
        """'; <note>' per slot for license_evidence ('' when none); just '' when no slot has a note."""
        has = self._arrays()["_has_note"][slots]
        if not has.any():
            return ""
        return pa.array([f"; {self.notes[s]}" if h else "" for s, h in zip(slots.tolist(), has.tolist(),
                                                                             strict=True)], pa.string())

    def unknown(self) -> np.ndarray:
        return self._arrays()["_unknown"]

    def gather(self, signal: str, slots: np.ndarray) -> pa.Array:
        arrays = self._arrays()
        if signal in DICT_SIGNALS:
            return gather_dictionary(arrays[signal], self.dicts[signal].array(), slots)
        return gather_bool(arrays[signal], arrays[signal + "_valid"], slots)

    # -- internals ---------------------------------------------------------------------------------
    def _add(self, n: Normalized) -> int:
        for signal, attr in DICT_SIGNALS.items():
            self._codes[signal].append(self.dicts[signal].code(getattr(n, attr)))
        for signal, attr in FACT_SIGNALS.items():
            self._facts[signal].append(getattr(n, attr))
        self._families.append(n.family)
        self.notes.append(n.note)
        self._compiled = None
        return len(self._families) - 1

    def _arrays(self) -> dict[str, np.ndarray]:
        if self._compiled is None:
            arrays = {s: np.asarray(c, dtype=np.int32) for s, c in self._codes.items()}
            for signal, facts in self._facts.items():
                arrays[signal] = np.array([f is True for f in facts], dtype=bool)
                arrays[signal + "_valid"] = np.array([f is not None for f in facts], dtype=bool)
            arrays["_unknown"] = np.array([f == "unknown" for f in self._families], dtype=bool)
            arrays["_has_note"] = np.array([n is not None for n in self.notes], dtype=bool)
            self._compiled = arrays
        return self._compiled
