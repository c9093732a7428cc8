"""GraphQL documents for ticket operations, shared by the ticket tests."""

from __future__ import annotations

from typing import Any

TICKET_FIELDS = """
  id number title description status { name } statusLabel channel reporterCategory origin application applicationVersion
  fields topic topicPath version createdAt closedAt closeReason
  priority { slug name rank reason }
  reporter { displayName email } createdBy { displayName email } assignee { displayName email }
  position { tier team { slug name } }
  workingTime { seconds days }
  availableActions { name }
"""

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { %s } } }""" % TICKET_FIELDS
TAKE = """mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { %s } } }""" % TICKET_FIELDS
REQUEST_FEEDBACK = """mutation($n: String!, $m: String!) { requestFeedback(input: {number: $n, message: $m}) {
  ticket { %s } } }""" % TICKET_FIELDS
REPLY = """mutation($n: String!, $m: String!, $internal: Boolean = false, $files: [ID!]) {
  reply(input: {number: $n, message: $m, internal: $internal, attachmentIds: $files}) {
    ticket { %s } } }""" % TICKET_FIELDS
ESCALATE = """mutation($n: String!, $m: String!, $to: String) {
  escalateTicket(input: {number: $n, message: $m, toTeam: $to}) {
  ticket { %s } } }""" % TICKET_FIELDS
TRANSFER = """mutation($n: String!, $m: String!, $to: String) {
  transferTicket(input: {number: $n, message: $m, toTeam: $to}) {
  ticket { %s } } }""" % TICKET_FIELDS
RETURN = """mutation($n: String!, $m: String!) {
  returnTicket(input: {number: $n, message: $m}) { ticket { %s } } }""" % TICKET_FIELDS
RESOLVE = """mutation($n: String!, $m: String!, $files: [ID!]) {
  resolveTicket(input: {number: $n, solution: $m, attachmentIds: $files}) {
  ticket { %s } } }""" % TICKET_FIELDS
CONFIRM = """mutation($n: String!, $solved: Boolean!, $reason: String) {
  confirmResolution(input: {number: $n, solved: $solved, reason: $reason}) { ticket { %s } } }""" % TICKET_FIELDS
FORCE_CLOSE = """mutation($n: String!, $reason: String) {
  forceCloseTicket(input: {number: $n, reason: $reason}) { ticket { %s } } }""" % TICKET_FIELDS
RECATEGORISE = """mutation($n: String!, $topic: String, $app: String, $version: String) {
  recategoriseTicket(input: {number: $n, topic: $topic, application: $app, applicationVersion: $version}) {
  ticket { %s } } }""" % TICKET_FIELDS
RATE = """mutation($n: String!, $answers: JSON!) { rateTicket(input: {number: $n, answers: $answers}) {
  rating { form answers stars } ticket { number availableActions { name } } } }"""
DETAIL = """query($n: String!) { ticket(number: $n) { %s
  messages { nodes { body internal purpose author { displayName } } }
  timeline { nodes { seq kind fromStatus { name } toStatus { name } actor { displayName } fromTeam { slug } toTeam { slug } message { body } } }
  rating { stars answers } } }""" % TICKET_FIELDS


def ticket_input(**overrides: Any) -> dict[str, Any]:
    values = {
        "desk": "testdesk",
        "title": "Laptop will not start",
        "description": "The laptop shows a black screen after the logo.",
        "topic": "laptop",
        "application": "mailer",
        "fields": {"phone": "+62 812 3456 7890", "asset_tag": "AT-1234"},
    }
    values.update(overrides)
    return values


async def create(person, **overrides: Any) -> dict[str, Any]:
    return (await person.ok(CREATE, input=ticket_input(**overrides)))["createTicket"]["ticket"]


def action_names(actions: list[dict]) -> list[str]:
    """The names of ``Ticket.availableActions`` as a query returned them (``availableActions { name }``)."""
    return [action["name"] for action in actions]
