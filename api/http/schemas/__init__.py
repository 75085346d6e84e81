"""HTTP response and request models, separate from the database models, one module per
resource (`common` holds what they share).

Token amounts and uint256 values are decimal strings (JSON numbers above 2**53 are not
portable); addresses are EIP-55 checksummed; times are unix seconds.
"""
