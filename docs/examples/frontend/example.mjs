// A small web-app client of Loket, run with Node 20 or later against a server loaded with the demo data:
//
//   npm ci && LOKET_URL=http://127.0.0.1:8000 node example.mjs
//
// It signs in, uploads a file and files a ticket with it, pages the reporter's tickets, refetches the ticket by
// its global id, follows the ticket live (graphql-ws) while an agent answers from a second client, reads the
// messages, fetches the file through its signed link with no header, shows typed errors, and refreshes its
// session. It prints one JSON line per step and exits with 1 at the first step that fails. Every operation is
// in operations.graphql (typed by codegen.ts); docs/frontend.md explains each step.

import { readFile } from "node:fs/promises";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const API = (process.env.LOKET_URL ?? "http://127.0.0.1:8000").replace(/\/$/, "");
const DESK = process.env.LOKET_DESK ?? "kemsos";
const TOPIC = process.env.LOKET_TOPIC ?? "bantuan-umum";
const REPORTER = { email: process.env.LOKET_REPORTER ?? "operator@kemsos.demo", password: process.env.LOKET_REPORTER_PASSWORD ?? "demo-operator" };
const AGENT = { email: process.env.LOKET_AGENT ?? "agen@kemsos.demo", password: process.env.LOKET_AGENT_PASSWORD ?? "demo-agen" };
const WAIT_MS = 20_000;
// A 16 x 12 red PNG: the screenshot a reporter attaches.
const SCREENSHOT = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAIAAADkharWAAAAF0lEQVR42mM8oqHBQApgYiARjGoYKRoAll4BLIfmFdQAAAAASUVORK5CYII=",
  "base64",
);

// operations.graphql holds one operation per top-level definition: send each on its own, by name.
const OPERATIONS = Object.fromEntries(
  (await readFile(new URL("./operations.graphql", import.meta.url), "utf8"))
    .split(/^(?=(?:query|mutation|subscription) )/m)
    .map((text) => [/^(?:query|mutation|subscription) (\w+)/.exec(text)?.[1], text.trim()])
    .filter(([name]) => name),
);

/** A GraphQL answer with errors: the HTTP status, and the first error's code and field. */
class LoketError extends Error {
  constructor(status, errors) {
    super(errors[0].message);
    this.status = status;
    this.errors = errors;
    this.code = errors[0].extensions?.code;
    this.field = errors[0].extensions?.field ?? null;
  }
}

function headers(token) {
  // application/graphql-response+json: request errors come with 4xx statuses (docs/graphql_over_http.md).
  const result = { Accept: "application/graphql-response+json", "Accept-Language": "en" };
  if (token) result.Authorization = `Bearer ${token}`;
  return result;
}

async function answer(response) {
  const body = await response.json();
  if (body.errors?.length) throw new LoketError(response.status, body.errors);
  return body.data;
}

/** Run one named operation of operations.graphql over HTTP POST. */
async function graphql(operationName, variables = {}, token = null) {
  const response = await fetch(`${API}/graphql`, {
    method: "POST",
    headers: { ...headers(token), "Content-Type": "application/json" },
    body: JSON.stringify({ query: OPERATIONS[operationName], operationName, variables }),
  });
  return answer(response);
}

/** Stage a file: a GraphQL multipart request whose map points the file's part at variables.input.file. */
async function stageAttachment(blob, filename, token) {
  const form = new FormData();
  form.append("operations", JSON.stringify({
    query: OPERATIONS.StageAttachment,
    operationName: "StageAttachment",
    variables: { input: { desk: DESK, file: null, purpose: "ticket" } },
  }));
  form.append("map", JSON.stringify({ 0: ["variables.input.file"] }));
  form.append("0", blob, filename);
  // No Content-Type of our own: fetch writes multipart/form-data with its boundary.
  const response = await fetch(`${API}/graphql`, { method: "POST", headers: headers(token), body: form });
  return (await answer(response)).stageAttachment.attachment;
}

async function signIn({ email, password }) {
  return (await graphql("SignIn", { input: { email, password } })).login;
}

async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LoketError) return { status: error.status, code: error.code, field: error.field };
    throw error;
  }
  throw new Error("expected a typed error, got data");
}

function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A graphql-ws client signed in through connection_init; `closed` settles with the socket's close event. */
function liveClient(token) {
  let closed;
  const closedOnce = new Promise((resolve) => { closed = resolve; });
  const client = createClient({
    url: `${API.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket, // Node 20 has no WebSocket of its own; browsers leave this out
    // A function: graphql-ws calls it at every (re)connection, so a refreshed token is picked up.
    connectionParams: () => ({ authorization: `Bearer ${token}` }),
    retryAttempts: 0, // the example fails at once; an app keeps the default (5, with backoff)
    on: { closed: (event) => closed({ code: event.code, reason: event.reason }) },
  });
  return { client, closed: closedOnce };
}

let step = "start";
function print(name, summary) {
  console.log(JSON.stringify({ step: name, ...summary }));
}

async function main() {
  step = "signIn";
  const reporter = await signIn(REPORTER);
  let token = reporter.token;
  print(step, { email: reporter.user.email, userId: reporter.user.id, expiresAt: reporter.expiresAt });

  step = "upload";
  const staged = await stageAttachment(new Blob([SCREENSHOT], { type: "image/png" }), "screenshot.png", token);
  print(step, { id: staged.id, name: staged.name, size: staged.size, contentType: staged.contentType, staged: staged.staged });

  step = "createTicket";
  const title = "Aplikasi tidak bisa dibuka";
  const description = "Sejak pagi aplikasi menampilkan layar merah; tangkapan layar terlampir.";
  const { ticket } = (await graphql("CreateTicket", {
    input: { desk: DESK, topic: TOPIC, title, description, attachmentIds: [staged.id] },
  }, token)).createTicket;
  print(step, { id: ticket.id, number: ticket.number, version: ticket.version, attachments: ticket.attachments.map((a) => a.name) });

  step = "pageTickets";
  const numbers = [];
  let page = { hasNextPage: true, endCursor: null };
  let pages = 0;
  let totalCount = 0;
  while (page.hasNextPage) {
    const { tickets } = await graphql("MyTickets", { first: 2, after: page.endCursor }, token);
    numbers.push(...tickets.nodes.map((node) => node.number));
    ({ pageInfo: page, totalCount } = tickets);
    pages += 1;
  }
  print(step, { pages, totalCount, numbers, found: numbers.includes(ticket.number) });

  step = "refetchById";
  const { node } = await graphql("TicketById", { id: ticket.id }, token);
  print(step, { id: node.id, number: node.number, title: node.title });

  step = "subscribe";
  const { client } = liveClient(token);
  // afterSeq: the ticket's version when we read it, so whatever happened since arrives first, then live events.
  const updates = client.iterate({
    query: OPERATIONS.TicketUpdates,
    operationName: "TicketUpdates",
    variables: { number: ticket.number, afterSeq: ticket.version },
  });
  const nextUpdate = updates.next();
  const agent = await signIn(AGENT); // a second client: the desk's agent answers
  const reply = `Kami sedang memeriksa tiket ${ticket.number}.`;
  await graphql("Reply", { input: { number: ticket.number, message: reply } }, agent.token);
  const { value: event } = await within(WAIT_MS, nextUpdate, "ticketUpdates event");
  if (event.errors) throw new LoketError(0, event.errors);
  const update = event.data.ticketUpdates;
  await updates.return();
  await client.dispose();
  print(step, { seq: update.seq, kind: update.kind, actor: update.actor?.displayName ?? null, message: update.message?.body ?? null });

  step = "messages";
  const messages = (await graphql("TicketMessages", { number: ticket.number, first: 20 }, token)).ticket.messages;
  print(step, { count: messages.nodes.length, bodies: messages.nodes.map((m) => m.body), hasNextPage: messages.pageInfo.hasNextPage });

  step = "download";
  const [file] = ticket.attachments;
  const download = await fetch(file.downloadUrl); // a signed link: no Authorization header
  const bytes = Buffer.from(await download.arrayBuffer());
  const thumbnail = await fetch(file.thumbnailUrl);
  await thumbnail.arrayBuffer();
  print(step, {
    status: download.status,
    contentType: download.headers.get("content-type"),
    disposition: download.headers.get("content-disposition"),
    sameBytes: bytes.equals(SCREENSHOT),
    absolute: file.downloadUrl.startsWith(`${API}/`),
    thumbnailStatus: thumbnail.status,
    thumbnailType: thumbnail.headers.get("content-type"),
  });

  step = "errors";
  const wrongPassword = await failure(signIn({ email: REPORTER.email, password: "not-the-password" }));
  const tooLongTitle = await failure(graphql("CreateTicket", {
    input: { desk: DESK, topic: TOPIC, title: "x".repeat(301), description: "Judul yang terlalu panjang." },
  }, token));
  const nullVariable = await failure(graphql("TicketMessages", { number: null, first: 1 }, token));
  const refusedSocket = liveClient("not-a-token");
  const refusal = refusedSocket.client.iterate({ query: OPERATIONS.TicketUpdates, variables: { number: ticket.number, afterSeq: 0 } });
  await refusal.next().catch(() => {}); // the socket closes before any event: graphql-ws rejects with the close event
  const socket = await within(WAIT_MS, refusedSocket.closed, "close of a refused socket");
  await refusedSocket.client.dispose();
  print(step, { wrongPassword, tooLongTitle, nullVariable, socket });

  step = "errorCodes";
  const { errorCodes } = await graphql("ErrorCodes", {}, token);
  const known = new Set(errorCodes.map((entry) => entry.code));
  const seen = [wrongPassword.code, tooLongTitle.code, nullVariable.code, socket.reason];
  print(step, { count: errorCodes.length, allKnown: seen.every((code) => known.has(code)), seen });

  step = "refreshSession";
  const refreshed = (await graphql("RefreshSession", { input: { token } }, token)).refreshSession;
  token = refreshed.token;
  const stillSignedIn = (await graphql("MyTickets", { first: 1 }, token)).tickets.totalCount === totalCount;
  print(step, { rotated: refreshed.token !== reporter.token, expiresAt: refreshed.expiresAt, stillSignedIn });
}

try {
  await main();
} catch (error) {
  print(step, { error: error.message, code: error.code ?? null, status: error.status ?? null });
  process.exitCode = 1;
}
