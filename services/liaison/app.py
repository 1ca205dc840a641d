"""create_app(): the Litestar application serving GraphQL at /graphql, the file routes at
/files and the web console (liaison/console)."""

import gc
import logging
from typing import Any

import msgspec
from litestar import Litestar
from litestar.datastructures import State
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.litestar import make_graphql_controller

from liaison import boundary
from liaison.api import fast_http, fast_lane
from liaison.api.context import context_getter, graphql_dependencies
from liaison.api.fast_lane import MAX_BODY, FastLane
from liaison.api.schema import build_schema
from liaison.console import routes as console
from liaison.db.engine import Database
from liaison.db.guard import check_restricted_role
from liaison.errors import DomainError, PublicError
from liaison.settings import Settings
from liaison.web import disclosure, evaluation, files, guidance_files, opinion_files, public
from liaison.web.health import healthz, readyz
from liaison.web.scope import HttpError, domain_error_handler, http_error_handler


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Give every request an id (or keep the caller's well-formed X-Request-ID), echo it."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        if "request_id" not in state:  # api/fast_lane.py may have given it already
            given = b""
            for name, value in scope["headers"]:  # the last one, as the lane reads it
                if name.lower() == b"x-request-id":
                    given = value
            state["request_id"] = boundary.given_request_id(given.decode("latin-1"))
        request_id = state["request_id"]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", request_id.encode())]
            await send(message)

        await app(scope, receive, send_with_id)

    return middleware


class App(Litestar):
    """Litestar, with a compiled GraphQL document answered ahead of its routing
    (api/fast_lane.py)."""

    lane: FastLane

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == "/graphql":
            scope["app"] = scope["litestar_app"] = self
            scope.setdefault("state", {})
            receive = await self.lane(scope, receive, send)
            if receive is None:
                return
            try:
                await super().__call__(scope, receive, send)
            finally:
                await fast_lane.release(scope)
            return
        await super().__call__(scope, receive, send)


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
            return fast_http.parse_json(data)

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
    app = App(
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
    app.lane = FastLane(schema)
    return app



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
