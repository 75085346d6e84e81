"""Every `teal` command line in the README's command-line section names a real command and
real options, with values of the right type: each one is parsed by the CLI's own parser (as a
shell would split it), without running it. (What the commands then do is tested elsewhere.)"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from api.cli.app import build_app

README = Path(__file__).resolve().parents[2] / "README.md"


def _cli_section_commands() -> list[str]:
    text = README.read_text()
    section = text[text.index("\n## Command line\n"):]
    section = section[:section.index("\n## ", 1)]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if "|" in words:  # `pass show ... | teal ...`: the part after the pipe
                words = words[len(words) - words[::-1].index("|"):]
            if words and words[0] == "teal":
                commands.append(shlex.join(words[1:]))
    return commands


COMMANDS = _cli_section_commands()


def test_the_section_has_examples_of_the_everyday_commands():
    named = {" ".join(c.split()[:2]) for c in COMMANDS}
    assert {"account show", "proposal list", "proposal show", "post --title", "task submit"} <= named


@pytest.mark.parametrize("line", COMMANDS)
def test_readme_command_parses(line):
    group = typer.main.get_command(build_app())
    args = shlex.split(line)
    ctx = group.make_context("teal", args)
    command = group
    while isinstance(command, typer.core.TyperGroup):
        name, command, rest = command.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
        ctx = command.make_context(name, rest, parent=ctx)
    assert not ctx.args, f"teal {line}: extra arguments {ctx.args}"
