"""Permission classes for fields: who may even ask."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from loket.core.errors import AuthenticationError


class IsAuthenticated(BasePermission):
    """The caller presented a valid token."""

    message = "UNAUTHENTICATED"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if info.context.user is None:
            raise AuthenticationError()
        return True
