"""`python -m services.audit` runs the service; `… verify` / `… archive` are commands (see cli)."""

import sys

from services.audit.cli import main
from services.audit.main import build
from services.audit.settings import AuditSettings
from shared.run import run_service

if len(sys.argv) > 1:
    raise SystemExit(main(sys.argv[1:]))
raise SystemExit(run_service(build, AuditSettings()))
