"""What users type (token amounts) and what they read back (errors without a tailored
explanation), checked without a chain."""

from __future__ import annotations

import pytest

from api.chain.errors import DecodedRevert, explain
from api.cli.commands.session import CliError, parse_amount


@pytest.mark.parametrize(
    ("text", "decimals", "expected"),
    [
        ("150", 18, 150 * 10**18),
        ("2.5", 18, 25 * 10**17),
        ("1_000", 6, 1_000 * 10**6),
        ("25wei", 18, 25),
        ("0", 18, 0),
        ("0.000001", 6, 1),
    ],
)
def test_amounts_are_whole_tokens_or_base_units(text, decimals, expected):
    assert parse_amount(text, decimals) == expected


@pytest.mark.parametrize(
    ("text", "decimals", "message"),
    [
        ("0.0000001", 6, "has more than 6 decimals"),
        ("-1", 18, "is negative"),
        ("ten", 18, "is not a number of tokens"),
        ("1.5wei", 18, "is not a number of tokens"),
    ],
)
def test_bad_amounts_say_what_is_wrong(text, decimals, message):
    with pytest.raises(CliError, match=message):
        parse_amount(text, decimals)


def test_an_error_without_an_explanation_shows_its_name_and_arguments():
    # An error of a contract the command line does not know (say a team's own token).
    revert = DecodedRevert("VaultCapReached", {"count": 17, "max": 16})

    assert explain(revert, chain=None) == "the contract refused: VaultCapReached(count=17, max=16)"
    assert revert.code == "vault_cap_reached"


def test_an_explanation_that_cannot_read_its_context_falls_back_to_the_name():
    revert = DecodedRevert("TaskUnknown", {"taskId": 7})

    assert explain(revert, chain=None) == "the contract refused: TaskUnknown(taskId=7)"
