"""The floor: a bare FastAPI endpoint that validates the asset body and answers 201.

`python -m bench.floor_app PORT` serves it with uvicorn as `shared.run.run_service` serves a
service (same loop and HTTP parser choice), with no middleware, store, broker or auth, so its
CPU per request is what the HTTP stack alone costs.
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI

from services.assets.api.schemas import AssetCreate

app = FastAPI()


@app.post("/assets", status_code=201)
async def register(body: AssetCreate) -> dict[str, str]:
    """Validate the body as the assets service does, store nothing."""
    return {"tag": body.tag}


def main() -> None:
    """Serve on 127.0.0.1:PORT until SIGTERM."""
    port = int(sys.argv[1])
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()
