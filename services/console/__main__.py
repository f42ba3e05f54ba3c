"""`python -m services.console` runs the console."""

from services.console.main import build
from services.console.settings import ConsoleSettings
from shared.run import run_service

raise SystemExit(run_service(build, ConsoleSettings()))
