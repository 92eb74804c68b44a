// Entities highlighted in an e-mail's text. Spans are byte offsets into the UTF-8 text
// the analysis read (`subject + "\n\n" + body`), so they are applied to its bytes.

/** An entity of an analysis (API.md, Types). */
export interface Entity {
  type: string;
  value: string;
  normalized?: unknown;
  span: [number, number];
  confidence?: number;
  method?: string;
}

/** A piece of the text: plain, or an entity's text. */
export interface Segment {
  text: string;
  entity?: Entity;
}

/** The text cut into plain and entity pieces; overlapping or out-of-range spans are skipped. */
export function segments(text: string, entities: Entity[]): Segment[] {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const sorted = entities
    .filter((e) => Array.isArray(e.span) && e.span[0] < e.span[1] && e.span[1] <= bytes.length)
    .sort((a, b) => a.span[0] - b.span[0] || b.span[1] - a.span[1]);
  const out: Segment[] = [];
  let at = 0;
  for (const entity of sorted) {
    const [start, end] = entity.span;
    if (start < at) continue;
    if (start > at) out.push({ text: decoder.decode(bytes.subarray(at, start)) });
    out.push({ text: decoder.decode(bytes.subarray(start, end)), entity });
    at = end;
  }
  if (at < bytes.length) out.push({ text: decoder.decode(bytes.subarray(at)) });
  return out;
}

/** The text an analysis of `subject` and `body` read. */
export function analysedText(subject: string, body: string): string {
  return `${subject}\n\n${body}`;
}
