"""Commands of the `teal` command line, one module per area; `api/cli.py` registers them."""
