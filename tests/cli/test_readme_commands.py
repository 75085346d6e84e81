"""Every `teal` command line in the shell blocks of the README and docs/cli.md (the manual of
the command line) names a real command and real options, with values of the right type: each
one is parsed by the CLI's own parser (as a shell would split it), without running it, so
even the blocks no test can run (docs/cli.md marks them) are checked. What the commands then
do is tested elsewhere (tests/cli/test_up.py runs the blocks against a devnet)."""

from __future__ import annotations

import shlex

import pytest
import typer
from doc_blocks import blocks

from api.cli.app import build_app


def _cli_section_commands() -> list[str]:
    commands = []
    for block in [*blocks("README.md"), *blocks("docs/cli.md")]:
        for line in block.code.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if "|" in words:  # `pass show ... | teal ...`: the part after the pipe
                words = words[len(words) - words[::-1].index("|") :]
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
    # A shell variable or command substitution ("$change", "$(teal member pending ...)") is a
    # value an earlier line of the block computed (tests/cli/test_up.py runs the blocks in a
    # shell): parsed here as the id 1, which every option taking a value accepts.
    args = ["1" if word.startswith("$") else word for word in shlex.split(line)]
    ctx = group.make_context("teal", args)
    command = group
    while isinstance(command, typer.core.TyperGroup):
        name, command, rest = command.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
        ctx = command.make_context(name, rest, parent=ctx)
    assert not ctx.args, f"teal {line}: extra arguments {ctx.args}"
