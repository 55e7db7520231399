// Destination and asset URLs: only absolute http(s) URLs with a host, no credentials.

export function isHttpUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.username && !url.password;
}

/** Images (logos, artwork) are loaded by every fan's browser: https only. */
export function isHttpsUrl(value: string): boolean {
  return isHttpUrl(value) && value.startsWith('https:');
}
