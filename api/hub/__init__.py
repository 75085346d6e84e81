"""Teal as a Snapshot-compatible hub: gasless signal votes signed by `@snapshot-labs/snapshot.js`.

`typed` (the EIP-712 messages), `choices` (valid choices and scores per voting type),
`strategies` (voting power at a snapshot block), `spaces`, `hub` (validation and storage).
"""
