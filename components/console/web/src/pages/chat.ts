// Chat with an agent: `POST /v1/agents/{id}/execute` (each message a task) or OpenAI's
// `POST /v1/chat/completions` (the conversation so far), both streamed; tokens are shown
// as they arrive, then who answered.

import { ApiError, call, events, explain, failure, send } from "../api";
import { h, notice, replace } from "../dom";
import { type Provider, providerBadge } from "../provider";

interface Agent {
  id: string;
  name: string;
  role: string;
  goal: string;
  capabilities: string[];
}

type Mode = "execute" | "chat";

/** One turn of the OpenAI conversation. */
interface Turn {
  role: "user" | "assistant";
  content: string;
}

/** The chat page. */
export function chat(view: HTMLElement): () => void {
  const controller = new AbortController();
  const agentSelect = h("select", { id: "agent", name: "agent", "aria-label": "Agent" });
  const modeSelect = h(
    "select",
    { id: "mode", name: "mode", "aria-label": "API" },
    h("option", { value: "execute" }, "Agent execute (each message is a task)"),
    h("option", { value: "chat" }, "Chat completions (OpenAI, whole conversation)"),
  );
  const about = h("p", { class: "muted agent-about" });
  const transcript = h("div", { id: "transcript", class: "transcript", "aria-live": "polite" });
  const input = h("textarea", { id: "message", name: "message", rows: 3, placeholder: "Ask the agent…", required: true });
  const sendButton = h("button", { type: "submit", id: "send", class: "primary" }, "Send");
  const status = h("div", { class: "chat-status" });
  const history: Turn[] = [];
  let agents: Agent[] = [];

  const form = h(
    "form",
    { class: "composer", onsubmit: (e: Event) => { e.preventDefault(); void ask(); } },
    input,
    sendButton,
  );
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  agentSelect.addEventListener("change", describe);
  modeSelect.addEventListener("change", () => {
    history.length = 0;
    replace(transcript);
  });

  replace(
    view,
    h("h1", null, "Chat"),
    h("div", { class: "toolbar" }, h("label", null, "Agent ", agentSelect), h("label", null, "API ", modeSelect)),
    about,
    status,
    transcript,
    form,
  );

  function describe(): void {
    const agent = agents.find((a) => a.id === agentSelect.value);
    replace(about, agent ? `${agent.role} — ${agent.goal}` : "");
  }

  void (async () => {
    try {
      const list = await call<{ agents: Agent[] }>("GET", "/v1/agents");
      agents = list.agents;
      replace(agentSelect, agents.map((a) => h("option", { value: a.id }, a.name || a.id)));
      const writer = agents.find((a) => a.id === "writer");
      if (writer) agentSelect.value = writer.id;
      describe();
    } catch (error) {
      replace(status, notice(explain(error, "agents")));
      sendButton.disabled = true;
    }
  })();

  async function ask(): Promise<void> {
    const text = input.value.trim();
    if (!text || !agentSelect.value) return;
    input.value = "";
    sendButton.disabled = true;
    const mode = modeSelect.value as Mode;
    transcript.append(h("div", { class: "msg msg-user" }, h("div", { class: "msg-text" }, text)));
    const body = h("div", { class: "msg-text" });
    const meta = h("div", { class: "msg-meta" });
    const bubble = h("div", { class: "msg msg-assistant", "data-state": "waiting", "data-tokens": "0" }, body, meta);
    transcript.append(bubble);
    bubble.scrollIntoView({ block: "end" });
    const started = performance.now();
    let tokens = 0;
    const onToken = (piece: string) => {
      if (tokens === 0) bubble.dataset.firstTokenMs = String(Math.round(performance.now() - started));
      tokens += 1;
      bubble.dataset.state = "streaming";
      bubble.dataset.tokens = String(tokens);
      body.append(piece);
      bubble.scrollIntoView({ block: "end" });
    };
    try {
      let provider: Provider | null;
      if (mode === "execute") {
        provider = await execute(agentSelect.value, text, onToken, body, controller.signal);
      } else {
        history.push({ role: "user", content: text });
        provider = await completions(agentSelect.value, history, onToken, controller.signal);
        history.push({ role: "assistant", content: body.textContent ?? "" });
      }
      bubble.dataset.state = "done";
      meta.append(providerBadge(provider));
    } catch (error) {
      if (controller.signal.aborted) return;
      bubble.dataset.state = "error";
      const problem = error as ApiError;
      meta.append(notice(explain(error, "agents")));
      if (problem.body && (problem.body as { provider?: Provider }).provider) {
        meta.append(providerBadge((problem.body as { provider: Provider }).provider));
      }
    } finally {
      sendButton.disabled = false;
    }
  }

  return () => controller.abort();
}

/** `POST /v1/agents/{id}/execute` streamed: tokens to `onToken`; the answering provider. */
async function execute(
  agent: string,
  task: string,
  onToken: (text: string) => void,
  body: HTMLElement,
  signal: AbortSignal,
): Promise<Provider | null> {
  const response = await send("POST", `/v1/agents/${encodeURIComponent(agent)}/execute`, { task, stream: true }, { accept: "text/event-stream", signal });
  if (!response.ok) throw await failure(response);
  if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    const whole = (await response.json()) as { output: string; provider: Provider };
    onToken(whole.output);
    return whole.provider;
  }
  let provider: Provider | null = null;
  for await (const event of events(response)) {
    const data = JSON.parse(event.data) as Record<string, unknown>;
    if (event.event === "token") onToken(String(data.text ?? ""));
    else if (event.event === "done") {
      provider = data.provider as Provider;
      // A stream that sent the answer whole in `done` only.
      if (!body.textContent && typeof data.output === "string") onToken(data.output);
    } else if (event.event === "error") {
      throw new ApiError(502, `The answer broke off (${String(data.reason)}): ${String(data.detail ?? "")}`, { provider: { name: String(data.provider), fallback_reason: String(data.reason) } });
    }
  }
  return provider;
}

/** OpenAI's `POST /v1/chat/completions` streamed: content deltas to `onToken`. */
async function completions(
  model: string,
  messages: Turn[],
  onToken: (text: string) => void,
  signal: AbortSignal,
): Promise<Provider | null> {
  const response = await send("POST", "/v1/chat/completions", { model, messages, stream: true }, { accept: "text/event-stream", signal });
  if (!response.ok) throw await failure(response);
  let provider: Provider | null = response.headers.get("x-edgecrew-provider")
    ? { name: response.headers.get("x-edgecrew-provider") as string, fallback_reason: response.headers.get("x-edgecrew-fallback-reason") }
    : null;
  for await (const event of events(response)) {
    if (event.data === "[DONE]") break;
    const chunk = JSON.parse(event.data) as {
      choices?: { delta?: { content?: string | null } }[];
      edgecrew?: { provider?: Provider };
      error?: { message?: string; code?: string };
    };
    if (chunk.error) throw new ApiError(502, chunk.error.message ?? "the answer broke off", null);
    const piece = chunk.choices?.[0]?.delta?.content;
    if (piece) onToken(piece);
    if (chunk.edgecrew?.provider) provider = chunk.edgecrew.provider;
  }
  return provider;
}
