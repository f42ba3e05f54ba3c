"""`python -m services.notifications`: run the notifications service as its own process."""

from services.notifications.main import build
from services.notifications.settings import NotificationsSettings
from shared.run import run_service

raise SystemExit(run_service(build, NotificationsSettings()))
