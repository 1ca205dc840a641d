"""Relay-style connections over keyset pages."""

from collections.abc import Callable
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
    total_count: int | None = strawberry.field(
        default=None, description="符合条件的总数（列表支持时）")

    @strawberry.field
    def nodes(self) -> list[Node]:
        return [e.node for e in self.edges]


def connection(page: Page, convert: Callable, total_count: int | None = None) -> Connection:
    edges = [Edge(cursor=c, node=convert(item)) for item, c in zip(page.items, page.cursors,
                                                                   strict=True)]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=page.has_next,
                           end_cursor=page.cursors[-1] if page.cursors else None),
        total_count=total_count,
    )
