"""Cap the size of every request body before anything parses it (uploads are the only big ones).

A declared Content-Length over the cap is refused at once, without reading the body; a body
sent without one (chunked) is counted as it arrives and refused when it passes the cap, so
a large upload never reaches the disk.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem_response


def too_large_detail(max_bytes: int) -> str:
    return f"上传内容超过上限 {max_bytes / 1024 / 1024:g} MiB，请拆分文件后再上传。"


class UploadLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response = problem_response(Request(scope), 413, too_large_detail(self.max_bytes))
            await response(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # FastAPI re-raises HTTPException from body parsing; the problem handler answers.
                    raise HTTPException(413, too_large_detail(self.max_bytes))
            return message

        await self.app(scope, counting_receive, send)
