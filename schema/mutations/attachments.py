"""Staging files to send later with a ticket, a message or an action: upload, replace, remove.

The file travels in a GraphQL multipart request; its part is mapped into the input object
(``"map": {"0": ["variables.input.file"]}``), so the mutation keeps the one-``input`` shape of every mutation.
"""

from __future__ import annotations

from typing import Annotated, BinaryIO

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload
from strawberry.types import Info

from loket.core.errors import InvalidInputError
from loket.core.tickets import attachments
from loket.schema.inputs import GlobalId, Slug
from loket.schema.mutations.tickets import _attachment_key
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.tickets import Attachment


@strawberry.input(description="A file to stage, and what it is for.")
class StageAttachmentInput:
    desk: Slug = strawberry.field(description="The desk the file will be sent to (its file policy applies).")
    file: Upload = strawberry.field(description="The file: a part of the multipart request, mapped to "
                                    "variables.input.file.")
    purpose: Slug = strawberry.field(default="ticket", description="ticket, message, resolution, or a desk's own "
                                     "purpose.")


@strawberry.input(description="A staged file and the file to put in its place.")
class ReplaceAttachmentInput:
    id: GlobalId = strawberry.field(description="The staged file's id.")
    file: Upload = strawberry.field(description="The new file: a part of the multipart request, mapped to "
                                    "variables.input.file.")


@strawberry.input(description="A staged file to remove.")
class RemoveAttachmentInput:
    id: GlobalId = strawberry.field(description="The staged file's id.")


@strawberry.type(description="A staged file, waiting to be sent.")
class AttachmentPayload:
    attachment: Attachment = strawberry.field(description="The file as staged: send its id with a ticket, a "
                                              "message or an action.")


@strawberry.type(description="A staged file was removed.")
class RemoveAttachmentPayload:
    removed_id: strawberry.ID = strawberry.field(description="The id of the file removed.")


def _upload(upload: Upload) -> tuple[str, BinaryIO]:
    """The name and bytes of an uploaded file as the request parser spooled it (in memory up to 1 MB, then on
    disk), from its start."""
    if not isinstance(upload, UploadFile):  # e.g. a string put in the variables instead of a mapped file
        raise InvalidInputError("ATTACHMENT_FILE_REQUIRED", field="file")
    upload.file.seek(0)
    return upload.filename or "", upload.file


@strawberry.type
class AttachmentMutations:
    @strawberry.mutation(description="Upload a file (GraphQL multipart request) to send later with a ticket or "
                         "message; purpose: ticket, message, resolution, or a desk's own. A file not sent within "
                         "the deployment's LOKET_STAGED_FILE_TTL_HOURS (24 by default) is removed; each person may "
                         "have a limited number and size of files waiting (STAGED_QUOTA_EXCEEDED).",
                         permission_classes=[IsAuthenticated])
    async def stage_attachment(
            self, info: Info, input: Annotated[StageAttachmentInput, strawberry.argument(description="The file.")],
    ) -> AttachmentPayload:
        runtime = info.context.runtime
        staged = await attachments.stage(runtime, info.context.user, runtime.desks.get(input.desk), input.purpose,
                                         *_upload(input.file))
        return AttachmentPayload(attachment=Attachment.of(staged))

    @strawberry.mutation(description="Replace a staged file with another.", permission_classes=[IsAuthenticated])
    async def replace_attachment(
            self, info: Info,
            input: Annotated[ReplaceAttachmentInput, strawberry.argument(description="The file and its successor.")],
    ) -> AttachmentPayload:
        runtime = info.context.runtime
        old = await attachments.staged_by(runtime, info.context.user, _attachment_key(input.id))
        staged = await attachments.stage(runtime, info.context.user, runtime.desks.by_id(old.desk_id), old.purpose,
                                         *_upload(input.file), replaces=old)
        return AttachmentPayload(attachment=Attachment.of(staged))

    @strawberry.mutation(description="Remove a staged file before sending.", permission_classes=[IsAuthenticated])
    async def remove_attachment(
            self, info: Info, input: Annotated[RemoveAttachmentInput, strawberry.argument(description="The file.")],
    ) -> RemoveAttachmentPayload:
        old = await attachments.staged_by(info.context.runtime, info.context.user, _attachment_key(input.id))
        await attachments.remove(info.context.runtime, info.context.user, old)
        return RemoveAttachmentPayload(removed_id=input.id)
