"""Changing a desk's catalogue at run time: its topics (``topics``), extra fields (``ticket_fields``) and pause
reasons (``pause_reasons``), as one set of mutations."""

from __future__ import annotations

from strawberry.tools import merge_types

from loket.schema.admin.pause_reasons import PauseReasonMutations
from loket.schema.admin.ticket_fields import FieldMutations
from loket.schema.admin.topics import TopicMutations

CatalogueMutations = merge_types("CatalogueMutations", (TopicMutations, FieldMutations, PauseReasonMutations))
