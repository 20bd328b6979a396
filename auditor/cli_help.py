"""`--help` text a person can read: help strings printed as written, types named in plain words.

Typer renders help through rich markup, so `auditor[ray]` or `[default: every core]` in our own help
text vanished as unknown tags; and it labels types with Python annotations (`<list[Path]>`). The group
class here fixes both for every command it resolves, in one place: help text is markup-escaped, and each
parameter without an explicit metavar gets a plain one (PATH, TEXT, INTEGER, NUMBER; nothing for flags).
"""

from __future__ import annotations

from rich.markup import escape
from typer.core import TyperGroup

_DONE = "_auditor_human_help"


#: Python type -> the word a reader knows
_WORDS = {"Path": "PATH", "str": "TEXT", "int": "INTEGER", "float": "NUMBER", "bool": "BOOLEAN"}


def type_label(param) -> str:
    """A reader's name for a parameter's type ("" for on/off flags): PATH, TEXT, INTEGER, PATH..."""
    if getattr(param, "is_flag", False):
        return ""
    desc = param.type_descriptor
    ann = desc.annotation
    inner = getattr(ann, "__args__", (ann,))[0] if desc.is_list else ann
    if desc.is_choice:
        label = "|".join(map(str, desc.choices or ()))
    else:
        label = _WORDS.get(getattr(inner, "__name__", str(inner)), "TEXT")
    return label + ("..." if desc.is_list else "")


def humanize(cmd):
    """Escape help text and set plain type labels on `cmd` (idempotent)."""
    if getattr(cmd, _DONE, False):
        return cmd
    if cmd.help:
        cmd.help = escape(cmd.help)
    for param in cmd.params:
        if getattr(param, "help", None):
            param.help = escape(param.help)
        if param.metavar is None and param.param_type_name == "option":
            param.metavar = type_label(param)
        elif param.param_type_name == "argument":  # a metavar would rename it in Usage: relabel the type only
            label = type_label(param)
            param.display_type_rich = lambda ctx, _label=label: _label
    original = cmd.get_help_option

    def help_option(ctx):  # created on demand by click, so relabelled on demand
        opt = original(ctx)
        if opt is not None:
            opt.metavar = ""
        return opt

    cmd.get_help_option = help_option
    setattr(cmd, _DONE, True)
    return cmd


class HumanGroup(TyperGroup):
    """TyperGroup whose subcommands get humanize()d when resolved (for --help and for running alike)."""

    def get_command(self, ctx, cmd_name: str):
        cmd = super().get_command(ctx, cmd_name)
        return humanize(cmd) if cmd is not None else None
