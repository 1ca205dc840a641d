"""create_app(): the Litestar application serving GraphQL at /graphql, the file routes at
/files and the web console (liaison/console)."""

import gc
import json
import logging
import re
import uuid
from typing import Any

import msgspec
from cross_web import HTTPException
from litestar import Litestar
from litestar.datastructures import State
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.litestar import make_graphql_controller

from liaison.api import fast_http
from liaison.api.context import context_getter, graphql_dependencies
from liaison.api.schema import build_schema
from liaison.console import routes as console
from liaison.db.engine import Database
from liaison.db.guard import check_restricted_role
from liaison.errors import DomainError, PublicError
from liaison.settings import Settings
from liaison.web import disclosure, evaluation, files, guidance_files, opinion_files, public
from liaison.web.health import healthz, readyz
from liaison.web.scope import HttpError, domain_error_handler, http_error_handler

# A caller's X-Request-ID is kept only when it is a plain token: it is written to the audit
# log and to logs, where markup or line breaks have no business.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# /graphql bodies are small; uploads set their own, larger, limit on their routes.
MAX_BODY = 64 * 1024


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Give every request an id (or keep the caller's well-formed X-Request-ID), echo it."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode("latin-1") for k, v in scope["headers"]}
        given = headers.get("x-request-id", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", request_id.encode())]
            await send(message)

        await app(scope, receive, send_with_id)

    return middleware


def create_app(settings: Settings, database: Database) -> Litestar:
    schema = build_schema(production=settings.production)
    base = make_graphql_controller(
        schema,
        path="/graphql",
        context_getter=context_getter,
        graphql_ide=None if settings.production else "graphiql",
        allow_queries_via_get=False,
    )

    class graphql(base):  # noqa: N801 (a route handler, named for its path)
        dependencies = {**base.dependencies, **graphql_dependencies()}

        def parse_json(self, data: str | bytes) -> Any:
            """A body that is not a JSON object is the client's mistake: 400, never 500
            (``5``, a 4,301-digit number, nesting deeper than the parser goes)."""
            try:
                value = json.loads(data)
            except (ValueError, RecursionError):
                raise HTTPException(400, "请求体不是有效的 JSON") from None
            if not isinstance(value, dict | list):
                raise HTTPException(400, "请求体须为 JSON 对象：{\"query\": …}")
            if isinstance(value, list) and not all(isinstance(v, dict) for v in value):
                raise HTTPException(400, "请求体须为 JSON 对象：{\"query\": …}")
            return value

        async def execute_request(self, request, context, root_value):
            """A document compiled before is answered without strawberry's view
            (api/fast_http.py); everything else as strawberry does."""
            fast = await fast_http.answer(self, request, context)
            if fast is not None:
                return fast
            return await super().execute_request(request, context, root_value)

        def encode_json(self, data: object) -> bytes:
            """msgspec instead of ``json.dumps``: 5.6 % of a members page's CPU went to the
            standard encoder (py-spy, docs/benchmarks.md). UTF-8 as it is, not \\u-escaped."""
            return msgspec.json.encode(data)

    async def check_database_role() -> None:
        await check_restricted_role(database.engine)

    async def freeze_startup_objects() -> None:
        # Everything built so far (schema, models, enforcer) lives as long as the process:
        # moved out of the collector's sight, the per-request collections stop re-scanning it
        # (about 4 ms of a 37 ms member page; docs/benchmarks.md).
        gc.collect()
        gc.freeze()

    async def close_database() -> None:
        await database.dispose()

    logging.getLogger("liaison").setLevel(logging.INFO)
    return Litestar(
        route_handlers=[graphql, healthz, readyz, files.members_template,
                        files.pairings_template, files.import_members, files.import_pairings,
                        files.export_members, files.forms, files.contacts_template,
                        files.import_contacts, files.import_forms,
                        opinion_files.opinion_list, opinion_files.social_info,
                        guidance_files.upload_attachment, guidance_files.item_attachment,
                        guidance_files.target_attachment, guidance_files.answer_attachment,
                        public.reception_page, public.reception_json, public.venue_feed,
                        public.member_feed,
                        evaluation.evaluate_page, evaluation.evaluate_answer,
                        disclosure.supervision_page, disclosure.supervision_json,
                        console.router(), console.static_router()],
        exception_handlers={HttpError: http_error_handler, DomainError: domain_error_handler,
                            PublicError: domain_error_handler,
                            **console.APP_EXCEPTION_HANDLERS},
        template_config=console.template_config(),
        csrf_config=console.csrf_config(settings),
        middleware=[request_id_middleware],
        state=State({"settings": settings, "database": database}),
        on_startup=[check_database_role, freeze_startup_objects],
        on_shutdown=[close_database],
        request_max_body_size=MAX_BODY,
        debug=False,
    )



def app_factory() -> Litestar:
    """For ``uvicorn --factory``: settings from the environment, the application role's URL."""
    from liaison.db import urls
    from liaison.settings import load_settings

    settings = load_settings()
    settings.check_for_serving()
    url = (urls.to_async(settings.app_database_url) if settings.app_database_url
           else urls.app_url(settings, urls.owner_url(settings)))
    database = Database(url, pool_size=settings.pool_size)
    return create_app(settings, database)
