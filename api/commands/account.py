"""`teal account create|import|list`: named accounts in encrypted keystore files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from api.commands.failures import teal_command
from api.commands.output import table
from api.commands.session import CliError, JsonOpt, PasswordFileOpt, Session

app = typer.Typer(help="Accounts: encrypted keystore files under the data dir (TEAL_KEYSTORE overrides).",
                  no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="A name for the account (letters, digits, . _ -).")]


def _saved(session: Session, stored: object, verb: str) -> None:
    data = {"name": stored.name, "address": stored.address, "path": str(stored.path)}  # type: ignore[attr-defined]
    session.out.result(data, text=f"{verb} account {data['name']}: {data['address']} ({data['path']})")


@app.command("create")
@teal_command
def create(name: NameArg, password_file: PasswordFileOpt = None, json_output: JsonOpt = False) -> None:
    """Create a new random account, encrypted with a password (asked twice, hidden)."""
    from eth_account import Account

    from api.wallet import read_password
    from api.wallet.keystore import check_name

    session = Session(json_output=json_output, password_file=password_file)
    check_name(name)
    password = read_password(session.password_file, confirm=True, prompt=f"New password for {name}")
    stored = session.keystore.save(name, Account.create().key, password)
    _saved(session, stored, "created")


@app.command("import")
@teal_command
def import_(
    name: NameArg,
    keystore_file: Annotated[
        Path | None,
        typer.Option("--keystore-file", help="Import an existing encrypted JSON keystore instead of a raw key."),
    ] = None,
    password_file: PasswordFileOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Import a private key, read from a hidden prompt or piped on stdin (never an argument)."""
    from api.wallet import read_password, read_private_key
    from api.wallet.keystore import check_name

    session = Session(json_output=json_output, password_file=password_file)
    check_name(name)
    if keystore_file is not None:
        try:
            keystore_json = json.loads(keystore_file.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise CliError("bad_keystore", f"cannot read the keystore file {keystore_file}: {exc}") from None
        password = read_password(session.password_file, prompt=f"Password of {keystore_file.name}")
        stored = session.keystore.save_encrypted(name, keystore_json, password)
    else:
        key = read_private_key()
        password = read_password(session.password_file, confirm=True, prompt=f"New password for {name}")
        stored = session.keystore.save(name, key, password)
    _saved(session, stored, "imported")


@app.command("list")
@teal_command
def list_(json_output: JsonOpt = False) -> None:
    """List the accounts in the keystore (names and addresses; nothing secret)."""
    session = Session(json_output=json_output)
    accounts = session.keystore.accounts()
    data = [{"name": a.name, "address": a.address, "path": str(a.path)} for a in accounts]
    if not accounts and not json_output:
        session.out.result(data, text=f"no accounts in {session.settings.keystore_dir}: "
                                      "`teal account create NAME` or `teal account import NAME`")
        return
    session.out.result(data, table=table(f"accounts in {session.settings.keystore_dir}", ["name", "address"],
                                         [(a.name, a.address) for a in accounts]))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="account")
