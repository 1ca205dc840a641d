"""Relay-style connections over keyset pages."""

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry

from liaison.db.pagination import Page

Node = TypeVar("Node")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[Node]):
    cursor: str
    node: Node


@strawberry.type(description="游标分页：first 最多 100，用 pageInfo.endCursor 作为下一页的 after")
class Connection(Generic[Node]):
    edges: list[Edge[Node]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]] | None] = None

    @strawberry.field(description="符合条件的总数（列表支持时；只在请求时计算）")
    async def total_count(self) -> int | None:
        return await self.count() if self.count else None

    @strawberry.field
    def nodes(self) -> list[Node]:
        return [e.node for e in self.edges]


def connection(page: Page, convert: Callable,
               count: Callable[[], Awaitable[int]] | None = None) -> Connection:
    edges = [Edge(cursor=c, node=convert(item)) for item, c in zip(page.items, page.cursors,
                                                                   strict=True)]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=page.has_next,
                           end_cursor=page.cursors[-1] if page.cursors else None),
        count=count,
    )
