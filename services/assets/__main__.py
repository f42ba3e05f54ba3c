"""`python -m services.assets`: run the assets service as its own process."""

from services.assets.main import build
from services.assets.settings import AssetsSettings
from shared.run import run_service

raise SystemExit(run_service(build, AssetsSettings()))
