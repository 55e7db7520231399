// Destination and asset URLs: only absolute http(s) URLs with a host, no credentials, kept in their
// normalised form (`new URL().href`: punycode host, percent-encoded path and query), which is plain
// ASCII and so always a valid `Location` header value. Raw line breaks and control characters are
// refused rather than silently dropped by the URL parser (which would change where the link goes).

export type CheckedUrl = { readonly ok: true; readonly href: string } | { readonly ok: false; readonly problem: string };

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function checkHttpUrl(value: string): CheckedUrl {
  const refuse = (problem: string): CheckedUrl => ({ ok: false, problem });
  if (RAW_CONTROL.test(value)) return refuse('contains a line break or a control character');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('is not http(s)');
  if (url.hostname === '') return refuse('has no host');
  if (url.username || url.password) return refuse('holds a user name or password');
  return { ok: true, href: url.href };
}

/** The normalised form of an http(s) URL, or null when it is not one that can be stored or redirected to. */
export function normalisedHttpUrl(value: string): string | null {
  const checked = checkHttpUrl(value);
  return checked.ok ? checked.href : null;
}

export function isHttpUrl(value: string): boolean {
  return checkHttpUrl(value).ok;
}

/** Images (logos, artwork) are loaded by every fan's browser: https only. */
export function isHttpsUrl(value: string): boolean {
  return normalisedHttpUrl(value)?.startsWith('https:') ?? false;
}
