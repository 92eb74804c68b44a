// Orchestrate: `POST /v1/orchestrate` with a query; the plan, each step with its status
// and who answered it, and the combined answer.

import { call, explain } from "../api";
import { h, notice, replace } from "../dom";
import { type Provider, providerBadge } from "../provider";

interface PlanStep {
  id: string;
  agent: string;
  description: string;
  depends_on: string[];
}

interface StepResult {
  id: string;
  agent: string;
  output: string;
  provider?: Provider;
  status: string;
}

interface Run {
  id: string;
  intent?: unknown;
  plan: { steps: PlanStep[]; source?: string };
  steps: StepResult[];
  answer: string;
  degraded?: boolean;
  timings?: { total_ms?: number };
}

/** The orchestrate page. */
export function orchestrate(view: HTMLElement): void {
  const query = h("textarea", {
    id: "query",
    name: "query",
    rows: 4,
    required: true,
    placeholder: "e.g. Research our competitors' pricing, then write a short summary for the sales team.",
  });
  const run = h("button", { type: "submit", id: "run", class: "primary" }, "Plan and run");
  const result = h("div", { id: "orchestration", "aria-live": "polite" });
  replace(
    view,
    h("h1", null, "Orchestrate"),
    h("p", { class: "muted" }, "The orchestrator plans steps for the agents, runs them in dependency waves and combines their outputs."),
    h("form", { class: "card stack", onsubmit: (e: Event) => { e.preventDefault(); void submit(); } }, h("label", { for: "query" }, "Query"), query, run),
    result,
  );

  async function submit(): Promise<void> {
    const text = query.value.trim();
    if (!text) return;
    run.disabled = true;
    replace(result, h("p", { class: "muted working" }, "Planning and running the steps…"));
    try {
      const doc = await call<Run>("POST", "/v1/orchestrate", { query: text });
      replace(result, render(doc));
    } catch (error) {
      replace(result, notice(explain(error, "agents")));
    } finally {
      run.disabled = false;
    }
  }
}

function render(doc: Run): HTMLElement {
  const intent = typeof doc.intent === "string" ? doc.intent : (doc.intent as { intent?: string } | undefined)?.intent;
  const byId = new Map(doc.steps.map((s) => [s.id, s]));
  return h(
    "div",
    { class: "run", "data-degraded": String(Boolean(doc.degraded)) },
    h(
      "p",
      { class: "run-facts" },
      intent ? h("span", { class: "chip" }, `intent: ${intent}`) : null,
      h("span", { class: "chip" }, `plan: ${doc.plan.source ?? "model"}`),
      doc.degraded ? h("span", { class: "chip chip-warn" }, "degraded") : h("span", { class: "chip chip-ok" }, "all steps answered by a model"),
      doc.timings?.total_ms !== undefined ? h("span", { class: "muted" }, ` ${Math.round(doc.timings.total_ms)} ms`) : null,
    ),
    h("h2", null, "Plan"),
    h(
      "ol",
      { class: "plan" },
      doc.plan.steps.map((step) => {
        const outcome = byId.get(step.id);
        const status = outcome?.status ?? "skipped";
        return h(
          "li",
          { class: `step step-${status}`, "data-step": step.id, "data-status": status },
          h(
            "div",
            { class: "step-head" },
            h("span", { class: `chip status status-${status}` }, status),
            h("strong", null, step.agent),
            h("span", { class: "muted" }, ` ${step.id}${step.depends_on.length ? ` ← ${step.depends_on.join(", ")}` : ""}`),
          ),
          h("p", null, step.description),
          outcome
            ? h(
                "details",
                { class: "step-output" },
                h("summary", null, "Output"),
                h("pre", null, outcome.output),
                outcome.provider ? providerBadge(outcome.provider) : null,
              )
            : null,
        );
      }),
    ),
    h("h2", null, "Answer"),
    h("pre", { class: "answer", id: "answer" }, doc.answer),
  );
}
