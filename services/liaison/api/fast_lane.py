"""``POST /graphql`` taken ahead of Litestar's routing for a compiled document (issue 14).

A compiled document's answer (``api/fast_http.py``) needs none of what Litestar does around a
handler — routing, the handler's dependencies and signature model, the exception and CSRF
middleware (``/graphql`` is exempt from CSRF: it takes bearer tokens only, never a cookie),
the response object — some 13 % of logging a contact. ``FastLane`` does the little of it
that such a request needs, the same way:

- only ``POST /graphql`` with a JSON body, a bearer header, no streaming ``Accept``, and a
  ``Content-Length`` within ``MAX_BODY`` (anything else, say a chunked body, goes to Litestar,
  which enforces its limit as ever);
- the request id as ``request_id_middleware`` gives it (``boundary.given_request_id``), echoed;
- the context as the handler's dependency builds it (``api.context.context_getter``).

When ``fast_http`` does not answer, the request goes on to Litestar with its body replayed
and its context handed over (``context_getter`` takes it back, so a principal already loaded
is not loaded again). An unexpected error answers as Litestar's own handler would: 500 with
the request id, the traceback logged, nothing committed.
"""

import logging
from typing import Any

from litestar import Request
from litestar.types import Message, Receive, Scope, Send

from liaison import boundary
from liaison.api import fast_http
from liaison.api.context import HANDED_OVER, context_getter

log = logging.getLogger("liaison.api")
MAX_BODY = 64 * 1024  # /graphql bodies are small; uploads set their own, larger, limit
STREAMING = (b"multipart/mixed", b"text/event-stream")
INTERNAL = b'{"status_code":500,"detail":"Internal Server Error"}'


def _headers(scope: Scope) -> dict[bytes, bytes] | None:
    """The request's headers when it may take the lane, else None."""
    if scope["method"] != "POST" or scope["path"] != "/graphql":
        return None
    headers = dict(scope["headers"])  # names are lower case in ASGI
    length = headers.get(b"content-length", b"")
    media_type = headers.get(b"content-type", b"").partition(b";")[0].strip().lower()
    if (media_type != b"application/json"
            or not headers.get(b"authorization", b"")[:7].lower() == b"bearer "
            or any(s in headers.get(b"accept", b"") for s in STREAMING)
            or not length.isdigit() or len(length) > 6 or int(length) > MAX_BODY):
        return None
    return headers


async def _body(receive: Receive) -> tuple[list[Message], bytes | None]:
    """The messages received, and the body when it came whole within ``MAX_BODY``."""
    messages, size = [], 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":  # the client went away
            return messages, None
        size += len(message.get("body", b""))
        if size > MAX_BODY:
            return messages, None
        if not message.get("more_body", False):
            return messages, b"".join(m.get("body", b"") for m in messages)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """``receive`` giving the messages already received first, as they came."""
    pending = messages[::-1]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed


async def _send(send: Send, status: int, body: bytes, request_id: str) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"x-request-id", request_id.encode())]})
    await send({"type": "http.response.body", "body": body})


class FastLane:
    def __init__(self, schema: Any) -> None:
        self.schema = schema

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> Receive | None:
        """None when answered; otherwise the ``receive`` Litestar goes on with."""
        headers = _headers(scope)
        if headers is None:
            return receive
        messages, body = await _body(receive)
        receive = _replay(messages, receive)
        if body is None:
            return receive
        request_id = boundary.given_request_id(
            headers.get(b"x-request-id", b"").decode("latin-1"))
        scope["state"]["request_id"] = request_id
        request: Request = Request(scope, receive)
        context = await context_getter(request)
        context.request = request
        try:
            answered = await fast_http.answer(self.schema, body, context)
        except BaseException as exc:  # nothing kept, the connection given back
            await boundary.abandon(context.service)
            if not isinstance(exc, Exception):  # cancelled
                raise
            log.exception("unexpected error (request %s)", request_id)
            await _send(send, 500, INTERNAL, request_id)
            return None
        if answered is None:
            scope["state"][HANDED_OVER] = context
            return receive
        await _send(send, 200, answered, request_id)
        return None


async def release(scope: Scope) -> None:
    """After Litestar answered: a context handed over that its handler never took (a request
    refused before the handler ran) is rolled back and its connection given back."""
    left = scope["state"].pop(HANDED_OVER, None)
    if left is not None:
        await boundary.abandon(left.service)
