// Analyse an e-mail: paste subject and body (and optionally who sent it and when), send
// `POST /v1/emails/analyze`, show the analysis. The analysis also puts the e-mail on the
// board (state `new`).

import { call, explain } from "../api";
import { type Analysis, renderAnalysis } from "../analysis";
import { h, notice, replace } from "../dom";

const EXAMPLE = {
  subject: "PO 4410983: please confirm delivery date",
  from: "maria@acme.example.com",
  body:
    "Hi Tom,\n\nPlease process our PO#4410983 for 20 units of SKU: ABC-1234 at $12,450.00 total " +
    "and ship by March 20, 2026. Tracking so far: 1Z999AA10123456784.\n\nBest regards,\n" +
    "Maria Schneider\nProcurement Manager, Acme Corp\nmaria@acme.example.com | +1 (415) 555-0134\n",
};

/** `2026-01-02T03:04` from a datetime-local input as RFC 3339 in UTC, without milliseconds. */
export function rfc3339(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The analyse page. */
export function analyze(view: HTMLElement, go: (path: string) => void): void {
  const subject = h("input", { id: "email-subject", name: "subject", maxlength: 998, required: true });
  const from = h("input", { id: "email-from", name: "from", type: "email", maxlength: 320 });
  const received = h("input", { id: "email-received", name: "received_at", type: "datetime-local" });
  const body = h("textarea", { id: "email-body", name: "body", rows: 10, required: true });
  const submit = h("button", { type: "submit", id: "analyze-submit", class: "primary" }, "Analyse");
  const result = h("div", { id: "analysis-result", "aria-live": "polite" });
  const example = h("button", { type: "button", class: "link", onclick: () => {
    subject.value = EXAMPLE.subject;
    from.value = EXAMPLE.from;
    body.value = EXAMPLE.body;
  } }, "Fill in an example");

  replace(
    view,
    h("h1", null, "Analyse an e-mail"),
    h(
      "form",
      { class: "card stack", onsubmit: (e: Event) => { e.preventDefault(); void send(); } },
      h("div", { class: "grid2" },
        h("div", { class: "stack" }, h("label", { for: "email-subject" }, "Subject"), subject),
        h("div", { class: "stack" }, h("label", { for: "email-from" }, "From (optional)"), from),
      ),
      h("div", { class: "stack" }, h("label", { for: "email-received" }, "Received at (optional; the SLA counts from it)"), received),
      h("label", { for: "email-body" }, "Body"),
      body,
      h("div", { class: "row" }, submit, example),
    ),
    result,
  );

  async function send(): Promise<void> {
    submit.disabled = true;
    replace(result, h("p", { class: "muted working" }, "Analysing…"));
    const email: Record<string, string> = { subject: subject.value, body: body.value };
    if (from.value.trim()) email.from = from.value.trim();
    const at = rfc3339(received.value);
    if (at) email.received_at = at;
    try {
      const analysis = await call<Analysis>("POST", "/v1/emails/analyze", email);
      replace(
        result,
        h("div", { class: "card" },
          h("div", { class: "row spread" },
            h("h2", null, "Analysis"),
            h("a", { href: `/app/board?email=${encodeURIComponent(analysis.email_id)}`, "data-link": true, id: "open-on-board", onclick: (e: Event) => {
              e.preventDefault();
              go(`/app/board?email=${encodeURIComponent(analysis.email_id)}`);
            } }, "Open on the board →"),
          ),
          renderAnalysis(analysis, { email }),
        ),
      );
    } catch (error) {
      replace(result, notice(explain(error, "emails")));
    } finally {
      submit.disabled = false;
    }
  }
}
