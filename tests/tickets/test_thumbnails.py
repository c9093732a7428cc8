"""Previews of images for a page: made with Pillow from real PNG and JPEG files, bounded in size, made once and
kept beside the file, and refused cleanly (never a server error) for decompression bombs and broken images."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageDraw

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import AttachmentPolicy
from loket.core.settings import Settings
from tests.files import bearer_path
from tests.ticket_ops import create
from tests.tickets.test_attachments import PDF, REMOVE, stage, stored_files

NODE = """query($id: ID!, $s: Int! = 256) { node(id: $id) { ... on Attachment { name downloadUrl
  thumbnailUrl(size: $s) } } }"""
FILES = """query($n: String!, $s: Int! = 256) { ticket(number: $n) {
  attachments { name downloadUrl thumbnailUrl(size: $s) } } }"""


class PhotoDesk:
    """The test desk also takes photos (JPEG, GIF, PNG; ten at a time) for the purpose ``photos``."""

    @hookimpl
    def attachment_policy(self, desk, purpose):
        if desk.slug == "testdesk" and purpose == "photos":
            return AttachmentPolicy(extensions=("png", "jpg", "jpeg", "gif", "pdf"), max_bytes=1024 * 1024,
                                    max_files=10)
        return None


@pytest.fixture
def plugins(test_desk_plugins):
    return [*test_desk_plugins, PhotoDesk()]


def picture(size: tuple[int, int], fmt: str, mode: str = "RGB") -> bytes:
    """A real image: a few shapes on a background (small once compressed)."""
    image = Image.new(mode, size, "white" if mode == "RGB" else 0)
    if mode == "RGB":
        draw = ImageDraw.Draw(image)
        draw.rectangle((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), fill="navy")
        draw.ellipse((size[0] // 2, size[1] // 3, size[0] - 10, size[1] - 10), fill="orange")
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (its CRC corrected, so it parses)."""
    data = bytearray(picture((8, 8), "PNG", mode="L"))
    struct.pack_into(">II", data, 16, width, height)
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    return bytes(data)


async def preview_links(person, files: list[tuple[str, bytes]], size: int = 256) -> list[dict]:
    """Stage the files (as photos) and read their links back as a page would."""
    staged = [await stage(person, name, content, purpose="photos") for name, content in files]
    return [(await person.ok(NODE, id=file["id"], s=size))["node"] for file in staged]


async def fetch(client, url: str) -> httpx.Response:
    return await client.http.get(url)


def previews_on_disk(settings: Settings) -> list[Path]:
    return sorted((settings.data_dir).rglob("*.derived-thumb-*"))


async def test_a_png_and_a_jpeg_get_previews_within_the_size_asked(people, client, settings):
    png, jpeg = picture((1800, 900), "PNG"), picture((1200, 1600), "JPEG")
    shown = await preview_links(people["reporter"], [("wide.png", png), ("tall.jpg", jpeg), ("doc.pdf", PDF)],
                                size=200)
    assert shown[2]["thumbnailUrl"] is None, "only images have previews"
    wide, tall = (await fetch(client, shown[0]["thumbnailUrl"])), (await fetch(client, shown[1]["thumbnailUrl"]))
    assert bearer_path(shown[0]["thumbnailUrl"]).endswith("/thumbnail/256"), "200 is rounded up to 256"
    for response, fmt, expected in ((wide, "PNG", (256, 128)), (tall, "JPEG", (192, 256))):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == f"image/{fmt.lower()}"
        assert response.headers["content-disposition"].startswith("inline;")
        assert response.headers["x-content-type-options"] == "nosniff"
        with Image.open(io.BytesIO(response.content)) as image:
            assert image.format == fmt and image.size == expected
    assert len(wide.content) < len(png) and len(tall.content) < len(jpeg)


async def test_a_preview_is_at_most_512_pixels_and_made_once(people, client, settings):
    [shown] = await preview_links(people["reporter"], [("huge.png", picture((3000, 2000), "PNG"))], size=5000)
    first = await fetch(client, shown["thumbnailUrl"])
    with Image.open(io.BytesIO(first.content)) as image:
        assert image.size == (512, 341)
    [kept] = previews_on_disk(settings)
    assert kept.parent == stored_files(settings)[0].parent, "kept beside the file"
    made = kept.stat().st_mtime_ns
    again = await fetch(client, shown["thumbnailUrl"])
    assert again.content == first.content and kept.stat().st_mtime_ns == made, "served from disk, not made again"
    assert (await client.http.get(shown["thumbnailUrl"], headers={"If-None-Match": first.headers["etag"]})
            ).status_code == 304


async def test_a_sent_image_has_a_preview_for_whoever_may_see_its_ticket(people, client):
    reporter, agent = people["reporter"], people["agent"]
    staged = await stage(reporter, "screen.png", picture((640, 480), "PNG"))
    ticket = await create(reporter, attachmentIds=[staged["id"]])
    for person in (reporter, agent):
        [shown] = (await person.ok(FILES, n=ticket["number"], s=128))["ticket"]["attachments"]
        response = await fetch(client, shown["thumbnailUrl"])
        assert response.status_code == 200 and Image.open(io.BytesIO(response.content)).size == (128, 96)
    response = await reporter.run(FILES, n=ticket["number"], s=0)
    assert response.error_codes == ["THUMBNAIL_SIZE_NOT_ALLOWED"]


async def test_a_decompression_bomb_or_a_broken_image_gets_no_preview_and_no_server_error(people, client,
                                                                                          settings):
    bomb = picture((12_000, 12_000), "PNG", mode="1")  # 144 megapixels in a few kilobytes
    assert len(bomb) < 100_000
    files = [("bomb.png", bomb), ("claims.png", claiming(100_000, 100_000)),
             ("broken.png", b"\x89PNG\r\n\x1a\n" + b"not an image at all" * 10),
             ("broken.jpg", b"\xff\xd8\xff" + b"\x00" * 200), ("fine.png", picture((64, 64), "PNG"))]
    shown = await preview_links(people["reporter"], files)
    for attachment in shown[:-1]:
        response = await fetch(client, attachment["thumbnailUrl"])
        assert response.status_code == 422, (attachment["name"], response.text)
        assert response.json()["errors"][0]["extensions"]["code"] == "THUMBNAIL_NOT_AVAILABLE"
        assert (await fetch(client, attachment["downloadUrl"])).status_code == 200, "the file itself is there"
    assert (await fetch(client, shown[-1]["thumbnailUrl"])).status_code == 200
    refusals = [path for path in previews_on_disk(settings) if path.name.endswith("thumb-refused")]
    assert len(refusals) == 4, "each refusal is kept, so a bomb is not opened again"
    again = await fetch(client, shown[0]["thumbnailUrl"])
    assert again.status_code == 422


async def test_pillows_own_bomb_check_refuses_when_the_pixel_limit_is_raised(people, client, settings, app):
    app.state.runtime.settings = settings.model_copy(update={"thumbnail_max_pixels": 10**12})
    try:
        [shown] = await preview_links(people["reporter"], [("claims.png", claiming(30_000, 30_000))])
        response = await fetch(client, shown["thumbnailUrl"])
    finally:
        app.state.runtime.settings = settings
    assert response.status_code == 422 and response.json()["errors"][0]["extensions"]["code"] == \
        "THUMBNAIL_NOT_AVAILABLE"


async def test_a_preview_that_takes_too_long_is_refused_then_kept_when_made(people, client, settings, app):
    [shown] = await preview_links(people["reporter"], [("photo.png", picture((2400, 2400), "PNG"))])
    app.state.runtime.settings = settings.model_copy(update={"thumbnail_timeout_seconds": 0.000001})
    try:
        slow = await fetch(client, shown["thumbnailUrl"])
    finally:
        app.state.runtime.settings = settings
    assert slow.status_code == 422
    made = await fetch(client, shown["thumbnailUrl"])
    assert made.status_code == 200 and Image.open(io.BytesIO(made.content)).size == (256, 256)


async def test_a_staged_image_has_a_preview_and_takes_it_along_when_removed(people, client, settings):
    reporter = people["reporter"]
    staged = await stage(reporter, "draft.png", picture((300, 300), "PNG"))
    found = await reporter.ok("query($id: ID!) { node(id: $id) { ... on Attachment { thumbnailUrl(size: 64) } } }",
                              id=staged["id"])
    response = await fetch(client, found["node"]["thumbnailUrl"])
    assert response.status_code == 200 and Image.open(io.BytesIO(response.content)).size == (64, 64)
    assert len(previews_on_disk(settings)) == 1
    await reporter.ok(REMOVE, id=staged["id"])
    assert previews_on_disk(settings) == [] and stored_files(settings) == []
