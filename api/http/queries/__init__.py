"""The query layer: one module per resource, functions taking a session and typed filters and
returning the response models. All of the API's SQL is to move here."""
