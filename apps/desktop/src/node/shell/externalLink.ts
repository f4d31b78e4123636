/**
 * Which links main hands to the operating system (`shell.openExternal`). Only http and
 * https leave the app: `file:`, `javascript:`, custom schemes (which start other
 * programs) and anything unparsable are refused. A link with a user name or password
 * in it (`https://bank.example@evil.example/`) is refused too, because what it shows
 * is not where it goes. The renderer is not trusted to have checked any of this.
 */

/** Longest link main will open; longer ones are not links people click. */
export const MAX_EXTERNAL_URL_CHARS = 2048;

/** The normalized href to open, or null when the link must not leave the app. */
export function externalLink(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL_CHARS) return null;
  // Control characters and spaces never belong in a link; the URL parser would drop some silently.
  for (const ch of raw) {
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f) return null;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  if (!url.hostname) return null;
  return url.href;
}
