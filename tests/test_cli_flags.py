"""`audit scan` keeps exactly its flags now that they come from typed groups (auditor.cli_flags).

tests/fixtures/cli/scan_options.json was written by `table()` below on the code before the grouping
(every parameter of the click command: names, defaults, type, bounds, panel, help), so a flag lost, renamed,
reordered or given another default or help text fails here. After a deliberate change to a flag, rewrite
it with: PYTHONPATH=$PWD python tests/test_cli_flags.py > tests/fixtures/cli/scan_options.json
(the file was made on the commit before auditor.cli_flags existed, with `table` alone; one deliberate change
since: the --checks help is generated from auditor.checks.registry and now also names the network checks).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer.main

from auditor.cli import app
from auditor.cli_flags import FacesFlags, PiiFlags, RunFlags, grouped

FIXTURE = Path(__file__).parent / "fixtures" / "cli" / "scan_options.json"


def table() -> list[dict]:
    command = typer.main.get_command(app).get_command(None, "scan")  # type: ignore[union-attr]
    rows = []
    for p in command.params:
        desc = p.type_descriptor
        rows.append({"name": p.name, "opts": list(p.opts), "secondary": list(p.secondary_opts),
                     "kind": p.param_type_name, "default": repr(p.default), "required": p.required,
                     "multiple": p.multiple, "annotation": repr(desc.annotation), "is_list": desc.is_list,
                     "min": getattr(p, "min", None), "max": getattr(p, "max", None),
                     "flag": getattr(p, "is_flag", None), "panel": getattr(p, "rich_help_panel", None),
                     "help": getattr(p, "help", None)})
    return rows


def test_scan_has_the_same_flags_as_before_the_grouping():
    before = json.loads(FIXTURE.read_text())
    now = table()
    assert [r["opts"] for r in now] == [r["opts"] for r in before]
    for old, new in zip(before, now, strict=True):
        assert new == old, old["opts"]


def test_groups_come_back_as_objects():
    seen = {}

    @grouped
    def command(inputs: list[str], run: RunFlags, faces: FacesFlags, pii: PiiFlags) -> None:
        seen.update(inputs=inputs, run=run, faces=faces, pii=pii)

    import inspect

    names = list(inspect.signature(command).parameters)
    assert names[0] == "inputs" and "face_threshold" in names and "spacy_model" in names and "faces" not in names
    command(inputs=["a"], **{n: inspect.signature(command).parameters[n].default for n in names[1:]})
    assert seen["faces"] == FacesFlags() and seen["run"].fail_on == "high" and seen["pii"] == PiiFlags()


def test_a_flag_declared_in_two_groups_is_refused():
    with pytest.raises(TypeError, match="declared twice"):
        @grouped
        def command(faces: FacesFlags, again: FacesFlags) -> None:
            pass


if __name__ == "__main__":
    print(json.dumps(table(), indent=1))
