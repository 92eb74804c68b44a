// The e-mail board: one column per workflow state (`GET /v1/emails`), cards coloured by
// priority with their SLA countdown to `due_at` (overdue ones flagged, also from
// `GET /v1/emails/overdue`), moved with buttons or by dragging
// (`POST /v1/emails/{id}/transition` with the card's version), and the analysis of the
// card opened beside the board with its entities highlighted.

import { ApiError, call, explain } from "../api";
import { type Analysis, highlightedText, priorityChip, renderAnalysis } from "../analysis";
import { h, notice, replace, when } from "../dom";
import {
  CATEGORIES,
  PRIORITIES,
  STATES,
  STATE_LABELS,
  type State,
  type Summary,
  countdown,
  nextState,
  previousState,
} from "../workflow";

interface Page {
  emails: Summary[];
  next_cursor: string | null;
}

/** At most this many pages of 100 are read into the board. */
const MAX_PAGES = 5;
/** How often the countdowns are redrawn, in ms. */
const TICK_MS = 30_000;

/** The board page. */
export function board(view: HTMLElement): () => void {
  const params = new URLSearchParams(location.search);
  let cards: Summary[] = [];
  let overdueIds = new Set<string>();
  let selected: string | null = params.get("email");
  let available = true;

  const priority = h("select", { id: "filter-priority", "aria-label": "Priority" }, h("option", { value: "" }, "any priority"), PRIORITIES.map(([p]) => h("option", { value: p }, p)));
  const category = h("select", { id: "filter-category", "aria-label": "Category" }, h("option", { value: "" }, "any category"), CATEGORIES.map((c) => h("option", { value: c }, c.replace(/_/g, " "))));
  const search = h("input", { id: "filter-q", type: "search", placeholder: "Search subject or sender", "aria-label": "Search" });
  const overdueOnly = h("input", { id: "filter-overdue", type: "checkbox" });
  const overdueCount = h("span", { id: "overdue-count", class: "chip chip-danger" }, "0 overdue");
  const refreshed = h("span", { class: "muted" });
  const status = h("div", { id: "board-status", "aria-live": "polite" });
  const columns = h("div", { id: "board", class: "board" });
  const detail = h("aside", { id: "email-detail", class: "detail", hidden: true, "aria-label": "E-mail details" });

  for (const control of [priority, category]) control.addEventListener("change", () => void load());
  // Overdue only filters what is loaded, at once.
  overdueOnly.addEventListener("change", draw);
  search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") void load();
  });

  replace(
    view,
    h("div", { class: "row spread" }, h("h1", null, "E-mail board"), h("div", { class: "row" }, overdueCount, refreshed)),
    h(
      "div",
      { class: "toolbar filters" },
      priority,
      category,
      search,
      h("label", { class: "check" }, overdueOnly, " overdue only"),
      h("button", { type: "button", id: "refresh", onclick: () => void load() }, "Refresh"),
    ),
    status,
    h("div", { class: "board-area" }, columns, detail),
  );

  const tick = window.setInterval(draw, TICK_MS);

  async function load(): Promise<void> {
    const query = new URLSearchParams({ limit: "100" });
    if (priority.value) query.set("priority", priority.value);
    if (category.value) query.set("category", category.value);
    if (search.value.trim()) query.set("q", search.value.trim());
    try {
      const all = await pages("/v1/emails", query);
      const overdue = await pages("/v1/emails/overdue", new URLSearchParams({ limit: "100" }));
      overdueIds = new Set(overdue.map((e) => e.email_id));
      cards = all;
      available = true;
      replace(overdueCount, `${overdueIds.size} overdue`);
      replace(refreshed, `updated ${new Date().toLocaleTimeString()}`);
      replace(status);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405) && !cards.length) {
        available = false;
        replace(status, notice("The e-mail workflow API (GET /v1/emails) is not available on this server yet: the board cannot list e-mails. Analysed e-mails can still be opened from the Analyse page.", "info"));
      } else {
        replace(status, notice(explain(error, "emails")));
      }
    }
    draw();
    if (selected) void open(selected);
  }

  /** Every e-mail of a listing, following `next_cursor` for at most MAX_PAGES pages. */
  async function pages(path: string, query: URLSearchParams): Promise<Summary[]> {
    const all: Summary[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const doc = await call<Page>("GET", `${path}?${query}`);
      all.push(...doc.emails);
      if (!doc.next_cursor) break;
      query.set("cursor", doc.next_cursor);
    }
    return all;
  }

  function isOverdue(card: Summary): boolean {
    return card.state !== "completed" && (Boolean(card.overdue) || overdueIds.has(card.email_id) || countdown(card, Date.now()).level === "overdue");
  }

  function draw(): void {
    const now = Date.now();
    const shown = overdueOnly.checked ? cards.filter(isOverdue) : cards;
    replace(
      columns,
      STATES.map((state) => {
        const inColumn = shown
          .filter((c) => c.state === state)
          .sort((a, b) => Number(isOverdue(b)) - Number(isOverdue(a)) || (a.due_at ?? "~").localeCompare(b.due_at ?? "~"));
        const list = h("ul", { class: "cards" }, inColumn.map((c) => card(c, now)));
        const column = h(
          "section",
          { class: "column", "data-state": state, "aria-label": STATE_LABELS[state] },
          h("h2", null, STATE_LABELS[state], h("span", { class: "count" }, String(inColumn.length))),
          list,
          inColumn.length || !available ? null : h("p", { class: "muted empty" }, "—"),
        );
        column.addEventListener("dragover", (e) => {
          e.preventDefault();
          column.classList.add("drop-target");
        });
        column.addEventListener("dragleave", () => column.classList.remove("drop-target"));
        column.addEventListener("drop", (e) => {
          e.preventDefault();
          column.classList.remove("drop-target");
          const id = e.dataTransfer?.getData("text/plain");
          const moved = cards.find((c) => c.email_id === id);
          if (moved && moved.state !== state) void transition(moved, state);
        });
        return column;
      }),
    );
  }

  function card(c: Summary, now: number): HTMLElement {
    const due = countdown({ ...c, overdue: isOverdue(c) }, now);
    const previous = previousState(c.state);
    const next = nextState(c.state);
    const move = h(
      "select",
      { class: "move", "aria-label": `Move “${c.subject}” to` },
      h("option", { value: "" }, "Move to…"),
      STATES.filter((s) => s !== c.state).map((s) => h("option", { value: s }, STATE_LABELS[s])),
    );
    move.addEventListener("change", () => {
      if (move.value) void transition(c, move.value as State);
    });
    const el = h(
      "li",
      {
        class: `email-card prio-edge-${c.priority}${isOverdue(c) ? " is-overdue" : ""}${selected === c.email_id ? " is-selected" : ""}`,
        draggable: "true",
        "data-email-id": c.email_id,
        "data-state": c.state,
        "data-priority": c.priority,
        "data-overdue": String(isOverdue(c)),
      },
      h("div", { class: "card-top" }, priorityChip(c.priority), h("span", { class: `sla sla-${due.level}`, title: c.due_at ? `due ${when(c.due_at)}` : "" }, due.level === "overdue" ? `⚠ ${due.text}` : due.text)),
      h("button", { type: "button", class: "subject link", onclick: () => void open(c.email_id) }, c.subject || "(no subject)"),
      h("div", { class: "card-meta muted" }, c.from ?? "", c.from ? " · " : "", c.category.replace(/_/g, " ")),
      h(
        "div",
        { class: "card-actions" },
        previous ? h("button", { type: "button", class: "small", "data-move": previous, "aria-label": `Move back to ${STATE_LABELS[previous]}`, onclick: () => void transition(c, previous) }, `◀ ${STATE_LABELS[previous]}`) : null,
        next ? h("button", { type: "button", class: "small", "data-move": next, "aria-label": `Move to ${STATE_LABELS[next]}`, onclick: () => void transition(c, next) }, `${STATE_LABELS[next]} ▶`) : null,
        move,
      ),
    );
    el.addEventListener("dragstart", (e) => {
      e.dataTransfer?.setData("text/plain", c.email_id);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
      el.classList.add("dragging");
    });
    el.addEventListener("dragend", () => el.classList.remove("dragging"));
    return el;
  }

  async function transition(c: Summary, to: State): Promise<void> {
    try {
      const updated = await call<Summary>("POST", `/v1/emails/${encodeURIComponent(c.email_id)}/transition`, { to, if_version: c.version });
      cards = cards.map((x) => (x.email_id === c.email_id ? { ...x, ...updated } : x));
      replace(status, notice(`“${c.subject}” moved to ${STATE_LABELS[to]}.`, "success"));
      if (selected === c.email_id) void open(c.email_id);
      else draw();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const allowed = error.body?.allowed as string[] | undefined;
        if (allowed) {
          replace(status, notice(`“${c.subject}” cannot move from ${STATE_LABELS[c.state]} to ${STATE_LABELS[to]}; allowed: ${allowed.map((s) => STATE_LABELS[s as State] ?? s).join(", ") || "none"}.`));
          draw();
          return;
        }
        replace(status, notice(`“${c.subject}” was changed elsewhere (now version ${String(error.body?.current_version ?? "?")}); the board was reloaded.`));
        await load();
        return;
      }
      replace(status, notice(explain(error, "emails")));
      if (error instanceof ApiError && error.status === 404) await load();
    }
  }

  async function open(id: string): Promise<void> {
    selected = id;
    const summary = cards.find((c) => c.email_id === id);
    detail.hidden = false;
    const close = h("button", { type: "button", class: "link close", "aria-label": "Close", onclick: () => { selected = null; detail.hidden = true; draw(); } }, "✕");
    replace(detail, close, h("h2", null, summary?.subject ?? id), h("p", { class: "muted" }, "Loading the analysis…"));
    draw();
    try {
      const doc = await call<Record<string, unknown>>("GET", `/v1/emails/${encodeURIComponent(id)}/analysis`);
      const analysis = doc as unknown as Analysis;
      // The workflow's state and due time are the board's, newer than the stored analysis.
      if (summary) {
        analysis.workflow = { ...analysis.workflow, state: summary.state };
        analysis.priority = { ...analysis.priority, due_at: analysis.priority.due_at ?? summary.due_at };
      }
      replace(
        detail,
        close,
        h("h2", null, summary?.subject ?? id),
        summary ? h("p", { class: "muted" }, `${summary.from ?? ""} · received ${when(summary.received_at)} · version ${summary.version}`) : null,
        renderAnalysis(analysis, doc),
      );
    } catch (error) {
      replace(detail, close, h("h2", null, summary?.subject ?? id), notice(explain(error, "emails")), highlightedText([]));
    }
  }

  void load();
  return () => window.clearInterval(tick);
}
