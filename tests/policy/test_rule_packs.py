"""The bundled rule packs: they validate, and the default pack gives the expected findings (golden)."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from auditor.errors import ConfigError
from auditor.policy import Severity, gate, load_policies

from .conftest import RULES, SIGNALS

PACKS = ["default.yaml", "commercial-release.yaml", "research.yaml"]
N = None
NAN = float("nan")

# one row per case; columns follow SIGNALS
ROWS = {
    "ok-cc-by": dict(license_family="cc-by", license_id="CC-BY-4.0", license_commercial=True,
                     license_derivatives=True, license_share_alike=False, license_attribution=True,
                     url_host="flickr.com", copyright_risk_host=False, data_nsfw="UNLIKELY",
                     data_punsafe=0.01, data_pwatermark=0.1, data_num_faces=0, data_face_count=0),
    "unknown": dict(license_family="unknown", license_evidence="LICENSE='?'"),
    "no-license-signal": dict(),
    "nc-nd": dict(license_family="cc-by-nc-nd", license_id="CC-BY-NC-ND-4.0", license_commercial=False,
                  license_derivatives=False, license_attribution=True),
    "getty": dict(license_family="all-rights-reserved", license_id="LicenseRef-All-Rights-Reserved",
                  license_evidence='LICENSE="© 2015 Getty Images"', license_commercial=False,
                  url_host="media.gettyimages.com", copyright_risk_host=True, data_pwatermark=0.95),
    "nsfw-faces": dict(license_family="cc-by-sa", license_commercial=True, license_derivatives=True,
                       license_share_alike=True, data_nsfw="NSFW", data_punsafe=0.97, data_num_faces=2,
                       data_face_count=2),
    "unsure-wm": dict(license_family="public-domain", license_commercial=True, license_derivatives=True,
                      data_nsfw="UNSURE", data_punsafe=0.2, data_watermark_score=0.85),
    "nan-scores": dict(license_family="cc-by", data_punsafe=NAN, data_nsfw_score=NAN),
}


def signals_batch(rows: dict[str, dict]) -> pa.RecordBatch:
    cols = {"key": pa.array(list(rows), pa.string())}
    for name, typ in SIGNALS.items():
        values = [r.get(name) for r in rows.values()]
        if pa.types.is_dictionary(typ):
            cols[name] = pa.array(values, pa.string()).dictionary_encode()
        else:
            cols[name] = pa.array(values, typ)
    return pa.RecordBatch.from_pydict(cols)


@pytest.mark.parametrize("pack", PACKS)
def test_rule_pack_validates(pack):
    policy = load_policies([RULES / pack], SIGNALS)
    assert policy.rules
    assert policy.required_signals <= set(SIGNALS)
    for r in policy.rules:
        assert r.rule.how_to_fix and r.rule.message and r.evidence


def test_all_packs_load_together():
    policy = load_policies([RULES / p for p in PACKS], SIGNALS)
    assert len(policy.sources) == 3


DEFAULT_EXPECTED = [
    ("unknown", "COPYRIGHT-LICENSE-UNKNOWN", "copyright", "medium"),
    ("no-license-signal", "COPYRIGHT-LICENSE-UNKNOWN", "copyright", "medium"),
    ("nc-nd", "COPYRIGHT-NONCOMMERCIAL", "copyright", "medium"),
    ("nc-nd", "COPYRIGHT-NO-DERIVATIVES", "copyright", "medium"),
    ("getty", "COPYRIGHT-ALL-RIGHTS-RESERVED", "copyright", "high"),
    ("getty", "COPYRIGHT-STOCK-HOST", "copyright", "high"),
    ("getty", "COPYRIGHT-WATERMARK", "copyright", "medium"),
    ("unsure-wm", "COPYRIGHT-WATERMARK", "copyright", "medium"),
    ("nsfw-faces", "SAFETY-UNSAFE", "content_safety", "medium"),
    ("unsure-wm", "SAFETY-UNSURE", "content_safety", "low"),
    ("nsfw-faces", "HUMAN-FACES-IN-DATA", "human_subjects", "info"),
]


def test_default_pack_golden_findings():
    policy = load_policies([RULES / "default.yaml"], SIGNALS)
    result = policy.evaluate_batch(signals_batch(ROWS))
    f = result.findings
    got = list(zip(*(f.column(c).to_pylist() for c in ("key", "rule_id", "category", "severity")),
                   strict=True))
    assert got == DEFAULT_EXPECTED
    evidence = {(k, r): json.loads(e) for k, r, e in zip(f.column("key").to_pylist(),
                                                          f.column("rule_id").to_pylist(),
                                                          f.column("evidence").to_pylist(), strict=True)}
    assert evidence[("getty", "COPYRIGHT-STOCK-HOST")] == {"url_host": "media.gettyimages.com",
                                                           "license_family": "all-rights-reserved"}
    assert evidence[("no-license-signal", "COPYRIGHT-LICENSE-UNKNOWN")] == {
        "license_family": None, "license_id": None, "license_evidence": None}
    assert evidence[("getty", "COPYRIGHT-ALL-RIGHTS-RESERVED")]["license_evidence"] == \
        'LICENSE="© 2015 Getty Images"'
    assert f.column("message").to_pylist()[0].startswith("No usable license")
    assert f.schema.field("rule_id").type == pa.dictionary(pa.int32(), pa.string())

    c = result.counts
    assert c.rows == 8 and c.rows_with_findings == 6
    assert c.per_rule["COPYRIGHT-WATERMARK"] == 2 and c.per_rule["COPYRIGHT-LICENSE-UNKNOWN"] == 2
    assert c.per_category == {"human_subjects": 1, "copyright": 5, "consent": 0, "privacy": 0,
                              "content_safety": 2, "dataset_quality": 0}
    assert c.per_threshold == {"COPYRIGHT-REVIEW-SHARE": 5}

    verdict = gate(c, c.rows, Severity.HIGH, policy)
    assert not verdict.passed
    assert [r.split(" ")[0] for r in verdict.reasons] == ["COPYRIGHT-ALL-RIGHTS-RESERVED",
                                                         "COPYRIGHT-STOCK-HOST", "threshold"]


def test_commercial_pack_fails_everything_not_cleared():
    policy = load_policies([RULES / "commercial-release.yaml"], SIGNALS)
    f = policy.evaluate(signals_batch(ROWS))
    hits = {k for k, r in zip(f.column("key").to_pylist(), f.column("rule_id").to_pylist(), strict=True)
            if r == "COMMERCIAL-NOT-CLEARED"}
    # unknown commercial status is never treated as commercial
    assert hits == {"unknown", "no-license-signal", "nc-nd", "getty", "nan-scores"}


def test_research_pack_accepts_nc_and_tracks_attribution():
    policy = load_policies([RULES / "research.yaml"], SIGNALS)
    f = policy.evaluate(signals_batch(ROWS))
    pairs = set(zip(f.column("key").to_pylist(), f.column("rule_id").to_pylist(), strict=True))
    assert ("nc-nd", "RESEARCH-NO-DERIVATIVES") in pairs
    assert ("ok-cc-by", "RESEARCH-ATTRIBUTION") in pairs
    assert not any(r.startswith("RESEARCH-NONCOMMERCIAL") for _, r in pairs)
    assert gate(policy.evaluate_batch(signals_batch(ROWS)).counts, 8, Severity.HIGH, policy).passed


def test_counts_merge_across_batches_equals_one_batch():
    policy = load_policies([RULES / "default.yaml"], SIGNALS)
    batch = signals_batch(ROWS)
    whole = policy.evaluate_batch(batch).counts
    total = policy.empty_counts()
    for part in (batch.slice(0, 3), batch.slice(3, 2), batch.slice(5)):
        total += policy.evaluate_batch(part).counts
    assert total.to_dict() == whole.to_dict()


def test_missing_signal_is_an_error_and_restriction_reports_rules():
    policy = load_policies([RULES / "default.yaml"], SIGNALS)
    batch = signals_batch(ROWS)
    data_cols = [n for n in batch.schema.names if n.startswith("data_")]
    without = batch.drop_columns(data_cols)
    with pytest.raises(ConfigError, match="SAFETY-UNSAFE"):
        policy.evaluate(without)
    skipped = {r.id for r in policy.rules_needing(data_cols)}
    assert skipped == {"COPYRIGHT-WATERMARK", "SAFETY-UNSAFE", "SAFETY-UNSURE", "HUMAN-FACES-IN-DATA",
                       "HUMAN-FACES-MISSED-BY-DATASET", "HUMAN-FACES-NOT-CONFIRMED"}
    restricted, dropped = policy.restricted_to(without.schema.names)
    assert {r.id for r in dropped} == skipped
    assert restricted.evaluate(without).num_rows == 6


def test_empty_batch_and_no_matches():
    policy = load_policies([RULES / "default.yaml"], SIGNALS)
    empty = signals_batch({})
    result = policy.evaluate_batch(empty)
    assert result.findings.num_rows == 0 and result.counts.rows == 0
    assert policy.evaluate(signals_batch({"ok": ROWS["ok-cc-by"]})).num_rows == 0


def test_signal_of_wrong_kind_is_an_input_error():
    from auditor.errors import InputError

    policy = load_policies([RULES / "default.yaml"], SIGNALS)
    batch = signals_batch(ROWS)
    i = batch.schema.get_field_index("copyright_risk_host")
    wrong = batch.set_column(i, "copyright_risk_host", pa.array(["yes"] * batch.num_rows))
    with pytest.raises(InputError, match="copyright_risk_host"):
        policy.evaluate(wrong)


def test_findings_name_their_input_row_even_when_keys_repeat():
    """Dataset ids may repeat; `source_file` + `row_index` still say which row a finding is about."""
    batch = signals_batch(ROWS)
    n = batch.num_rows
    same_key = batch.set_column(0, "key", pa.array(["dup"] * n))
    with_identity = same_key.append_column("source_file", pa.array(["a.parquet"] * n).dictionary_encode()) \
        .append_column("row_index", pa.array(range(100, 100 + n), pa.int64()))
    policy = load_policies([RULES / "default.yaml"], SIGNALS)
    plain = policy.evaluate_batch(batch).findings
    f = policy.evaluate_batch(with_identity).findings
    order = {k: i for i, k in enumerate(ROWS)}
    assert f.column("row_index").to_pylist() == [100 + order[k] for k in plain.column("key").to_pylist()]
    assert set(f.column("source_file").to_pylist()) == {"a.parquet"}
    assert plain.column("row_index").null_count == plain.num_rows  # no identity given: unknown, not 0
