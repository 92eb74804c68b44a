// The text an analysis was made of: `GET /v1/emails/{id}/analysis` returns it as `email`
// (subject and body as posted), and the analyse page passes the e-mail it just sent.

/** What the analysis read: subject and body. */
export interface EmailText {
  subject: string;
  body: string;
}

/** The e-mail of an analysis document (`email`), when it carries one. */
export function textOf(doc?: Record<string, unknown>): EmailText | null {
  const email = doc?.email as Record<string, unknown> | undefined;
  if (email && typeof email.body === "string" && typeof email.subject === "string") {
    return { subject: email.subject, body: email.body };
  }
  return null;
}
