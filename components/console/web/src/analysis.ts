// An e-mail analysis, rendered: priority and SLA, workflow, intent, sentiment, summary,
// action items, the text with its entities highlighted, and who answered.

import { h } from "./dom";
import { textOf } from "./emails";
import { type Entity, analysedText, segments } from "./highlight";
import { type Provider, providerBadge } from "./provider";
import { countdown } from "./workflow";

/** The analysis document of API.md. */
export interface Analysis {
  email_id: string;
  workflow: { category: string; state: string };
  priority: { level: string; sla_hours: number; due_at?: string | null };
  intent: string;
  urgency: string;
  sentiment: { label: string; score: number };
  entities: Entity[];
  action_items: { task: string; owner?: string | null; deadline?: string | null }[];
  summary: string;
  provider: Provider;
  timings?: { total_ms?: number };
}

/** A priority chip, coloured by level. */
export function priorityChip(level: string): HTMLElement {
  return h("span", { class: `chip prio prio-${level}`, "data-priority": level }, level);
}

/** The text with entities marked (`mark.entity.entity-<type>`), or a list when the text is unknown. */
export function highlightedText(entities: Entity[], doc?: Record<string, unknown>): HTMLElement {
  const text = textOf(doc);
  if (!text) {
    return h(
      "div",
      { class: "email-text email-text-unknown" },
      h("p", { class: "muted" }, "The e-mail's text is not stored with this analysis; its entities:"),
      h(
        "p",
        { class: "entity-list" },
        entities.map((e) => h("mark", { class: `entity entity-${e.type}`, title: e.type }, e.value)),
      ),
    );
  }
  const pieces = segments(analysedText(text.subject, text.body), entities).map((s) =>
    s.entity
      ? h(
          "mark",
          { class: `entity entity-${s.entity.type}`, title: `${s.entity.type} (${s.entity.method ?? "rule"})`, "data-type": s.entity.type },
          s.text,
        )
      : s.text,
  );
  return h("pre", { class: "email-text" }, pieces);
}

/** The whole analysis. */
export function renderAnalysis(a: Analysis, doc?: Record<string, unknown>): HTMLElement {
  const due = a.priority.due_at
    ? countdown({ due_at: a.priority.due_at, state: a.workflow.state as never }, Date.now())
    : null;
  const facts: [string, Node | string][] = [
    ["E-mail id", h("code", null, a.email_id)],
    ["Priority", h("span", null, priorityChip(a.priority.level), ` SLA ${a.priority.sla_hours} h`)],
    ["Due", due ? h("span", { class: `sla sla-${due.level}` }, `${new Date(a.priority.due_at as string).toLocaleString()} (${due.text})`) : "—"],
    ["Category", a.workflow.category.replace(/_/g, " ")],
    ["State", a.workflow.state.replace(/_/g, " ")],
    ["Intent", a.intent.replace(/_/g, " ")],
    ["Urgency", a.urgency.replace(/_/g, " ")],
    ["Sentiment", `${a.sentiment.label} (${a.sentiment.score.toFixed(2)})`],
  ];
  return h(
    "section",
    { class: "analysis", "data-email-id": a.email_id },
    h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])),
    h("h3", null, "Summary"),
    h("p", { class: "summary" }, a.summary || "—"),
    h("h3", null, "Action items"),
    a.action_items.length
      ? h(
          "ul",
          { class: "actions" },
          a.action_items.map((item) =>
            h("li", null, item.task, item.owner ? ` — ${item.owner}` : "", item.deadline ? ` (by ${item.deadline})` : ""),
          ),
        )
      : h("p", { class: "muted" }, "None."),
    h("h3", null, `Entities (${a.entities.length})`),
    highlightedText(a.entities, doc),
    h("div", { class: "legend" }, [...new Set(a.entities.map((e) => e.type))].map((t) => h("mark", { class: `entity entity-${t}` }, t.replace(/_/g, " ")))),
    providerBadge(a.provider),
  );
}
