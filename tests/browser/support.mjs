// What the console's browser scenarios (console.test.mjs) share: the environment they run
// against, opening a logged-in page, the checks every page passes, screenshots, direct API
// calls, and the console actions several scenarios take.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";

export const BASE = required("EDGECREW_BASE_URL").replace(/\/$/, "");
export const KEY = required("EDGECREW_CONSOLE_KEY");
export const SHOTS = resolve(process.env.EDGECREW_SCREENSHOTS ?? "target/console-screenshots");
export const SCENARIOS = (process.env.EDGECREW_CONSOLE_SCENARIOS ?? "login,chat,orchestrate,analyze,admin,board,overdue")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
export const SIZES = [
  { name: "1280x800", viewport: { width: 1280, height: 800 } },
  { name: "390x844", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];
/** Where the console keeps the key (components/console/web/src/session.ts). */
export const STORAGE_KEY = "edgecrew.console.key";
export const TIMEOUT_MS = 60_000;

export function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}

export function chromiumPath() {
  if (process.env.EDGECREW_CHROMIUM) return process.env.EDGECREW_CHROMIUM;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error("no Chromium found: install Debian's chromium (scripts/setup) or set EDGECREW_CHROMIUM");
}

/** A new page at `size`, logged in with `key` (sessionStorage, as the login page leaves it) unless null. */
export async function open(browser, size, key, base = BASE) {
  const context = await browser.newContext({
    viewport: size.viewport,
    isMobile: size.isMobile ?? false,
    hasTouch: size.hasTouch ?? false,
    deviceScaleFactor: 1,
    baseURL: base,
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  if (key) {
    await context.addInitScript(([name, value]) => sessionStorage.setItem(name, value), [STORAGE_KEY, key]);
  }
  // Anything the page's CSP blocks, and any uncaught error, fails the scenario.
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(String(error)));
  return { context, page };
}

/** No uncaught error, nothing the CSP blocked, and nothing wider than the viewport (usable without sideways scrolling of the page). */
export async function clean(page) {
  assert.deepEqual(page.errors, [], "uncaught errors in the page");
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations, [], "CSP violations");
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  assert.ok(widths.page <= widths.viewport, `the page is wider than the viewport: ${JSON.stringify(widths)}`);
}

export async function shot(page, name, size) {
  await page.screenshot({ path: join(SHOTS, `${name}-${size.name}.png`), fullPage: true });
}

/** A direct API call (outside the browser) with `key`. */
export async function api(method, path, key, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

export const ORDER_EMAIL =
  "Hi Tom,\n\nPlease process our PO#4410983 for 20 units of SKU: ABC-1234 at $12,450.00 total and ship by " +
  "March 20, 2026. Tracking so far: 1Z999AA10123456784.\n\nBest regards,\nMaria Schneider\n" +
  "Procurement Manager, Acme Corp\nmaria@acme.example.com | +1 (415) 555-0134\n";

/** Analyse an e-mail through the console's page; its email_id. */
export async function analyseInConsole(page, { subject, body, from, received }) {
  await page.goto("/app/analyze");
  await page.fill("#email-subject", subject);
  if (from) await page.fill("#email-from", from);
  if (received) await page.fill("#email-received", received);
  await page.fill("#email-body", body);
  await page.click("#analyze-submit");
  const analysis = page.locator("#analysis-result .analysis");
  await analysis.waitFor();
  return analysis.getAttribute("data-email-id");
}

/** Wait until the newest assistant message is `state` (an error state fails); its text. */
export async function lastAnswer(page, state) {
  const handle = await page.waitForFunction(
    (wanted) => {
      const all = document.querySelectorAll(".msg-assistant");
      const last = all[all.length - 1];
      if (!last) return false;
      const text = last.querySelector(".msg-text")?.textContent ?? "";
      if (last.dataset.state === "error") return { error: last.innerText };
      return last.dataset.state === wanted && text.length > 0 ? { text } : false;
    },
    state,
    { timeout: TIMEOUT_MS, polling: "raf" },
  );
  const result = await handle.jsonValue();
  if (result.error) throw new Error(`the chat answered an error: ${result.error}`);
  return result.text;
}
