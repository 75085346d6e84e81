"""The indexer: chain events and the documents they reference, into the SQL database."""
