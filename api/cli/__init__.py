"""The `teal` command line: the Typer app (`app`), its commands (`commands/`), the encrypted
accounts (`wallet/`) and the local devnet `teal up` supervises (`devnet/`)."""
