"""HTTP API of the canteen service: catalogue and receiving, and the stock ledger."""

from __future__ import annotations

from fastapi import APIRouter

from services.canteen.api import receiving, stock

router = APIRouter()
router.include_router(receiving.router)
router.include_router(stock.router)
