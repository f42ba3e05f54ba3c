"""The audit HTTP API (auditors and logistics administrators; replay also for campus systems)."""

from services.audit.api.chain import router as chain_router
from services.audit.api.records import router as records_router

ROUTERS = (records_router, chain_router)

__all__ = ["ROUTERS"]
