// The console's shell: the header with its navigation, the client-side router over
// `/app/<page>`, and the key check (no key: the login page; a 401 anywhere: back to it).

import { UNAUTHORIZED } from "./api";
import { h, replace } from "./dom";
import { admin } from "./pages/admin";
import { analyze } from "./pages/analyze";
import { board } from "./pages/board";
import { chat } from "./pages/chat";
import { login } from "./pages/login";
import { orchestrate } from "./pages/orchestrate";
import { apiKey, forget, keyLabel } from "./session";

/** A page: renders into `view`, returns what to undo when it is left. */
export type Page = (view: HTMLElement, go: (path: string) => void) => void | (() => void);

const PAGES: { path: string; title: string; page: Page }[] = [
  { path: "/app/chat", title: "Chat", page: chat },
  { path: "/app/orchestrate", title: "Orchestrate", page: orchestrate },
  { path: "/app/board", title: "E-mail board", page: board },
  { path: "/app/analyze", title: "Analyse e-mail", page: analyze },
  { path: "/app/admin", title: "Keys & audit", page: admin },
];

const root = document.getElementById("app") as HTMLElement;
let leave: void | (() => void);
let loginMessage: string | null = null;

function go(path: string, replaceState = false): void {
  if (replaceState) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  render();
}

function render(): void {
  if (typeof leave === "function") leave();
  leave = undefined;
  let path = location.pathname.replace(/\/+$/, "") || "/";
  if (!apiKey() && path !== "/app/login") {
    const next = path.startsWith("/app/") ? path : "/app/chat";
    history.replaceState(null, "", `/app/login?next=${encodeURIComponent(next)}`);
    path = "/app/login";
  }
  if (path === "/" || path === "/app") {
    history.replaceState(null, "", "/app/chat");
    path = "/app/chat";
  }
  const view = h("main", { id: "view", class: "view" });
  if (path === "/app/login") {
    replace(root, header(null), view);
    document.title = "Log in · edgecrew console";
    const message = loginMessage;
    loginMessage = null;
    leave = login(view, (p) => go(p, true), message);
    return;
  }
  const entry = PAGES.find((p) => path === p.path || path.startsWith(`${p.path}/`));
  replace(root, header(entry?.path ?? null), view);
  if (!entry) {
    document.title = "Not found · edgecrew console";
    replace(view, h("h1", null, "Not found"), h("p", null, `No console page at ${path}.`));
    return;
  }
  document.title = `${entry.title} · edgecrew console`;
  view.dataset.page = entry.path.slice(5);
  leave = entry.page(view, (p) => go(p));
}

function header(current: string | null): HTMLElement {
  const key = apiKey();
  return h(
    "header",
    { class: "topbar" },
    h("a", { class: "brand", href: "/app/chat", "data-link": true }, "edgecrew", h("span", null, "console")),
    key
      ? h(
          "nav",
          { class: "nav", "aria-label": "Pages" },
          PAGES.map((p) =>
            h(
              "a",
              { href: p.path, "data-link": true, class: p.path === current ? "active" : "", "aria-current": p.path === current ? "page" : null },
              p.title,
            ),
          ),
        )
      : null,
    key
      ? h(
          "div",
          { class: "who" },
          h("span", { class: "muted" }, keyLabel(key)),
          h("button", { type: "button", class: "link", id: "logout", onclick: () => { forget(); go("/app/login"); } }, "Log out"),
        )
      : null,
  );
}

// In-app links navigate without reloading.
document.addEventListener("click", (event) => {
  const link = (event.target as Element | null)?.closest?.("a[data-link]") as HTMLAnchorElement | null;
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  go(link.pathname + link.search);
});
window.addEventListener("popstate", render);
window.addEventListener(UNAUTHORIZED, (event) => {
  if (location.pathname === "/app/login") return;
  forget();
  loginMessage = `The server refused the key: ${(event as CustomEvent<string>).detail}`;
  go(`/app/login?next=${encodeURIComponent(location.pathname)}`, true);
});

render();
