// The web console in a real browser: playwright-core driving the system's headless
// Chromium against a running edgecrew (devhost or `spin up`). Plain node assertions, no
// test runner: each scenario runs at both viewport sizes, prints `ok` or `not ok` with
// the reason, and the run ends with "N passed, N failed" (exit 1 on any failure).
//
// Environment:
//   EDGECREW_BASE_URL          the app, e.g. http://127.0.0.1:3000 (required)
//   EDGECREW_CONSOLE_KEY       an API key with the agents, emails and admin scopes (required)
//   EDGECREW_CHROMIUM          the Chromium executable (default: chromium on PATH)
//   EDGECREW_SCREENSHOTS       where screenshots go (default: target/console-screenshots)
//   EDGECREW_CONSOLE_SCENARIOS comma-separated scenarios (default: all but stream)
//   EDGECREW_STREAM_BASE_URL   for `stream`: an app whose model streams tokens slowly,
//   EDGECREW_STREAM_KEY        and a key (agents scope) on it
//
// Scenarios: login, chat, stream, orchestrate, analyze, admin, board, overdue.


import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import {
  KEY,
  SHOTS,
  SCENARIOS,
  SIZES,
  STORAGE_KEY,
  required,
  chromiumPath,
  open,
  clean,
  shot,
  api,
  ORDER_EMAIL,
  analyseInConsole,
  lastAnswer,
} from "./support.mjs";

const scenarios = {
  /** The login page: a bad key is refused with a clear message; a good one is kept in sessionStorage only. */
  async login(browser, size) {
    const { context, page } = await open(browser, size, null);
    await page.goto("/");
    await page.waitForURL(/\/app\/login/);
    await page.locator("#api-key").waitFor();
    await shot(page, "login", size);
    await page.fill("#api-key", "ek_0000000000000000_notarealsecret");
    await page.click("#login-submit");
    const error = page.locator("#login-status .notice-error");
    await error.waitFor();
    assert.match(await error.innerText(), /not accepted \(401\)/);
    await shot(page, "login-bad-key", size);
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), STORAGE_KEY), null);

    await page.fill("#api-key", KEY);
    await page.click("#login-submit");
    await page.waitForURL(/\/app\/chat$/);
    await page.locator("nav.nav a.active", { hasText: "Chat" }).waitFor();
    const stored = await page.evaluate((k) => ({
      session: sessionStorage.getItem(k),
      local: localStorage.length,
      cookie: document.cookie,
    }), STORAGE_KEY);
    assert.deepEqual(stored, { session: KEY, local: 0, cookie: "" });
    assert.deepEqual(await context.cookies(), [], "no cookie is ever set");
    // A deep link goes to its page once logged in; logging out forgets the key.
    await page.goto("/app/orchestrate");
    await page.locator("#query").waitFor();
    await page.click("#logout");
    await page.waitForURL(/\/app\/login/);
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), STORAGE_KEY), null);
    await clean(page);
    await context.close();
  },

  /** Chat while the model is down: the fallback's answer streams in, with its badge and reason. */
  async chat(browser, size) {
    const { context, page } = await open(browser, size, KEY);
    await page.goto("/app/chat");
    await page.locator("#agent option[value=writer]").waitFor({ state: "attached" });
    await page.selectOption("#agent", "writer");
    for (const mode of ["execute", "chat"]) {
      await page.selectOption("#mode", mode);
      await page.fill("#message", "Announce our new mug in two sentences: it keeps coffee hot for six hours.");
      await page.press("#message", "Enter");
      await lastAnswer(page, "done");
      const answer = page.locator(".msg-assistant").last();
      assert.ok(Number(await answer.getAttribute("data-tokens")) >= 1, "at least one token event was shown");
      assert.ok((await answer.locator(".msg-text").innerText()).trim().length > 0, "the answer has text");
      const provider = answer.locator(".provider");
      assert.equal(await provider.getAttribute("data-provider"), "fallback", mode);
      assert.ok(
        ["unavailable", "circuit_open"].includes(await provider.getAttribute("data-fallback-reason")),
        `${mode}: ${await provider.getAttribute("data-fallback-reason")}`,
      );
      assert.match(await provider.locator(".badge-fallback").innerText(), /fallback/);
      assert.match(await provider.locator(".provider-why").innerText(), /Degraded answer from the fallback/);
    }
    await shot(page, "chat", size);
    await clean(page);
    await context.close();
  },

  /** Chat with a model that streams slowly: the text grows while the answer streams; the badge names runtime-host. */
  async stream(browser, size) {
    const base = required("EDGECREW_STREAM_BASE_URL").replace(/\/$/, "");
    const { context, page } = await open(browser, size, required("EDGECREW_STREAM_KEY"), base);
    await page.goto("/app/chat");
    await page.locator("#agent option[value=writer]").waitFor({ state: "attached" });
    await page.selectOption("#agent", "writer");
    await page.fill("#message", "Say hello slowly.");
    await page.press("#message", "Enter");
    const answer = page.locator(".msg-assistant").last();
    // Read while the answer streams (in the page, in one step): text already there.
    const partial = await lastAnswer(page, "streaming");
    await shot(page, "chat-streaming", size);
    const whole = await lastAnswer(page, "done");
    assert.ok(partial.length > 0 && whole.length > partial.length, `partial ${JSON.stringify(partial)}, whole ${JSON.stringify(whole)}`);
    assert.ok(whole.startsWith(partial), "tokens are appended in order");
    assert.ok(Number(await answer.getAttribute("data-tokens")) > 1, "several token events");
    assert.equal(await answer.locator(".provider").getAttribute("data-provider"), "runtime-host");
    assert.match(await answer.locator(".badge-model").innerText(), /runtime-host/);
    await clean(page);
    await context.close();
  },

  /** Orchestrate: the plan, each step with its status, the answer. */
  async orchestrate(browser, size) {
    const { context, page } = await open(browser, size, KEY);
    await page.goto("/app/orchestrate");
    await page.fill("#query", "Research reusable coffee mugs, then write a short announcement of our new mug for the sales team.");
    await page.click("#run");
    await page.locator("#answer").waitFor();
    const steps = page.locator("li.step");
    assert.ok((await steps.count()) >= 1, "the plan has steps");
    for (const status of await steps.evaluateAll((els) => els.map((e) => e.dataset.status))) {
      assert.ok(["completed", "degraded", "failed", "skipped"].includes(status), status);
    }
    assert.ok((await page.locator("#answer").innerText()).trim().length > 0, "an answer");
    // With the model down, the fallback answered: the run says it is degraded.
    assert.equal(await page.locator(".run").getAttribute("data-degraded"), "true");
    await page.locator("li.step details.step-output > summary").first().click();
    await shot(page, "orchestrate", size);
    await clean(page);
    await context.close();
  },

  /** Analyse an e-mail: the analysis with its entities highlighted in the text. */
  async analyze(browser, size) {
    const { context, page } = await open(browser, size, KEY);
    const id = await analyseInConsole(page, { subject: `PO 4410983 (${size.name})`, body: ORDER_EMAIL, from: "maria@acme.example.com" });
    assert.match(id ?? "", /\S/, "an email id");
    const result = page.locator("#analysis-result");
    assert.equal(await result.locator("mark.entity[data-type=po_number]").first().innerText(), "4410983");
    assert.equal(await result.locator("mark.entity[data-type=tracking_number]").first().innerText(), "1Z999AA10123456784");
    assert.ok((await result.locator("mark.entity").count()) >= 6, "entities highlighted");
    assert.ok((await result.locator(".prio").count()) === 1, "a priority chip");
    // No model: the rule phase answered, and the badge says so.
    assert.equal(await result.locator(".provider").getAttribute("data-provider"), "fallback");
    await shot(page, "analyze", size);
    await clean(page);
    await context.close();
  },

  /** Keys and audit: create a key (shown once, it works), rotate it, revoke it (it stops), find it in the audit log. */
  async admin(browser, size) {
    const { context, page } = await open(browser, size, KEY);
    await page.goto("/app/admin");
    await page.fill("#key-name", `browser-${size.name}`);
    await page.uncheck("#scope-emails");
    await page.uncheck("#scope-conversations");
    await page.click("#create-key-submit");
    const secret = page.locator("#key-created #new-key");
    await secret.waitFor();
    const created = await secret.inputValue();
    assert.match(created, /^ek_[0-9a-f]+_/);
    const id = created.split("_")[1];
    assert.equal((await api("GET", "/v1/agents", created)).status, 200, "the new key works");
    assert.equal((await api("POST", "/v1/emails/analyze", created, { subject: "s", body: "b" })).status, 403, "and has only its scopes");

    const row = page.locator(`#keys tr[data-key-id="${id}"]`);
    await row.waitFor();
    await row.locator("input[type=number]").fill("0");
    await row.locator("button[data-action=rotate]").click();
    const rotated = await row.locator("#new-key").inputValue();
    assert.notEqual(rotated, created);
    assert.equal((await api("GET", "/v1/agents", rotated)).status, 200, "the rotated secret works");

    await row.locator("button[data-action=revoke]").click();
    await row.locator("button[data-action=revoke]", { hasText: "Confirm" }).click();
    await page.locator(`#keys tr[data-key-id="${id}"] .chip-danger`, { hasText: "revoked" }).waitFor();
    assert.equal((await api("GET", "/v1/agents", rotated)).status, 401, "a revoked key is refused");

    await page.click("#audit-load");
    await page.locator('#audit tr[data-action="key.revoked"]').first().waitFor();
    await page.fill("#audit-filter", id);
    const actions = await page.locator("#audit tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.action));
    for (const action of ["key.created", "key.rotated", "key.revoked"]) {
      assert.ok(actions.includes(action), `${action} in ${actions}`);
    }
    await page.fill("#audit-filter", "");
    await shot(page, "admin", size);
    await clean(page);
    await context.close();
  },

  /** The board: an analysed e-mail appears as new, opens with its entities, moves by button and by drag. */
  async board(browser, size) {
    const { context, page } = await open(browser, size, KEY);
    const subject = `Board PO 4410983 ${size.name} ${Date.now()}`;
    const id = await analyseInConsole(page, { subject, body: ORDER_EMAIL, from: "maria@acme.example.com" });
    await page.click("#open-on-board");
    await page.waitForURL(/\/app\/board/);
    const card = () => page.locator(`li.email-card[data-email-id="${id}"]`);
    await page.locator(`section[data-state=new] li[data-email-id="${id}"]`).waitFor();
    const detail = page.locator("#email-detail");
    await detail.locator("mark.entity[data-type=po_number]").first().waitFor();
    assert.ok(["critical", "high", "medium", "low"].includes(await card().getAttribute("data-priority")));
    assert.match(await card().locator(".sla").innerText(), /due in|overdue/);

    await card().locator('button[data-move="in_review"]').click();
    await page.locator(`section[data-state=in_review] li[data-email-id="${id}"]`).waitFor();
    await page.locator("#board-status .notice-success").waitFor();

    if (!size.hasTouch) {
      await card().dragTo(page.locator("section[data-state=in_progress]"));
    } else {
      await card().locator("select.move").selectOption("in_progress");
    }
    await page.locator(`section[data-state=in_progress] li[data-email-id="${id}"]`).waitFor();
    const listed = await api("GET", `/v1/emails?q=${encodeURIComponent(subject)}`, KEY);
    const summary = listed.json.emails.find((e) => e.email_id === id);
    assert.equal(summary?.state, "in_progress", JSON.stringify(listed.json));
    assert.equal(summary?.version, 3, "two transitions, each one version");
    await card().locator("select.move").selectOption("completed");
    await page.locator(`section[data-state=completed] li[data-email-id="${id}"]`).waitFor();
    // A move the API refuses says what is allowed, and the card stays where it is.
    await card().locator("select.move").selectOption("new");
    assert.match(
      await page.locator("#board-status .notice-error").innerText(),
      /cannot move from Completed to New; allowed: In review/,
    );
    await page.locator(`section[data-state=completed] li[data-email-id="${id}"]`).waitFor();
    await shot(page, "board", size);
    await clean(page);
    await context.close();
  },

  /** An e-mail received long ago is overdue at once: flagged on its card and counted. */
  async overdue(browser, size) {
    const { context, page } = await open(browser, size, KEY);
    const subject = `URGENT: production outage, system down (${size.name} ${Date.now()})`;
    const id = await analyseInConsole(page, {
      subject,
      body: "Our production system is down and orders are failing. This is critical: please call me immediately.\n\nDana",
      from: "dana@example.com",
      received: "2020-01-06T08:00",
    });
    await page.click("#open-on-board");
    const card = page.locator(`li.email-card[data-email-id="${id}"]`);
    await card.waitFor();
    assert.equal(await card.getAttribute("data-overdue"), "true");
    assert.match(await card.locator(".sla-overdue").innerText(), /overdue by/);
    const overdue = await api("GET", "/v1/emails/overdue", KEY);
    assert.ok(overdue.json.emails.some((e) => e.email_id === id), "listed by GET /v1/emails/overdue");
    assert.match(await page.locator("#overdue-count").innerText(), /^[1-9]\d* overdue/);
    await page.check("#filter-overdue");
    await card.waitFor();
    assert.equal(await page.locator('li.email-card[data-overdue="false"]').count(), 0, "only overdue cards");
    await shot(page, "board-overdue", size);
    await clean(page);
    await context.close();
  },
};

mkdirSync(SHOTS, { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
let passed = 0;
let failed = 0;
try {
  for (const name of SCENARIOS) {
    const scenario = scenarios[name];
    if (!scenario) throw new Error(`no scenario '${name}'`);
    for (const size of SIZES) {
      const started = Date.now();
      try {
        await scenario(browser, size);
        passed += 1;
        console.log(`ok - ${name} @ ${size.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed += 1;
        console.log(`not ok - ${name} @ ${size.name}: ${error?.stack ?? error}`);
      }
    }
  }
} finally {
  await browser.close();
}
console.log(`screenshots: ${SHOTS}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
