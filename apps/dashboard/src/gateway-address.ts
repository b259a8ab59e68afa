/**
 * The WebSocket endpoint next to the page: the gateway serves the dashboard at `/` and the API at
 * `/ws` on the same origin, so `./ws` relative to the page works behind a path prefix too.
 */
export function webSocketUrl(page: Location = location): string {
  const url = new URL('./ws', page.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.toString();
}
