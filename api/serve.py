"""`dutygraph serve`: the API (and the explorer) under uvicorn, one worker, one open store."""
from __future__ import annotations

import os

from api.state import MiB

TOKEN_ENV = "DUTYGRAPH_TOKEN"


def serve(db: str | None, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          max_upload_bytes: int = 20 * MiB, answer_cache: int = 4096, log_level: str = "info") -> None:
    """Serve until interrupted. ``token`` (else $DUTYGRAPH_TOKEN) enables writes; without it the API is read-only.

    One worker on purpose: the embedded graph lives in this process's memory, and a second
    worker would hold a second copy that never sees the first one's writes.
    """
    import uvicorn

    from api.app import create_app

    app = create_app(db=db, token=token or os.environ.get(TOKEN_ENV) or None, max_upload_bytes=max_upload_bytes,
                     answer_cache=answer_cache)
    uvicorn.run(app, host=host, port=port, workers=1, log_level=log_level, access_log=False,
                server_header=False, proxy_headers=False)
