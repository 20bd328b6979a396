"""The first screen of both reports: one plain verdict per review type, then the gate and what to do next.

An ethics reviewer asks "do I need a human-subjects review? a copyright review?", not "what did rule X
count". Each review type is a policy category; its verdict is:
  needed        - a rule of that category found rows (each listed with its count and denominator),
  not needed    - every rule of the category ran and found nothing,
  not assessed  - nothing found, but at least one rule could not run (the reason is given), because
                  "nothing found by half the checks" must never read as "nothing there".
Built from the ReportModel only, so report.md and report.html say the same sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.coverage import missing_columns_text
from auditor.report.model import ReportModel

#: policy category -> the review a reviewer would name; other categories keep their own name
REVIEWS = {"human_subjects": "Human-subjects review", "copyright": "Copyright review",
           "consent": "Consent / opt-out review", "privacy": "Privacy review",
           "content_safety": "Content-safety review"}
ORDER = list(REVIEWS)


@dataclass
class Review:
    name: str
    verdict: str  # "needed", "not needed", "not assessed"
    reasons: list[str] = field(default_factory=list)


def _rows(n: int, total: int, sampled: bool) -> str:
    share = f" ({100 * n / total:.1f}%)" if total else ""
    return f"{n:,} of {total:,}{' sampled' if sampled else ''} rows{share}"


def reviews(m: ReportModel) -> list[Review]:
    cats: dict[str, list] = {}
    for r in m.rules:
        cats.setdefault(r.category, []).append(r)
    out = []
    for cat in sorted(cats, key=lambda c: (ORDER.index(c) if c in ORDER else len(ORDER), c)):
        rules = cats[cat]
        found = [r for r in rules if r.state != "not evaluated" and r.count]
        skipped = [r for r in rules if r.state == "not evaluated"]
        reasons = [f"{_rows(r.count, m.evaluated_rows, m.sampled)}: {r.title[:1].lower() + r.title[1:]} ({r.id})."
                   for r in found]
        why = list(dict.fromkeys(part for r in skipped for part in r.reason.split("; ") if part))
        if skipped:
            ids = ", ".join(r.id for r in skipped)
            reasons.append(f"Not checked ({ids}): " + "; ".join(why) + ".")
        verdict = "needed" if found else ("not assessed" if skipped else "not needed")
        if verdict == "not needed":
            reasons.append(f"All {len(rules)} checks of this kind ran and found nothing (detectors can miss cases).")
        out.append(Review(REVIEWS.get(cat, cat.replace("_", " ").capitalize() + " review"), verdict, reasons))
    return out


def next_steps(m: ReportModel) -> list[str]:
    steps = []
    if m.verdict == "INCOMPLETE":
        steps.append("The audit is incomplete: fix the errors listed under Dataset and scope and run it again "
                     "before relying on any number here.")
    elif m.verdict == "FAIL":
        steps.append("The gate failed. For each reason above, fix the rows (exclude or relicense them) or record "
                     "an approved exception in a waiver file (--waivers), then run the audit again.")
    else:
        steps.append("The gate passed. Keep this report with the dataset's documentation; reviews marked "
                     "'needed' still apply.")
    if any(r.state == "not evaluated" for r in m.rules):
        steps.append("Some checks did not run (see 'not assessed'): provide the missing inputs and run again, or "
                     "state in your submission why they do not apply.")
    steps.append("The rows behind every count are in findings.csv (all findings) and findings.parquet.")
    return steps


def dataset_gaps(m: ReportModel) -> str | None:
    return missing_columns_text(m.summary)
