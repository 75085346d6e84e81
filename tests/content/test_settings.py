"""Settings come from TEAL_* variables, with embedded defaults and named errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.settings import Settings, SettingsError, load_settings


def test_defaults_run_everything_embedded() -> None:
    settings = load_settings({})

    assert settings == Settings()
    assert (settings.store, settings.data_dir, settings.cid_version) == ("local", Path("./data"), 0)
    assert settings.ipfs_api == "/ip4/127.0.0.1/tcp/5001"
    assert settings.max_document_bytes == 1_048_576


def test_variables_override_defaults() -> None:
    settings = load_settings(
        {
            "TEAL_STORE": "kubo",
            "TEAL_IPFS_API": "/dns/ipfs/tcp/5001/http",
            "TEAL_MAX_DOCUMENT_BYTES": "65536",
            "TEAL_CID_VERSION": "1",
            "UNRELATED": "ignored",
        }
    )

    assert (settings.store, settings.ipfs_api) == ("kubo", "/dns/ipfs/tcp/5001/http")
    assert (settings.max_document_bytes, settings.cid_version) == (65536, 1)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TEAL_STORE", "s3"),
        ("TEAL_CID_VERSION", "2"),
        ("TEAL_MAX_DOCUMENT_BYTES", "lots"),
        ("TEAL_MAX_DOCUMENT_BYTES", "10"),
        ("TEAL_IPFS_ATTEMPTS", "0"),
    ],
)
def test_invalid_value_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"{name}='{value}'"):
        load_settings({name: value})
