"""What every chain command shares: its options (network, account, password file, --json),
the settings, the chain connection, unlocking the signing account, and parsing of the
values users type (addresses or account names, token amounts)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from api.cli.commands.output import Output

if TYPE_CHECKING:  # imported where used: a command that never touches the chain starts faster
    from eth_account.signers.local import LocalAccount

    from api.cli.wallet.keystore import Keystore
    from api.content import DocumentStore, SigningDomain

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output (errors too).")]
NetworkOpt = Annotated[
    str | None,
    typer.Option("--network", help="teal-ganache or teal-anvil: its RPC URL and deployments/<NAME>.json."),
]
RpcUrlOpt = Annotated[str | None, typer.Option("--rpc-url", help="Chain JSON-RPC URL (env TEAL_RPC_URL).")]
ManifestOpt = Annotated[Path | None, typer.Option("--manifest", help="Deployment manifest (env TEAL_MANIFEST).")]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", help="Account that signs: a keystore name or address (env TEAL_FROM).", envvar="TEAL_FROM"),
]
RelayOpt = Annotated[
    str | None,
    typer.Option(
        "--relay",
        help="Relay through this Teal API (its URL): you sign an ERC-2771 request, its relayer "
        "pays the gas (POST /relay/forward).",
    ),
]
PasswordFileOpt = Annotated[
    Path | None,
    typer.Option("--password-file", help="File whose first line is the password (env TEAL_PASSWORD_FILE)."),
]


F = TypeVar("F", bound=Callable[..., Any])


def chain_command(*, sender: bool = False, password_file: bool | None = None, relay: bool = False) -> Callable[[F], F]:
    """The options every chain command shares, declared here once: `--from` and
    `--password-file` (for commands that sign; `sender=True`), then `--network`, `--rpc-url`,
    `--manifest` and `--json`. They are added to the command's signature (so `teal X --help`
    lists them after its own options), and the command receives them as one `session: Session`
    (with `session.sender`) in place of its first parameter. `relay=True` adds `--relay URL`:
    the session then sends signed ERC-2771 requests to that API's relayer (`session.relay`).

    Apply it under `@teal_command`, so a failure while connecting prints as one line."""
    with_password = sender if password_file is None else password_file
    shared = [
        *(
            [inspect.Parameter("sender", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FromOpt)]
            if sender
            else []
        ),
        *(
            [
                inspect.Parameter(
                    "password_file", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=PasswordFileOpt
                )
            ]
            if with_password
            else []
        ),
        *(
            [inspect.Parameter("relay", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=RelayOpt)]
            if relay
            else []
        ),
        inspect.Parameter("network", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=NetworkOpt),
        inspect.Parameter("rpc_url", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=RpcUrlOpt),
        inspect.Parameter("manifest", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ManifestOpt),
        inspect.Parameter("json_output", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=JsonOpt),
    ]

    def decorate(fn: F) -> F:
        own = list(inspect.signature(fn, eval_str=True).parameters.values())
        if not own or own[0].name != "session":
            raise TypeError(f"{fn.__name__}: a chain command takes `session` first")

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # Only a relayable command's --relay is the session's; others (vote, claim-by-signature)
            # have a --relay of their own that names a different endpoint.
            relay_url = kwargs.pop("relay", None) if relay else None
            session = Session(
                json_output=kwargs.pop("json_output", False),
                network=kwargs.pop("network", None),
                rpc_url=kwargs.pop("rpc_url", None),
                manifest=kwargs.pop("manifest", None),
                password_file=kwargs.pop("password_file", None),
                forward=_relay_forwarder(relay_url) if relay_url else None,
            )
            session.relay = relay_url
            if sender:
                session.sender = kwargs.pop("sender", None)
            return fn(session, *args, **kwargs)

        params = [p.replace(kind=inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in own[1:]]
        # Typer reads this signature (and these resolved annotations), not the function's own.
        wrapper.__signature__ = inspect.Signature([*params, *shared])  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in [*params, *shared]}
        del wrapper.__wrapped__
        return wrapper  # type: ignore[return-value]

    return decorate


def _relay_forwarder(relay_url: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda payload: post_to_relay(relay_url, "forward", payload)


def post_to_relay(base_url: str, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Send a signed claim, ballot, delegation or ERC-2771 request to a Teal API's relay
    (`POST /relay/<kind>`), whose relayer pays the gas; its typed errors become one CLI line."""
    import httpx

    url = base_url.rstrip("/") + f"/relay/{kind}"
    try:
        response = httpx.post(url, json=payload, timeout=120)
    except httpx.HTTPError as exc:
        raise CliError("relay_unavailable", f"no relay at {url}: {exc} (start the API with `teal serve`)") from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code >= 400:
        error = body.get("error") or {} if isinstance(body, dict) else {}
        message = error.get("message") or response.text[:200]
        raise CliError(error.get("code", "relay_refused"), f"the relay refused ({response.status_code}): {message}")
    return dict(body)


class CliError(Exception):
    """Bad input or a state the user can fix: one line, a stable code."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


class Session:
    """One command's settings, output mode and (lazily) chain connection and keystore."""

    active: Session | None = None

    def __init__(
        self,
        *,
        json_output: bool = False,
        network: str | None = None,
        rpc_url: str | None = None,
        manifest: Path | None = None,
        password_file: Path | None = None,
        forward: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> None:
        from api.settings import load_settings

        self.out = Output(json_mode=json_output)
        self.settings = load_settings()
        self._network, self._rpc_url, self._manifest = network, rpc_url, manifest
        self._devnet_stopped: str | None = None
        self._use_devnet()
        self.password_file = password_file or self.settings.password_file
        self.sender: str | None = None  # --from, for commands that sign (see chain_command)
        self.relay: str | None = None  # --relay URL, for commands that may be relayed
        self._chain: Any = None
        # --relay: sends a signed ForwardRequest to a relay (transactions are then signed requests).
        self.forward = forward
        self.rpc_url_in_use: str | None = None
        Session.active = self

    # ---- chain ---------------------------------------------------------------------------

    def _use_devnet(self) -> None:
        """With no chain named, talk to the devnet `teal up` runs (its chain, manifest, store
        and database); remember a stopped one to say so when a chain is needed."""
        from api.cli.devnet.record import DevnetNotRunning, devnet_settings

        try:
            self.settings = devnet_settings(
                self.settings, network=self._network, rpc_url=self._rpc_url, manifest=self._manifest
            )
        except DevnetNotRunning as exc:
            self._devnet_stopped = str(exc)

    @property
    def chain(self) -> Any:  # ChainClient; typed loosely while commands read its views untyped
        if self._chain is None:
            from api.chain.client import ChainClient
            from api.chain.networks import NetworkChoiceError, choose_network

            if self._devnet_stopped:
                raise NetworkChoiceError(self._devnet_stopped)
            choice = choose_network(
                settings=self.settings, network=self._network, rpc_url=self._rpc_url, manifest=self._manifest
            )
            self.rpc_url_in_use = choice.rpc_url
            self._chain = ChainClient(choice, timeout=self.settings.rpc_timeout * 6)
            self._chain.forward = self.forward
        return self._chain

    def store(self) -> DocumentStore:
        from api.content import open_store

        return open_store(self.settings)

    def signing_domain(self) -> SigningDomain:
        """The domain the indexer and API verify document signatures with."""
        from api.content import SigningDomain

        governor = self.chain.manifest.contracts.get("TealGovernor")
        return SigningDomain(
            chain_id=self.chain.manifest.chain_id, verifying_contract=governor.address if governor else None
        )

    def prepare_document(self, body: Any, *, author: Any) -> PreparedDocument:
        """A document signed by `author`, its canonical bytes and CID, computed offline: the
        transaction that names the CID is checked before anything is published."""
        from api.content import compute_cid, encode_document, make_document, sign_document

        document = sign_document(make_document(body), account=author, domain=self.signing_domain())
        _, data, _ = encode_document(
            document=document, domain=self.signing_domain(), max_bytes=self.settings.max_document_bytes
        )
        return PreparedDocument(
            session=self, document=document, cid=compute_cid(data, cid_version=self.settings.cid_version)
        )

    # ---- accounts ------------------------------------------------------------------------

    @property
    def keystore(self) -> Keystore:
        from api.cli.wallet.keystore import Keystore

        return Keystore(self.settings.keystore_dir)

    def unlock(self, name_or_address: str | None = None) -> LocalAccount:
        """The signing account, decrypted with the password file's or a prompted password."""
        from api.cli.wallet.secret_input import read_password

        name_or_address = name_or_address or self.sender
        if not name_or_address:
            raise CliError("no_account", "which account signs? pass --from NAME (or set TEAL_FROM)")
        stored = self.keystore.find(name_or_address)
        password = read_password(self.password_file, prompt=f"Password for {stored.name}")
        return self.keystore.unlock(stored, password)

    def address(self, text: str, *, what: str = "address") -> str:
        """An address typed by the user, or the address of a keystore account name."""
        value = text.strip()
        if value.lower().startswith("0x"):
            from eth_utils import is_address, to_checksum_address

            if not is_address(value):
                raise CliError(
                    "bad_address",
                    f"{what} {value!r} is not an address (0x and 40 hex digits, with a valid EIP-55 checksum "
                    "when mixed-case) or an account name",
                )
            return to_checksum_address(value)
        from api.cli.wallet.keystore import WalletError

        try:
            return self.keystore.find(value).address
        except WalletError:
            raise CliError(
                "bad_address", f"{what} {value!r} is neither an address nor an account in the keystore"
            ) from None


class PreparedDocument:
    def __init__(self, *, session: Session, document: Any, cid: str) -> None:
        self.session, self.document, self.cid = session, document, cid

    def publish(self) -> None:
        """Store (and, on an IPFS node, pin) the document; its CID must be the one computed."""
        from api.content import publish_document

        self.session.out.progress(f"publishing {self.document.schema_id} {self.cid}")
        stored = publish_document(
            store=self.session.store(), document=self.document, domain=self.session.signing_domain()
        )
        if stored.cid != self.cid:
            raise CliError("store_mismatch", f"the store answered CID {stored.cid}, expected {self.cid}")


def parse_amount(text: str, decimals: int, *, what: str = "amount") -> int:
    """Whole tokens with an optional fraction ("150", "2.5", "1_000"), or base units ("25wei")."""
    raw = text.strip().replace("_", "").replace(",", "")
    try:
        if raw.endswith("wei"):
            value = int(raw[:-3])
        else:
            scaled = Decimal(raw) * (Decimal(10) ** decimals)
            if scaled != scaled.to_integral_value():
                raise CliError("bad_amount", f"{what} {text!r} has more than {decimals} decimals")
            value = int(scaled)
    except (InvalidOperation, ValueError):
        raise CliError("bad_amount", f"{what} {text!r} is not a number of tokens (e.g. 150, 2.5 or 25wei)") from None
    if value < 0:
        raise CliError("bad_amount", f"{what} {text!r} is negative")
    return value
