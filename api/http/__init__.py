"""The HTTP API: the FastAPI app (`app`), its dependencies, errors, limits and relay,
the routes, the response schemas, the dashboard and the signal hub's endpoints."""
