// The API key of this tab: kept in sessionStorage (gone when the tab closes, never sent
// as a cookie), attached by api.ts as `Authorization: Bearer`.

const KEY = "edgecrew.console.key";

/** The key the user pasted, if any. */
export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

/** Remember the key for this tab. */
export function remember(key: string): void {
  sessionStorage.setItem(KEY, key);
}

/** Forget the key (log out). */
export function forget(): void {
  sessionStorage.removeItem(KEY);
}

/** A short, safe label for the key: its id (`ek_<id>_...`), never its secret. */
export function keyLabel(key: string | null): string {
  if (!key) return "";
  const parts = key.split("_");
  return parts.length >= 3 && parts[0] === "ek" ? `key ${parts[1]}` : "admin key";
}
