"""`python -m services.canteen`: run the canteen service as its own process."""

from services.canteen.main import build
from services.canteen.settings import CanteenSettings
from shared.run import run_service

raise SystemExit(run_service(build, CanteenSettings()))
