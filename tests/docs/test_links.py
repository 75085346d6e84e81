"""Every relative link in the README and docs/ leads somewhere: the file exists and, for a
`#fragment`, the target page has a heading with that anchor (GitHub's slugs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _without_code(text: str) -> str:
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def _headings_text(page: Path) -> str:
    """The page without fenced code blocks (a `# comment` in a shell block is no heading)."""
    return re.sub(r"^```.*?^```", "", page.read_text(), flags=re.S | re.M)


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lowercase, punctuation but `-` and `_` dropped, spaces to `-`."""
    anchors = set()
    for heading in re.findall(r"^#+ (.+)$", _headings_text(page), flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def _links() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        if page.exists():
            found += [
                (page.relative_to(ROOT).as_posix(), target) for target in LINK.findall(_without_code(page.read_text()))
            ]
    return found


def test_the_front_door_links_into_docs():
    targets = {target.split("#")[0] for page, target in _links() if page == "README.md"}
    for name in ("cli", "api", "indexer", "devnet", "contracts", "configuration", "testing", "benchmarks"):
        assert f"docs/{name}.md" in targets


@pytest.mark.parametrize(("page", "target"), _links())
def test_relative_link_resolves(page, target):
    if re.match(r"[a-z]+:", target):  # http:, https:, mailto: - not checked offline
        return
    path, _, fragment = target.partition("#")
    file = (ROOT / page).parent / path if path else ROOT / page
    assert file.exists(), (
        f"{page}: link to {target}: no {file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}"
    )
    if fragment and file.suffix == ".md":
        assert fragment in _anchors(file), (
            f"{page}: link to {target}: no heading with anchor #{fragment} in {path or page}"
        )
