// Keys and audit, for admin keys: create a key (its secret shown once), rotate or revoke
// one, and read the audit log. The API has no route that lists keys, so the list is made
// from the audit log's key records (`key.created`, `key.rotated`, `key.revoked`).

import { ApiError, call, explain, send } from "../api";
import { h, notice, replace, when } from "../dom";
import { rfc3339 } from "./analyze";

interface AuditEvent {
  at: string;
  request_id: string;
  key_id: string | null;
  method: string;
  path: string;
  status: number;
  action: string;
  target_key_id?: string;
  route?: string;
  provider?: string;
  ms?: number;
}

interface KeyRow {
  id: string;
  created_at?: string;
  rotated_at?: string;
  revoked_at?: string;
  name?: string;
  scopes?: string[];
}

const SCOPES = ["agents", "emails", "conversations", "admin"];
/** Audit pages read to list keys, at most. */
const MAX_AUDIT_PAGES = 20;
const PAGE = 1000;

/** The keys-and-audit page. */
export function admin(view: HTMLElement): void {
  const created = new Map<string, KeyRow>();
  const name = h("input", { id: "key-name", name: "name", required: true, maxlength: 100, placeholder: "e.g. support-desk" });
  const scopes = SCOPES.map((s) => h("input", { type: "checkbox", name: "scope", value: s, id: `scope-${s}`, checked: s !== "admin" }));
  const limit = h("input", { id: "key-limit", type: "number", min: 1, placeholder: "default", "aria-label": "Rate limit per minute" });
  const expires = h("input", { id: "key-expires", type: "datetime-local", "aria-label": "Expires at" });
  const createStatus = h("div", { id: "key-created", "aria-live": "polite" });
  const keysStatus = h("div", { id: "keys-status", "aria-live": "polite" });
  const keysTable = h("div", { class: "table-wrap" });
  const since = h("input", { id: "audit-since", type: "datetime-local", "aria-label": "Since" });
  const auditLimit = h("input", { id: "audit-limit", type: "number", min: 1, max: 1000, value: 100, "aria-label": "Limit" });
  const auditFilter = h("input", { id: "audit-filter", type: "search", placeholder: "filter: action, path, key, status", "aria-label": "Filter" });
  const auditStatus = h("div", { id: "audit-status", "aria-live": "polite" });
  const auditTable = h("div", { class: "table-wrap" });
  let events: AuditEvent[] = [];
  since.value = localInput(new Date(Date.now() - 24 * 3600 * 1000));

  replace(
    view,
    h("h1", null, "Keys & audit"),
    h(
      "section",
      { class: "card stack" },
      h("h2", null, "Create a key"),
      h(
        "form",
        { class: "stack", id: "create-key", onsubmit: (e: Event) => { e.preventDefault(); void create(); } },
        h("div", { class: "grid2" },
          h("div", { class: "stack" }, h("label", { for: "key-name" }, "Name"), name),
          h("fieldset", { class: "scopes" }, h("legend", null, "Scopes"), scopes.map((box) => h("label", { class: "check" }, box, ` ${box.value}`))),
        ),
        h("div", { class: "grid2" },
          h("div", { class: "stack" }, h("label", { for: "key-limit" }, "Requests per minute (optional)"), limit),
          h("div", { class: "stack" }, h("label", { for: "key-expires" }, "Expires (optional)"), expires),
        ),
        h("div", { class: "row" }, h("button", { type: "submit", class: "primary", id: "create-key-submit" }, "Create key")),
      ),
      createStatus,
    ),
    h("section", { class: "card stack" }, h("div", { class: "row spread" }, h("h2", null, "Keys"), h("button", { type: "button", onclick: () => void loadKeys() }, "Reload")), keysStatus, keysTable),
    h(
      "section",
      { class: "card stack" },
      h("h2", null, "Audit log"),
      h("form", { class: "toolbar", onsubmit: (e: Event) => { e.preventDefault(); void loadAudit(); } },
        h("label", null, "Since ", since), h("label", null, "Limit ", auditLimit), auditFilter, h("button", { type: "submit", id: "audit-load" }, "Query")),
      auditStatus,
      auditTable,
    ),
  );
  auditFilter.addEventListener("input", drawAudit);

  async function create(): Promise<void> {
    const body: Record<string, unknown> = { name: name.value.trim(), scopes: scopes.filter((b) => b.checked).map((b) => b.value) };
    if (limit.value) body.rate_limit_per_minute = Number(limit.value);
    const at = rfc3339(expires.value);
    if (at) body.expires_at = at;
    try {
      const key = await call<{ id: string; key: string; name: string; scopes: string[]; created_at: string }>("POST", "/v1/admin/keys", body);
      created.set(key.id, { id: key.id, name: key.name, scopes: key.scopes, created_at: key.created_at });
      replace(createStatus, secret(`Key ${key.id} created. Copy the key now: it is shown only once.`, key.key));
      name.value = "";
      void loadKeys();
    } catch (error) {
      replace(createStatus, notice(explain(error, "admin")));
    }
  }

  async function loadKeys(): Promise<void> {
    replace(keysStatus, h("p", { class: "muted" }, "Reading the audit log…"));
    const rows = new Map<string, KeyRow>(created);
    try {
      let from = "1970-01-01T00:00:00Z";
      const seen = new Set<string>();
      for (let page = 0; page < MAX_AUDIT_PAGES; page++) {
        const doc = await call<{ events: AuditEvent[] }>("GET", `/v1/admin/audit?${new URLSearchParams({ since: from, limit: String(PAGE) })}`);
        for (const e of doc.events) {
          const id = `${e.request_id}/${e.action}/${e.at}`;
          if (seen.has(id) || !e.target_key_id || !e.action.startsWith("key.")) continue;
          seen.add(id);
          const row = rows.get(e.target_key_id) ?? { id: e.target_key_id };
          if (e.action === "key.created") row.created_at ??= e.at;
          if (e.action === "key.rotated") row.rotated_at = e.at;
          if (e.action === "key.revoked") row.revoked_at = e.at;
          rows.set(row.id, row);
        }
        if (doc.events.length < PAGE) break;
        from = doc.events[doc.events.length - 1].at;
      }
      replace(keysStatus, h("p", { class: "muted" }, "Keys created, rotated or revoked within the audit log's retention (the API has no key listing)."));
    } catch (error) {
      replace(keysStatus, notice(explain(error, "admin")));
    }
    drawKeys([...rows.values()].sort((a, b) => (b.created_at ?? "").localeCompare(a.created_at ?? "")));
  }

  function drawKeys(rows: KeyRow[]): void {
    if (!rows.length) {
      replace(keysTable, h("p", { class: "muted" }, "No keys found."));
      return;
    }
    replace(
      keysTable,
      h("table", { class: "table", id: "keys" },
        h("thead", null, h("tr", null, ["Key id", "Name / scopes", "Created", "Rotated", "Status", ""].map((t) => h("th", null, t)))),
        h("tbody", null, rows.map((row) => {
          const grace = h("input", { type: "number", min: 0, placeholder: "grace s", class: "narrow", "aria-label": `Grace seconds for ${row.id}` });
          const actions = h("td", { class: "actions" });
          const rowStatus = h("div", { class: "row-status" });
          if (!row.revoked_at) {
            actions.append(
              grace,
              h("button", { type: "button", class: "small", "data-action": "rotate", onclick: () => void rotate(row, grace.value, rowStatus) }, "Rotate"),
              h("button", { type: "button", class: "small danger", "data-action": "revoke", onclick: (e: Event) => void revoke(row, e.currentTarget as HTMLButtonElement, rowStatus) }, "Revoke"),
            );
          }
          actions.append(rowStatus);
          return h("tr", { "data-key-id": row.id },
            h("td", null, h("code", null, row.id)),
            h("td", null, row.name ?? "—", row.scopes ? h("span", { class: "muted" }, ` (${row.scopes.join(", ")})`) : null),
            h("td", null, when(row.created_at)),
            h("td", null, when(row.rotated_at)),
            h("td", null, row.revoked_at ? h("span", { class: "chip chip-danger" }, "revoked") : h("span", { class: "chip chip-ok" }, "active")),
            actions,
          );
        })),
      ),
    );
  }

  async function rotate(row: KeyRow, graceSeconds: string, out: HTMLElement): Promise<void> {
    const body = graceSeconds ? { grace_seconds: Number(graceSeconds) } : {};
    try {
      const doc = await call<{ id: string; key: string; previous_valid_until?: string | null }>("POST", `/v1/admin/keys/${encodeURIComponent(row.id)}/rotate`, body);
      replace(out, secret(`New secret for ${doc.id}; the old one works until ${when(doc.previous_valid_until)}.`, doc.key));
    } catch (error) {
      replace(out, notice(explain(error, "admin")));
    }
  }

  async function revoke(row: KeyRow, button: HTMLButtonElement, out: HTMLElement): Promise<void> {
    if (button.dataset.confirm !== "yes") {
      button.dataset.confirm = "yes";
      button.textContent = "Confirm revoke";
      return;
    }
    try {
      const response = await send("DELETE", `/v1/admin/keys/${encodeURIComponent(row.id)}`);
      if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => ({}))).detail ?? response.statusText, null);
      replace(out, notice(`Key ${row.id} revoked.`, "success"));
      row.revoked_at = new Date().toISOString();
      created.set(row.id, row);
      void loadKeys();
    } catch (error) {
      replace(out, notice(explain(error, "admin")));
    }
  }

  async function loadAudit(): Promise<void> {
    const query = new URLSearchParams({ limit: auditLimit.value || "100" });
    const at = rfc3339(since.value);
    if (at) query.set("since", at);
    try {
      const doc = await call<{ events: AuditEvent[] }>("GET", `/v1/admin/audit?${query}`);
      events = doc.events.slice().reverse();
      replace(auditStatus, h("p", { class: "muted" }, `${doc.events.length} record(s), newest first.`));
    } catch (error) {
      events = [];
      replace(auditStatus, notice(explain(error, "admin")));
    }
    drawAudit();
  }

  function drawAudit(): void {
    const needle = auditFilter.value.trim().toLowerCase();
    const rows = needle
      ? events.filter((e) => [e.action, e.path, e.key_id ?? "", String(e.status), e.method, e.target_key_id ?? ""].some((f) => f.toLowerCase().includes(needle)))
      : events;
    replace(
      auditTable,
      h("table", { class: "table", id: "audit" },
        h("thead", null, h("tr", null, ["Time", "Action", "Request", "Status", "Key", "Provider", "ms"].map((t) => h("th", null, t)))),
        h("tbody", null, rows.map((e) =>
          h("tr", { "data-action": e.action },
            h("td", null, when(e.at)),
            h("td", null, h("span", { class: `chip action-${e.action.replace(/\./g, "-")}` }, e.action), e.target_key_id ? h("span", { class: "muted" }, ` → ${e.target_key_id}`) : null),
            h("td", null, h("code", null, `${e.method} ${e.path}`)),
            h("td", { class: e.status >= 400 ? "status-bad" : "" }, String(e.status)),
            h("td", null, e.key_id ? h("code", null, e.key_id) : "—"),
            h("td", null, e.provider ?? ""),
            h("td", null, e.ms === undefined ? "" : String(e.ms)),
          ))),
      ),
    );
  }

  void loadKeys();
  void loadAudit();
}

/** A secret shown once, selectable, with a copy button. */
function secret(message: string, value: string): HTMLElement {
  const field = h("input", { class: "secret", readonly: true, value, "aria-label": "New key", id: "new-key" });
  return h("div", { class: "notice notice-success", role: "status" },
    h("p", null, message),
    h("div", { class: "row" }, field, h("button", { type: "button", class: "small", onclick: () => { field.select(); void navigator.clipboard?.writeText(value); } }, "Copy")),
  );
}

/** A date as a datetime-local input's value (local time). */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
