"""The shell blocks of the README and docs/*.md, as a reader sees them, for the tests that run
them (tests/cli/test_up.py) or parse them (tests/cli/test_readme_commands.py).

A block is a fenced ```sh (or ```bash) block. HTML comments on the lines right above it say how
a test treats it:

    <!-- not-run: why a test cannot run it (a prompt, a long-running server, your own key) -->
    <!-- expect: text the reader would look for in the output (one comment per text) -->
    <!-- run-by: the test that runs this block with checks of its own -->

A block with no `not-run` comment is run as it is, with `bash -euo pipefail`, from the
repository's root; it must exit 0 and print every `expect` text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```(sh|bash)\s*$")
COMMENT = re.compile(r"^<!--\s*(.*?)\s*-->\s*$")
KEYED = re.compile(r"([a-z-]+):\s*(.*)", re.S)


@dataclass
class Block:
    page: str  # relative to the repository's root
    line: int  # of the opening fence, 1-based
    code: str
    not_run: str | None = None  # the reason, when a test cannot run it
    expect: list[str] = field(default_factory=list)
    run_by: str | None = None  # the test that runs it instead

    @property
    def name(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(page: str) -> list[Block]:
    """Every shell block of `page` (a path relative to the root), in order."""
    lines = (ROOT / page).read_text().splitlines()
    found = []
    i = 0
    while i < len(lines):
        if FENCE.match(lines[i]):
            start = i
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            block = Block(page, start + 1, "\n".join(lines[start + 1 : end]) + "\n")
            j = start - 1
            while j >= 0 and (match := COMMENT.match(lines[j])):
                key, value = keyed.groups() if (keyed := KEYED.fullmatch(match.group(1))) else ("", "")
                if key == "run-by":
                    block.run_by = value
                elif key == "not-run":
                    block.not_run = value
                elif key == "expect":
                    block.expect.insert(0, value)
                j -= 1
            found.append(block)
            i = end
        i += 1
    return found
