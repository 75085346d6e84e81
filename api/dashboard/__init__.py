"""The team dashboard: read-only HTML pages under /dashboard over the API's own data."""

from api.dashboard.pages import router

__all__ = ["router"]
