"""Run the sample service as its own process: python -m tests.integration.sample_main URL NS DIR."""

from __future__ import annotations

import sys

from shared.run import run_service
from shared.settings import ServiceSettings
from tests.integration import sample_service

if __name__ == "__main__":
    url, namespace, data_dir, port = sys.argv[1:5]
    settings = ServiceSettings(
        service_name="counter",
        amqp_url=url,
        namespace=namespace,
        data_dir=data_dir,
        http_port=int(port),
        delivery_limit=5,
        relay_lease_seconds=1.0,
    )
    raise SystemExit(run_service(sample_service.build, settings))
