"""`teal account create|import|import-demo|list`: named accounts in encrypted keystore files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from api.cli.commands.failures import teal_command
from api.cli.commands.output import table
from api.cli.commands.session import CliError, JsonOpt, PasswordFileOpt, Session
from api.settings import load_settings

app = typer.Typer(
    help="Accounts: encrypted keystore files under the data dir (TEAL_KEYSTORE overrides).", no_args_is_help=True
)

NameArg = Annotated[str, typer.Argument(help="A name for the account (letters, digits, . _ -).")]


def _saved(session: Session, stored: object, verb: str) -> None:
    data = {"name": stored.name, "address": stored.address, "path": str(stored.path)}  # type: ignore[attr-defined]
    session.out.result(data, text=f"{verb} account {data['name']}: {data['address']} ({data['path']})")


@app.command("create")
@teal_command
def create(name: NameArg, password_file: PasswordFileOpt = None, json_output: JsonOpt = False) -> None:
    """Create a new random account, encrypted with a password (asked twice, hidden)."""
    from eth_account import Account

    from api.cli.wallet.keystore import check_name
    from api.cli.wallet.secret_input import read_password

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
    mnemonic: Annotated[
        bool,
        typer.Option(
            "--mnemonic",
            help="Import account --index of a BIP-39 mnemonic (read like a key, never an "
            "argument), on the path wallets use: m/44'/60'/0'/0/INDEX.",
        ),
    ] = False,
    index: Annotated[int, typer.Option("--index", min=0, help="Which account of the mnemonic (with --mnemonic).")] = 0,
    password_file: PasswordFileOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Import a private key or a mnemonic's account, read from a hidden prompt or piped on stdin
    (never an argument)."""
    from api.cli.wallet.keystore import check_name, key_from_mnemonic
    from api.cli.wallet.secret_input import read_mnemonic, read_password, read_private_key

    session = Session(json_output=json_output, password_file=password_file)
    check_name(name)
    if mnemonic and keystore_file is not None:
        raise CliError("bad_option", "--mnemonic and --keystore-file are two different sources: give one")
    if index and not mnemonic:
        raise CliError("bad_option", "--index picks an account of a mnemonic: add --mnemonic")
    if mnemonic:
        derived = key_from_mnemonic(read_mnemonic(), index)
        password = read_password(session.password_file, confirm=True, prompt=f"New password for {name}")
        stored = session.keystore.save(name, derived, password)
    elif keystore_file is not None:
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


@app.command("import-demo")
@teal_command
def import_demo(password_file: PasswordFileOpt = None, json_output: JsonOpt = False) -> None:
    """Import every demo person's account of the `teal up` devnet (ana, ben, ... sam) under their
    names, from the public dev mnemonic it recorded; all encrypted with one password. Accounts
    already imported are kept."""
    from api.cli.devnet.record import recorded_devnet
    from api.cli.wallet.keystore import key_from_mnemonic
    from api.cli.wallet.secret_input import read_password

    session = Session(json_output=json_output, password_file=password_file)
    settings = load_settings()
    devnet = recorded_devnet(settings)
    if devnet is None:
        raise CliError(
            "no_devnet",
            f"no devnet recorded in {settings.data_dir / 'devnet' / 'current.json'}: start one with scripts/up.sh",
        )
    existing = {a.name: a for a in session.keystore.accounts()}
    by_address = {a.address: a.name for a in existing.values()}
    password: str | None = None
    rows = []
    for person in devnet.accounts:
        key = key_from_mnemonic(devnet.mnemonic, person.index)
        if person.name in existing or person.address in by_address:
            held = existing.get(person.name)
            if held is not None and held.address != person.address:
                raise CliError(
                    "name_taken",
                    f"the keystore already has an account named {person.name!r} with another "
                    f"address ({held.address}); rename or remove it first",
                )
            rows.append(
                {
                    "name": by_address.get(person.address, person.name),
                    "address": person.address,
                    "role": person.role,
                    "imported": False,
                }
            )
            continue
        if password is None:
            password = read_password(session.password_file, confirm=True, prompt="New password for the demo accounts")
        # The keys are public (a test mnemonic): a light scrypt keeps twenty imports quick.
        session.keystore.save(person.name, key, password, kdf_cost=2**14)
        rows.append({"name": person.name, "address": person.address, "role": person.role, "imported": True})
    new = sum(1 for r in rows if r["imported"])
    session.out.result(
        rows,
        table=table(
            f"demo accounts in {session.settings.keystore_dir}: {new} imported, {len(rows) - new} already there",
            ["name", "address", "role"],
            [(r["name"], r["address"], r["role"]) for r in rows],
        ),
    )


@app.command("list")
@teal_command
def list_(json_output: JsonOpt = False) -> None:
    """List the accounts in the keystore (names and addresses; nothing secret)."""
    session = Session(json_output=json_output)
    accounts = session.keystore.accounts()
    data = [{"name": a.name, "address": a.address, "path": str(a.path)} for a in accounts]
    if not accounts and not json_output:
        session.out.result(
            data,
            text=f"no accounts in {session.settings.keystore_dir}: "
            "`teal account create NAME` or `teal account import NAME`",
        )
        return
    session.out.result(
        data,
        table=table(
            f"accounts in {session.settings.keystore_dir}", ["name", "address"], [(a.name, a.address) for a in accounts]
        ),
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="account")
