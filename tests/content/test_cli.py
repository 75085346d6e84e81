"""`teal cid` run as a user would: a subprocess on real files, compared with Kubo's CIDs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def teal(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("teal", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-c", "from api.cli.app import main; main()"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(
    ("content", "args", "expected"),
    [
        (b"", [], "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH"),
        (
            b"",
            ["--cid-version", "1"],
            "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
        ),
        (b"Hello Worlds!\n", [], "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH"),
        (
            b"hello world",
            ["--cid-version", "1"],
            "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
        ),
        (bytes(262_144), [], "QmRk1rduJvo5DfEYAaLobS2za9tDszk35hzaNSDCJ74DA7"),
        (bytes(262_145), [], "QmbVuw4C4vcmVKqxoWtgDVobvcHrSn51qsmQmyxjk4sB2Q"),
        (bytes(1_310_710), [], "QmNg7BJo8gEMDK8yGQbHEwPtycesnE6FUULX5iVd5TAL9f"),
    ],
    ids=[
        "empty-v0",
        "empty-v1",
        "hello-worlds-v0",
        "hello-world-v1",
        "256KiB",
        "256KiB+1",
        "5-chunks",
    ],
)
def test_teal_cid_prints_the_kubo_cid(tmp_path: Path, content: bytes, args: list[str], expected: str) -> None:
    path = tmp_path / "file.bin"
    path.write_bytes(content)

    result = teal("cid", str(path), *args)

    assert result.returncode == 0, result.stderr
    assert result.stdout == expected + "\n"


def test_missing_file_prints_one_line_and_fails(tmp_path: Path) -> None:
    result = teal("cid", str(tmp_path / "absent.json"))

    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"error: no such file: {tmp_path / 'absent.json'}"]


def test_directory_is_refused_in_one_line(tmp_path: Path) -> None:
    result = teal("cid", str(tmp_path))

    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "is a directory" in result.stderr


def test_schemas_command_writes_the_json_schemas(tmp_path: Path) -> None:
    result = teal("schemas", str(tmp_path / "schemas"))

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "schemas" / "teal.post@1.schema.json").is_file()
