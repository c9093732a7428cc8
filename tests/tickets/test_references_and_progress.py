"""A desk's reference lookups and its tickets' progress, through GraphQL."""

from __future__ import annotations

import pytest

from tests.ticket_ops import RESOLVE, TAKE, create

LOOKUP = "query($k: String!, $kind: String!) { lookupReference(desk: \"testdesk\", kind: $kind, key: $k) { found unavailable message data } }"


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


async def test_a_reference_is_found_not_found_or_unavailable(people):
    found = (await people["reporter"].ok(LOOKUP, k=" AT-1234 ", kind="asset"))["lookupReference"]
    assert found == {"found": True, "unavailable": False, "message": "", "data": {"model": "X13", "bought": 2023}}
    missing = (await people["reporter"].ok(LOOKUP, k="AT-9999", kind="asset"))["lookupReference"]
    assert (missing["found"], missing["message"]) == (False, "no such asset")
    down = (await people["reporter"].ok(LOOKUP, k="AT-0000", kind="asset"))["lookupReference"]
    assert (down["found"], down["unavailable"]) == (False, True)


async def test_unknown_kinds_and_empty_keys_are_refused(people):
    assert (await people["reporter"].run(LOOKUP, k="x", kind="tender")).error_codes == ["UNKNOWN_REFERENCE_KIND"]
    assert (await people["reporter"].run(LOOKUP, k="  ", kind="asset")).error_codes == ["REFERENCE_KEY_REQUIRED"]


async def test_progress_follows_the_status_by_default(people):
    number = (await create(people["reporter"]))["number"]
    progress = "query($n: String!) { ticket(number: $n) { progress } }"
    assert (await people["reporter"].ok(progress, n=number))["ticket"]["progress"] == 0
    await people["agent"].ok(TAKE, n=number)
    assert (await people["reporter"].ok(progress, n=number))["ticket"]["progress"] == 50
    await people["agent"].ok(RESOLVE, n=number, m="Replaced the power board.")
    assert (await people["reporter"].ok(progress, n=number))["ticket"]["progress"] == 90
