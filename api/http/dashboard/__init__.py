"""The team dashboard: read-only HTML pages under /dashboard over the API's own data, and
`/` sending visitors there."""

from fastapi import APIRouter

from api.http.dashboard import pages, signals, wallet

router = APIRouter(include_in_schema=False)
router.include_router(pages.root)
router.include_router(pages.router)
router.include_router(signals.router)
router.include_router(wallet.router)

__all__ = ["router"]
