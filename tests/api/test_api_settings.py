"""API settings: validated at start, unsafe values refused outside a development chain."""

from __future__ import annotations

import json

import pytest
from eth_account import Account

from api.http.relay import load_relayer
from api.settings import Settings, SettingsError, load_settings


def test_cors_wildcard_is_refused_on_a_non_dev_chain():
    settings = load_settings({"TEAL_CORS_ORIGINS": "*"})

    settings.check_for_chain(1337)
    with pytest.raises(SettingsError, match="TEAL_CORS_ORIGINS"):
        settings.check_for_chain(1)


def test_dev_relayer_is_refused_on_a_non_dev_chain():
    settings = load_settings({"TEAL_RELAYER": "dev"})

    assert load_relayer(settings, 31337) is not None
    with pytest.raises(SettingsError, match="TEAL_RELAYER=dev"):
        settings.check_for_chain(10)
    with pytest.raises(SettingsError):
        load_relayer(settings, 10)


def test_keystore_relayer_needs_both_files():
    with pytest.raises(SettingsError, match="TEAL_RELAYER_KEYSTORE"):
        load_settings({"TEAL_RELAYER": "keystore", "TEAL_RELAYER_KEYSTORE": "/x.json"})


def test_keystore_relayer_is_decrypted_from_files(tmp_path):
    account = Account.create()
    (tmp_path / "key.json").write_text(json.dumps(Account.encrypt(account.key, "pw", iterations=2)))
    (tmp_path / "password").write_text("pw\n")
    settings = Settings(
        relayer="keystore",
        relayer_keystore=tmp_path / "key.json",
        relayer_password_file=tmp_path / "password",
    )

    assert load_relayer(settings, 1).address == account.address


def test_wrong_keystore_password_names_the_file(tmp_path):
    account = Account.create()
    (tmp_path / "key.json").write_text(json.dumps(Account.encrypt(account.key, "pw", iterations=2)))
    (tmp_path / "password").write_text("nope\n")
    settings = Settings(
        relayer="keystore",
        relayer_keystore=tmp_path / "key.json",
        relayer_password_file=tmp_path / "password",
    )

    with pytest.raises(SettingsError, match="key.json"):
        load_relayer(settings, 1)


@pytest.mark.parametrize(
    "env",
    [
        {"TEAL_CORS_ORIGINS": "ftp://x"},
        {"TEAL_PAGE_SIZE_DEFAULT": "500", "TEAL_PAGE_SIZE_MAX": "100"},
        {"TEAL_MAX_REQUEST_BYTES": "10"},
        {"TEAL_API_PORT": "70000"},
    ],
)
def test_invalid_api_settings_are_refused_with_the_variable(env):
    with pytest.raises(SettingsError, match="TEAL_"):
        load_settings(env)


def test_relay_policy_defaults_are_safe_for_a_public_deployment():
    settings = load_settings({})

    assert settings.relay_claimants == "dao" and not settings.relay_allowlist_set
    assert not settings.relay_open_workstream_ids
    assert settings.relay_max_deadline_seconds == 86_400
    assert settings.relay_daily_gas_budget_wei <= 10**18


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TEAL_RELAY_ALLOWLIST", "0x1234"),
        ("TEAL_RELAY_ALLOWLIST", "0x" + "zz" * 20),
        ("TEAL_RELAY_OPEN_WORKSTREAMS", "1,two"),
        ("TEAL_RELAY_OPEN_WORKSTREAMS", "١"),  # an Arabic-Indic digit is not an id
        ("TEAL_RELAY_CLAIMANTS", "everyone"),
        ("TEAL_RELAY_MAX_DEADLINE_SECONDS", "-1"),
        ("TEAL_RELAY_DAILY_GAS_BUDGET_WEI", str(10**19)),
    ],
)
def test_bad_relay_policy_settings_are_refused_naming_the_variable(variable, value):
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value})
