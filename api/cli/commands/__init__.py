"""Commands of the `teal` command line, one module per area; `api/cli/app.py` registers them."""
