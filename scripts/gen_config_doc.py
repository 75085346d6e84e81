"""Regenerate the table of `TEAL_*` variables in docs/configuration.md from `Settings`.

    .venv/bin/python -m scripts.gen_config_doc           # rewrite the generated region
    .venv/bin/python -m scripts.gen_config_doc --check   # exit 1 if the doc is out of date
    (--doc PATH: another copy of the doc, for the test)

The table sits between the two marker comments below; everything else in the file is
written by hand. Each row comes from one field of `api.settings.Settings`: its variable
name, default, allowed values (the field's constraints) and `description`.
"""

from __future__ import annotations

import sys
import typing
from pathlib import Path

from annotated_types import Ge, Gt, Le, Lt
from pydantic.fields import FieldInfo

from api.settings import ENV_PREFIX, Settings

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "configuration.md"
BEGIN = "<!-- BEGIN GENERATED: scripts/gen_config_doc.py (do not edit by hand) -->"
END = "<!-- END GENERATED -->"
COMMAND = ".venv/bin/python -m scripts.gen_config_doc"


def _default(field: FieldInfo) -> str:
    value = field.default
    if value is None:
        return "-"
    if value == "":
        return "empty"
    return f"`{value}`"


def _allowed(field: FieldInfo) -> str:
    choices = [a for a in typing.get_args(field.annotation) if a is not type(None)]
    if typing.get_origin(field.annotation) is typing.Literal:
        return ", ".join(f"`{c}`" for c in choices)
    bounds = []
    for rule in field.metadata:
        if isinstance(rule, Gt):
            bounds.append(f"> {rule.gt}")
        elif isinstance(rule, Ge):
            bounds.append(f">= {rule.ge}")
        elif isinstance(rule, Lt):
            bounds.append(f"< {rule.lt}")
        elif isinstance(rule, Le):
            bounds.append(f"<= {rule.le}")
    return ", ".join(bounds)


def table() -> str:
    """The generated Markdown table, one row per `Settings` field, in declaration order."""
    rows = ["| variable | default | allowed | meaning |", "|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        if not field.description:
            raise SystemExit(f"Settings.{name} has no description: add Field(description=...)")
        meaning = " ".join(field.description.split()).replace("|", "\\|")
        rows.append(f"| `{ENV_PREFIX}{name.upper()}` | {_default(field)} | {_allowed(field)} | {meaning} |")
    return "\n".join(rows)


def render(text: str) -> str:
    """`text` (the doc) with its generated region replaced by the current table."""
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{DOC}: the markers {BEGIN!r} and {END!r} are missing")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    doc = Path(argv[argv.index("--doc") + 1]) if "--doc" in argv else DOC
    current = doc.read_text()
    wanted = render(current)
    if "--check" in argv:
        if current != wanted:
            print(f"{doc.name} is out of date with api/settings.py: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if current != wanted:
        doc.write_text(wanted)
        print(f"wrote {doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
