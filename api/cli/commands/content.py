"""`teal cid` and `teal schemas`: content-addressing tools for documents and files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

_err = Console(stderr=True, soft_wrap=True, highlight=False)


def _fail(message: str) -> typer.Exit:
    _err.print(f"error: {message}", markup=False)
    return typer.Exit(code=1)


def cid(
    file: Annotated[Path, typer.Argument(help="File to compute the CID of.")],
    cid_version: Annotated[
        int,
        typer.Option("--cid-version", min=0, max=1, help="0 (Kubo's default) or 1 (implies raw leaves)."),
    ] = 0,
) -> None:
    """Print the CID `ipfs add -n -Q FILE` gives (256 KiB chunks, balanced DAG), offline."""
    from api.content.cid import import_file  # lazily: the content package costs start-up time

    try:
        with file.open("rb") as stream:
            root = import_file(stream, cid_version=cid_version)
    except FileNotFoundError:
        raise _fail(f"no such file: {file}") from None
    except IsADirectoryError:
        raise _fail(f"{file} is a directory; `teal cid` hashes single files") from None
    except OSError as exc:
        raise _fail(f"cannot read {file}: {exc.strerror or exc}") from None
    typer.echo(str(root))


def schemas(
    directory: Annotated[Path, typer.Argument(help="Folder to write the JSON Schema files into.")],
) -> None:
    """Write the JSON Schema of every document kind (and the envelope) into DIRECTORY."""
    from api.content.schemas import export_json_schemas

    try:
        paths = export_json_schemas(directory)
    except OSError as exc:
        raise _fail(f"cannot write schemas to {directory}: {exc.strerror or exc}") from None
    for path in paths:
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    app.command("cid")(cid)
    app.command("schemas")(schemas)
