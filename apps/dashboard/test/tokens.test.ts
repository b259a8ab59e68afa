import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, CHROMIUM, hasChromium, launchBrowser } from './browser.js';
import { type GatewayProcess, startGateway } from './gateway-process.js';

const TOKEN = 'viewer-token-0123456789abcdef';
const WAIT = { timeout: 20_000 };

// A gateway with tokens (so anonymous callers are refused) and one connector that needs no peer:
// a PyMoDAQ listener on a free port.
const CONFIG = `
server: { host: 127.0.0.1, port: 0 }
auth:
  tokens:
    - { name: viewer, token: ${TOKEN}, role: read }
connectors:
  listener:
    protocol: pymodaq
    options: { listen: { host: 127.0.0.1, port: 0 } }
`;

describe.skipIf(!hasChromium)(`dashboard with gateway tokens, in headless Chromium (${CHROMIUM})`, () => {
  let dir: string | undefined;
  let gateway: GatewayProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labwire-dashboard-tokens-'));
    const config = join(dir, 'gateway.yaml');
    await writeFile(config, CONFIG);
    gateway = await startGateway([config, '--no-watch']);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  async function open(path: string): Promise<Page> {
    const page = await browser!.context.newPage();
    await page.goto(`${gateway!.http}${path}`, WAIT);
    return page;
  }

  it('asks for a token when the gateway refuses the page, then connects with the one given', async () => {
    const page = await open('/');
    await page.waitForSelector('#status[data-status="refused"]', WAIT);
    expect(await page.textContent('#status')).toBe('UNAUTHORIZED');
    await page.fill('form.login input[name="token"]', TOKEN);
    await page.click('form.login button[type="submit"]');
    await page.waitForSelector('#status[data-status="open"]', WAIT);
    expect(await page.textContent('#status')).toBe('viewer · read');
    await page.waitForSelector('.chip[data-connector="listener"]', WAIT);
    // Kept for the tab: a reload connects again without asking.
    await page.reload(WAIT);
    await page.waitForSelector('#status[data-status="open"]', WAIT);
    await page.close();
  });

  it('takes the token from ?token= and removes it from the address bar', async () => {
    const page = await open(`/?token=${TOKEN}`);
    await page.waitForSelector('#status[data-status="open"]', WAIT);
    expect(page.url()).toBe(`${gateway!.http}/`);
    await page.close();
  });

  it('refuses a wrong token and asks again', async () => {
    const page = await open('/?token=not-the-right-token-0000');
    await page.waitForSelector('form.login', WAIT);
    expect(await page.getAttribute('#status', 'data-status')).toBe('refused');
    await page.close();
  });
});
