// Log in: paste an API key; it is checked against the API before it is kept.

import { send } from "../api";
import { h, notice, replace } from "../dom";
import { remember } from "../session";

/** The login page; `message` explains why it is shown (a key refused elsewhere). */
export function login(view: HTMLElement, go: (path: string) => void, message: string | null): void {
  const status = h("div", { id: "login-status", "aria-live": "polite" }, message ? notice(message) : null);
  const input = h("input", {
    id: "api-key",
    name: "api-key",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "ek_…",
    required: true,
  });
  const button = h("button", { type: "submit", id: "login-submit", class: "primary" }, "Use this key");
  const form = h(
    "form",
    { class: "card login", onsubmit: (e: Event) => void submit(e) },
    h("h1", null, "edgecrew console"),
    h("p", null, "Paste an edgecrew API key. It stays in this tab only (session storage) and is sent to the API as a bearer token, never as a cookie."),
    h("label", { for: "api-key" }, "API key"),
    input,
    button,
    status,
  );

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    button.disabled = true;
    replace(status, notice("Checking the key…", "info"));
    try {
      // Any route checks the key; a 403 means the key is good but lacks the agents scope.
      const response = await send("GET", "/v1/agents", undefined, { key });
      if (response.status === 401) {
        replace(status, notice("This API key was not accepted (401): check that it is complete, not revoked and not expired."));
        return;
      }
      if (response.status === 429) {
        replace(status, notice("Too many attempts (429): wait a minute and try again."));
        return;
      }
      if (!response.ok && response.status !== 403) {
        replace(status, notice(`The API answered ${response.status}; try again.`));
        return;
      }
      remember(key);
      const next = new URLSearchParams(location.search).get("next");
      go(next && next.startsWith("/app/") && next !== "/app/login" ? next : "/app/chat");
    } catch (error) {
      replace(status, notice(`The API could not be reached: ${(error as Error).message}`));
    } finally {
      button.disabled = false;
    }
  }

  replace(view, form);
  input.focus();
}
