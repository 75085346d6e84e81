"""docs/configuration.md's table of `TEAL_*` variables is the `Settings` model's own: a setting
added, removed or re-described in api/settings.py without regenerating the doc fails here."""

from __future__ import annotations

import subprocess
import sys

from api.settings import ENV_PREFIX, Settings
from scripts.gen_config_doc import COMMAND, DOC, ROOT, render


def test_the_configuration_table_is_up_to_date():
    current = DOC.read_text()
    assert current == render(current), f"docs/configuration.md is out of date with api/settings.py: run `{COMMAND}`"


def test_every_setting_has_a_row_with_its_description():
    text = DOC.read_text()
    for name, field in Settings.model_fields.items():
        assert field.description, f"Settings.{name} needs Field(description=...)"
        assert f"| `{ENV_PREFIX}{name.upper()}` |" in text


def test_the_check_names_the_command_to_regenerate(tmp_path):
    """A stale doc is one line on stderr naming the command, exit code 1 (the CI-friendly form)."""
    stale = DOC.read_text().replace(f"`{ENV_PREFIX}API_PORT`", f"`{ENV_PREFIX}API_PORT_OLD`")
    copy = tmp_path / "configuration.md"
    copy.write_text(stale)
    run = subprocess.run(
        [sys.executable, "-m", "scripts.gen_config_doc", "--check", "--doc", str(copy)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert COMMAND in run.stderr
    fresh = subprocess.run(
        [sys.executable, "-m", "scripts.gen_config_doc", "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert fresh.returncode == 0, fresh.stderr
