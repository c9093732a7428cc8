"""Moving a development server's clock, for people trying a desk (see docs/testing.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.timekeeping import movable as movable_clock
from loket.schema.inputs import ShortText, Slug
from loket.schema.permissions import IsAuthenticated


@strawberry.input(description="How far to move the development clock forward.")
class AdvanceClockInput:
    by: ShortText = strawberry.field(description="How far: '3x24 hours', '2 days', '90 minutes', or working time "
                                     "such as '3 working days' with desk.")
    desk: Slug | None = strawberry.field(default=None, description="The desk whose working calendar counts "
                                         "working time.")


@strawberry.type(description="The server's clock after it was moved forward.")
class AdvanceClockPayload:
    now: datetime = strawberry.field(description="The server's time now.")
    timers_fired: int = strawberry.field(description="Timers that fell due on the way and changed a ticket.")


@strawberry.type
class ClockMutations:
    @strawberry.mutation(description="Development only: move this server's clock forward (every server process "
                         "shares it), firing each timer that falls due on the way at its own moment. For "
                         "superusers and desk admins. Refused with CLOCK_NOT_MOVABLE unless the server runs "
                         "with LOKET_MOVABLE_CLOCK=true, which production never does.",
                         permission_classes=[IsAuthenticated])
    async def advance_clock(
            self, info: Info, input: Annotated[AdvanceClockInput, strawberry.argument(description="How far.")],
    ) -> AdvanceClockPayload:
        moved = await movable_clock.advance(info.context.runtime, input.by, desk=input.desk,
                                            viewer=await info.context.viewer())
        return AdvanceClockPayload(now=moved.now, timers_fired=moved.fired)
