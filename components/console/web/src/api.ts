// The public API (`/v1/...` on the same origin): JSON calls with the tab's key, errors
// read from problem+json or OpenAI's error shape, and Server-Sent Events read as they
// arrive.

import { apiKey } from "./session";

/** A failed call: the status and the server's own explanation. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> | null,
  ) {
    super(message);
  }
}

/** Raised for a 401 anywhere, so the shell can ask for a key again. */
export const UNAUTHORIZED = "edgecrew:unauthorized";

/** Send a request with the tab's key (or `key`); the raw response. */
export async function send(
  method: string,
  path: string,
  body?: unknown,
  options: { accept?: string; key?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? "application/json" };
  const key = options.key ?? apiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "omit",
    cache: "no-store",
    signal: options.signal,
  });
}

/** The error a non-2xx response stands for. */
export async function failure(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> | null = null;
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    body = null;
  }
  const openai = body?.error as { message?: string } | undefined;
  const message =
    (body?.detail as string | undefined) ??
    openai?.message ??
    (body?.title as string | undefined) ??
    `${response.status} ${response.statusText}`;
  if (response.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHORIZED, { detail: message }));
  return new ApiError(response.status, message, body);
}

/** A JSON call: the parsed body of a 2xx (undefined for 204), else an ApiError. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** One Server-Sent Event. */
export interface ServerEvent {
  event: string;
  data: string;
}

/** The events of a `text/event-stream` body, each as soon as it is complete. */
export async function* events(response: Response): AsyncGenerator<ServerEvent> {
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const parsed = parse(block);
      if (parsed) yield parsed;
    }
  }
  const last = parse(buffer);
  if (last) yield last;
}

function parse(block: string): ServerEvent | null {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { event, data: data.join("\n") } : null;
}

/** A failed call in words, naming the scope a 403 lacks. */
export function explain(error: unknown, scope: string): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return `This key lacks the '${scope}' scope (403): ${error.message}`;
    return `${error.status}: ${error.message}`;
  }
  return `The API could not be reached: ${(error as Error).message}`;
}
