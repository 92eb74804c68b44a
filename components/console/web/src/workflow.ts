// The e-mail workflow as the board shows it: states in order, priorities and their SLA,
// and the countdown to `due_at`.

/** The workflow states, in the order work moves through them. */
export const STATES = ["new", "in_review", "in_progress", "pending_external", "completed"] as const;
/** A workflow state. */
export type State = (typeof STATES)[number];

/** Column titles. */
export const STATE_LABELS: Record<State, string> = {
  new: "New",
  in_review: "In review",
  in_progress: "In progress",
  pending_external: "Pending external",
  completed: "Completed",
};

/** Priority levels, most urgent first, with their SLA in hours (API.md). */
export const PRIORITIES: [string, number][] = [
  ["critical", 4],
  ["high", 24],
  ["medium", 72],
  ["low", 168],
];

/** The categories of API.md. */
export const CATEGORIES = [
  "order_management",
  "shipping_logistics",
  "quote_processing",
  "customer_support",
  "deal_registration",
  "approval_workflow",
  "renewal_processing",
  "vendor_management",
  "general",
];

/** A board card: the workflow API's e-mail summary. */
export interface Summary {
  email_id: string;
  subject: string;
  from?: string | null;
  received_at?: string | null;
  category: string;
  priority: string;
  state: State;
  version: number;
  due_at?: string | null;
  overdue?: boolean;
}

/** The state after `state` in the usual flow, if any. */
export function nextState(state: State): State | null {
  const i = STATES.indexOf(state);
  return i >= 0 && i < STATES.length - 1 ? STATES[i + 1] : null;
}

/** The state a card's back button moves to: the one before `state` in the usual flow, but
 * review for a completed e-mail (the one move the workflow allows from there). */
export function previousState(state: State): State | null {
  if (state === "completed") return "in_review";
  const i = STATES.indexOf(state);
  return i > 0 ? STATES[i - 1] : null;
}

/** `1d 3h`, `2h 05m`, `4m`: a duration in milliseconds, coarse to fine. */
export function duration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(mins).padStart(2, "0")}m`;
  return `${mins}m`;
}

/** The SLA countdown of a card: its words and how urgent it is. */
export function countdown(
  card: Pick<Summary, "due_at" | "overdue" | "state">,
  now: number,
): { text: string; level: "overdue" | "soon" | "ok" | "done" | "none" } {
  if (card.state === "completed") return { text: "completed", level: "done" };
  if (!card.due_at) return { text: "no SLA", level: "none" };
  const due = new Date(card.due_at).getTime();
  if (Number.isNaN(due)) return { text: "no SLA", level: "none" };
  const left = due - now;
  if (card.overdue || left <= 0) return { text: `overdue by ${duration(left)}`, level: "overdue" };
  return { text: `due in ${duration(left)}`, level: left < 3_600_000 ? "soon" : "ok" };
}
