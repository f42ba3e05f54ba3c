"""`python -m services.maintenance`: run the maintenance service."""

from services.maintenance.main import build
from services.maintenance.settings import MaintenanceSettings
from shared.run import run_service

raise SystemExit(run_service(build, MaintenanceSettings()))
