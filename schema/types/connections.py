"""Connections, Relay style: a page of a list as edges (a node and its cursor) with the page's place in the list.

Every list that can grow without bound is one. Page forward with ``first``/``after`` (``pageInfo.endCursor``),
backward with ``last``/``before`` (``pageInfo.startCursor``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from loket.core.paging import Slice

T = TypeVar("T")
R = TypeVar("R")

FIRST = "How many items to return from the start of the list, or after `after` (1 to 100)."
AFTER = "A cursor (`pageInfo.endCursor`): return the items that follow it. Goes with `first`."
LAST = "How many items to return from the end of the list, or before `before` (1 to 100)."
BEFORE = "A cursor (`pageInfo.startCursor`): return the items that precede it. Goes with `last`."
DEPRECATED_PAGE_FIELD = "Use `pageInfo`, which pages both ways. Removed after 2027-06-30."


@strawberry.type(description="Where a page lies in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Items follow this page: ask for them with `after: "
                                           "endCursor`.")
    has_previous_page: bool = strawberry.field(description="Items precede this page: ask for them with "
                                               "`before: startCursor` and `last`.")
    start_cursor: str | None = strawberry.field(description="The first edge's cursor; null on an empty page.")
    end_cursor: str | None = strawberry.field(description="The last edge's cursor; null on an empty page.")

    @classmethod
    def of(cls, page: Slice, cursors: list[str]) -> PageInfo:
        return cls(has_next_page=page.has_next_page, has_previous_page=page.has_previous_page,
                   start_cursor=cursors[0] if cursors else None, end_cursor=cursors[-1] if cursors else None)


@strawberry.type(description="An item of a list, and the cursor to page from it.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque: pass it as `after` or `before`.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The page's items with their cursors, in the list's order.")
    page_info: PageInfo = strawberry.field(description="Whether items follow or precede this page, and the "
                                           "cursors to ask for them.")

    @strawberry.field(description="The page's items without cursors (the same as `edges { node }`).")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def connection(page: Slice[R], cursor: Callable[[R], str], node: Callable[[R], T]) -> Connection[T]:
    """The connection of ``page``: each row's cursor and node."""
    edges = [Edge(cursor=cursor(row), node=node(row)) for row in page.rows]
    return Connection(edges=edges, page_info=PageInfo.of(page, [edge.cursor for edge in edges]))
