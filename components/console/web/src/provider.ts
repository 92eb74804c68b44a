// Who answered: the `provider` object of every model answer, shown as a badge
// (runtime-host, another configured model, or the fallback) with the reason in words.

import { h } from "./dom";

/** The `provider` object of an answer. */
export interface Provider {
  name: string;
  model?: string;
  fallback_reason?: string | null;
  template?: string;
  attempts?: { provider: string; reason: string; error?: string; status?: number }[];
}

/** Why a fallback answered, in words (README, "The provider chain and failover"). */
export const REASONS: Record<string, string> = {
  unavailable: "the model server could not be reached",
  timeout: "the model did not answer in time",
  circuit_open: "the model failed repeatedly, so it is skipped until its cool-down ends",
  server_error: "the model server answered with an error",
  invalid_output: "the model's answer was not valid for the request",
  empty_output: "the model answered nothing",
  truncated: "the model's answer was cut off",
  overloaded: "the model server was busy",
  rejected: "the model server refused the request",
  requested: "the fallback was asked for",
};

/** Whether the answer came from the deterministic fallback rather than a model. */
export function isFallback(provider: Provider): boolean {
  return provider.name === "fallback";
}

/** The badge and a sentence saying who answered and why. */
export function providerBadge(provider: Provider | undefined | null): HTMLElement {
  if (!provider) return h("span", { class: "badge" }, "no provider");
  const fallback = isFallback(provider);
  const reason = provider.fallback_reason ?? null;
  const label = fallback ? `fallback${reason ? ` · ${reason}` : ""}` : provider.name;
  const why = fallback
    ? `Degraded answer from the fallback${provider.model ? ` (${provider.model})` : ""}: ${
        reason ? (REASONS[reason] ?? reason) : "no model answered"
      }.`
    : `Answered by ${provider.name}${provider.model ? ` (${provider.model})` : ""}${
        reason ? ` after the first provider failed: ${REASONS[reason] ?? reason}` : ""
      }.`;
  const attempts = provider.attempts?.length
    ? h(
        "details",
        { class: "attempts" },
        h("summary", null, `${provider.attempts.length} attempt(s)`),
        h(
          "ul",
          null,
          provider.attempts.map((a) =>
            h("li", null, `${a.provider}: ${a.reason}${a.error ? ` — ${a.error}` : ""}`),
          ),
        ),
      )
    : null;
  return h(
    "div",
    {
      class: `provider ${fallback ? "provider-fallback" : "provider-model"}`,
      "data-provider": provider.name,
      "data-fallback-reason": reason ?? "",
    },
    h("span", { class: `badge ${fallback ? "badge-fallback" : "badge-model"}`, title: why }, label),
    h("span", { class: "provider-why" }, why),
    attempts,
  );
}
