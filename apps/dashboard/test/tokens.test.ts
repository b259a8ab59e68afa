import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, CHROMIUM, hasChromium, launchBrowser } from './browser.js';
import {
  type GatewayProcess,
  INDI_SIMULATOR_CLI,
  type NodeProcess,
  startGateway,
  startNode,
} from './gateway-process.js';

const TOKEN = 'viewer-token-0123456789abcdef';
const WAIT = { timeout: 30_000 };

/** A gateway with tokens (anonymous callers are refused) and an INDI connector to a simulator. */
function config(indiPort: number): string {
  return `
server: { host: 127.0.0.1, port: 0 }
auth:
  tokens:
    - { name: viewer, token: ${TOKEN}, role: read }
connectors:
  scope:
    protocol: indi
    options: { host: 127.0.0.1, port: ${indiPort} }
`;
}

describe.skipIf(!hasChromium)(`dashboard with gateway tokens, in headless Chromium (${CHROMIUM})`, () => {
  let dir: string | undefined;
  let indi: NodeProcess | undefined;
  let gateway: GatewayProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labwire-dashboard-tokens-'));
    indi = await startNode(
      INDI_SIMULATOR_CLI,
      ['--port', '0', '--width', '32', '--height', '24'],
      /127\.0\.0\.1:(\d+)/,
    );
    const file = join(dir, 'gateway.yaml');
    await writeFile(file, config(Number(indi.ready)));
    gateway = await startGateway([file, '--no-watch']);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await indi?.stop();
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
    await page.waitForSelector('.chip[data-connector="scope"][data-connection="connected"]', WAIT);
    // The read role sees live values; its forms say it cannot command instead of offering them.
    const exposure =
      '.property[data-connector="scope"][data-device="Labwire Camera"][data-property="CCD_EXPOSURE"]';
    await page.click(exposure);
    const form = '.command-form[data-connector="scope"][data-property="CCD_EXPOSURE"]';
    expect(await page.textContent(`${form} .note`)).toContain('read role');
    expect(await page.$$(`${form} button`)).toHaveLength(0);
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
