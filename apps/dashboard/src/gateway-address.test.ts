import { describe, expect, it } from 'vitest';
import { webSocketUrl } from './gateway-address.js';

const at = (href: string) => ({ href }) as Location;

describe('webSocketUrl', () => {
  it('is /ws next to the page, ws: or wss: as the page', () => {
    expect(webSocketUrl(at('http://127.0.0.1:8420/'))).toBe('ws://127.0.0.1:8420/ws');
    expect(webSocketUrl(at('http://127.0.0.1:8420/index.html?token=x#top'))).toBe('ws://127.0.0.1:8420/ws');
    expect(webSocketUrl(at('https://lab.example/'))).toBe('wss://lab.example/ws');
  });

  it('keeps a reverse proxy path prefix', () => {
    expect(webSocketUrl(at('https://lab.example/labwire/'))).toBe('wss://lab.example/labwire/ws');
  });
});
