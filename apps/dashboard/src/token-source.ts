/** Where the page keeps the bearer token: per tab, gone when the tab closes. */
const STORAGE_KEY = 'labwire.token';

/**
 * The token from `?token=` (then removed from the address bar so it is not bookmarked or shared
 * by accident), else the one this tab stored before. Undefined: try without one (a loopback
 * gateway without tokens lets anonymous callers in).
 */
export function readToken(): string | undefined {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null && fromUrl !== '') {
    storeToken(fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function storeToken(token: string | undefined): void {
  if (token === undefined || token === '') sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, token);
}
