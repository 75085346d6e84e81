"""The indexer's SQL database: models, engine/sessions, migrations."""
