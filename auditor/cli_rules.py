"""`audit rules ...`: list, show and validate policy rules, and list the signals rules may use."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from auditor.cli_common import PolicyOpt, fail, out
from auditor.cli_help import HumanGroup
from auditor.errors import AuditError

rules_app = typer.Typer(cls=HumanGroup, help="List, show and validate policy rules.", no_args_is_help=True)


def _known_signals() -> dict:
    from auditor.checks.registry import all_signals

    return {name: typ for name, (_check, typ) in all_signals().items()}


def _load(policy: list[Path] | None):
    from auditor.cli_build import default_policy
    from auditor.policy.loader import load_policies

    try:
        return load_policies(policy or [default_policy()], _known_signals())
    except AuditError as exc:
        raise fail(exc) from None


@rules_app.command("list")
def rules_list(policy: PolicyOpt = None) -> None:
    """List every rule and threshold of the policy: id, severity, category, title, signals."""
    from auditor.cli_rules_view import rules_table

    out.print(rules_table(_load(policy)))


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. COPYRIGHT-LICENSE-UNKNOWN.")],
               policy: PolicyOpt = None) -> None:
    """Show one rule in full: condition, evidence, message, how to fix, where it is defined."""
    from auditor.cli_rules_view import rule_detail

    loaded = _load(policy)
    try:
        out.print(rule_detail(loaded, rule_id))
    except AuditError as exc:
        raise fail(exc) from None


@rules_app.command("validate")
def rules_validate(files: Annotated[list[Path], typer.Argument(help="Policy YAML files to check together.")]) -> None:
    """Load policy files exactly as a scan would; exit 2 listing every problem in every file (file:line, key)."""
    from auditor.cli_rules_view import validate, validation_text

    try:
        out.print(validation_text(validate(files, _known_signals())))
    except AuditError as exc:
        raise fail(exc) from None


@rules_app.command("signals")
def rules_signals() -> None:
    """List every signal column a rule may use, with its type and the check that writes it."""
    from auditor.checks.registry import all_signals
    from auditor.cli_rules_view import readable_type

    rows = [(name, readable_type(typ), check) for name, (check, typ) in sorted(all_signals().items())]
    widths = [max(len(r[i]) for r in rows + [("signal", "type", "check")]) for i in range(2)]
    for name, typ, check in [("signal", "type", "check"), *rows]:
        out.print(f"{name:{widths[0]}}  {typ:{widths[1]}}  {check}", markup=False)
