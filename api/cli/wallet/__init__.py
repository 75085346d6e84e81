"""Accounts for the command line: encrypted keystore files (`keystore`) and the hidden inputs that
open them (`secret_input`)."""
