import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, CHROMIUM, hasChromium, launchBrowser } from './browser.js';
import { type GatewayProcess, startDemoGateway, startGateway } from './gateway-process.js';

// Screenshots go to a temporary folder, so a test run leaves the checkout as it was;
// LABWIRE_SCREENSHOTS=1 refreshes the committed ones the README shows.
const SCREENSHOTS =
  process.env.LABWIRE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../screenshots/', import.meta.url))
    : `${join(tmpdir(), 'labwire-dashboard-screenshots')}/`;
const WAIT = { timeout: 30_000 };

/** A property row of the tree, by its address. */
function row(connector: string, device: string, property: string): string {
  return `.property[data-connector="${connector}"][data-device="${device}"][data-property="${property}"]`;
}

/** How many distinct colours a drawn canvas holds (a blank or single-colour canvas has 1). */
function distinctColours(page: Page, topic: string): Promise<number> {
  return page.$eval(`.data-card[data-topic="${topic}"] canvas`, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  });
}

/** Waits for the form's acknowledgement to settle and returns it, so a failure shows its code. */
async function settledAck(page: Page, form: string, sent = 1): Promise<{ status: string; text: string }> {
  const ack = await page.waitForSelector(
    `${form} .ack[data-sent="${sent}"]:is([data-status="done"], [data-status="failed"])`,
    WAIT,
  );
  return { status: (await ack.getAttribute('data-status'))!, text: (await ack.textContent())! };
}

describe.skipIf(!hasChromium)(`dashboard in headless Chromium (${CHROMIUM}) against the demo gateway`, () => {
  let gateway: GatewayProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    gateway = await startDemoGateway();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    await page.goto(`${gateway.http}/`, WAIT);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  }, 30_000);

  it('shows every connector connected and the devices of all five protocols', async () => {
    await page.waitForSelector('#status[data-status="open"]', WAIT);
    for (const connector of ['indi', 'pymodaq', 'imb', 'ifcb', 'zeiss-ipc']) {
      await page.waitForSelector(`.chip[data-connector="${connector}"][data-connection="connected"]`, WAIT);
    }
    const devices: Array<[string, string]> = [
      ['indi', 'Labwire Camera'],
      ['indi', 'Labwire Telescope'],
      ['indi', 'Labwire Focuser'],
      ['pymodaq', 'stage'],
      ['imb', 'demo'],
      ['ifcb', '111-111-111'],
      ['zeiss-ipc', 'inspect'],
    ];
    for (const [connector, device] of devices) {
      await page.waitForSelector(
        `details.device[data-connector="${connector}"][data-device="${device}"]`,
        WAIT,
      );
    }
    // A grabber besides the stage (its name depends on which PyMoDAQ client connected first).
    await page.waitForFunction(
      () => document.querySelectorAll('details.device[data-connector="pymodaq"]').length >= 2,
      undefined,
      WAIT,
    );
    // Values from browse are there before any update: the focuser's position.
    const focus = await page.textContent(
      `${row('indi', 'Labwire Focuser', 'ABS_FOCUS_POSITION')} [data-member="FOCUS_ABSOLUTE_POSITION"] b`,
    );
    expect(focus).toMatch(/^\d+$/);
    await page.screenshot({ path: `${SCREENSHOTS}overview.png` });
  });

  it('updates a value live, with its state colour', async () => {
    const selector = row('pymodaq', 'stage', 'position');
    await page.waitForSelector(selector, WAIT);
    // Rows out of view are refreshed when they come into view, as a user would scroll to them.
    await page.locator(selector).scrollIntoViewIfNeeded();
    const before = await page.$eval(selector, (el) => ({
      text: el.querySelector('.values')!.textContent,
      updates: Number(el.getAttribute('data-updates')),
    }));
    await page.waitForFunction(
      ({ selector, before }) => {
        const el = document.querySelector(selector)!;
        return (
          Number(el.getAttribute('data-updates')) > before.updates &&
          el.querySelector('.values')!.textContent !== before.text
        );
      },
      { selector, before },
      WAIT,
    );
    const state = await page.$eval(selector, (el) => ({
      attr: el.getAttribute('data-state'),
      colour: getComputedStyle(el.querySelector('.state')!).backgroundColor,
    }));
    expect(state.attr).toBe('ok');
    expect(state.colour).toBe('rgb(63, 185, 80)');
  });

  it('sends a move from the property form and shows the acknowledgement', async () => {
    await page.click(row('pymodaq', 'stage', 'position'));
    const form = '.command-form[data-connector="pymodaq"][data-device="stage"][data-property="position"]';
    await page.waitForSelector(form, WAIT);
    await page.fill(`${form} input[name="value"]`, '3.25');
    await page.click(`${form} button[type="submit"]`);
    const ack = await settledAck(page, form);
    // move_done answers with the position reached.
    expect(ack.text).toMatch(/^done in \d+ ms/);
    expect(ack.text).toContain('"position":3.25');
    // The command's outcome is on the bus too, so the log shows it.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#log .vlist-row')].some((r) =>
          /command set done/.test(r.textContent ?? ''),
        ),
      undefined,
      WAIT,
    );
    await page.screenshot({ path: `${SCREENSHOTS}command.png` });
  });

  it('sends a PyMoDAQ grab from the arguments form and an INDI switch from its buttons', async () => {
    // Any grabber will do (names depend on which PyMoDAQ client connected first).
    const grab = await page.waitForSelector(
      '.property[data-connector="pymodaq"][data-property="grab"]',
      WAIT,
    );
    const device = (await grab.getAttribute('data-device'))!;
    await grab.click();
    const grabForm = `.command-form[data-connector="pymodaq"][data-device="${device}"][data-property="grab"]`;
    await page.waitForSelector(grabForm, WAIT);
    // A write-only property of a connector that can invoke: the form proposes invoke, with its members.
    expect(
      await page.$eval(`${grabForm} select[name="action"]`, (el) => (el as HTMLSelectElement).value),
    ).toBe('invoke');
    expect(JSON.parse(await page.inputValue(`${grabForm} textarea[name="args"]`))).toEqual({ dim: '2D' });
    await page.click(`${grabForm} button[type="submit"]`);
    const grabbed = await settledAck(page, grabForm);
    expect(grabbed.text).toMatch(/^done in \d+ ms/);
    // PyMoDAQ's Done lists the channels it sent as data events.
    expect(grabbed.text).toContain('"channels"');

    await page.click(row('indi', 'Labwire Telescope', 'TELESCOPE_PARK'));
    const parkForm =
      '.command-form[data-connector="indi"][data-device="Labwire Telescope"][data-property="TELESCOPE_PARK"]';
    await page.click(`${parkForm} button[name="UNPARK"]`);
    const unparked = await settledAck(page, parkForm);
    expect(unparked.text).toMatch(/^done in \d+ ms/);
    expect(unparked.text).toContain('"UNPARK":"On"');
  });

  it('takes an exposure with the INDI camera and draws the FITS frame it sends', async () => {
    await page.click(row('indi', 'Labwire Camera', 'CCD_EXPOSURE'));
    const form =
      '.command-form[data-connector="indi"][data-device="Labwire Camera"][data-property="CCD_EXPOSURE"]';
    await page.waitForSelector(form, WAIT);
    await page.fill(`${form} input[name="CCD_EXPOSURE_VALUE"]`, '0.2');
    // The demo's PyMoDAQ grabber bridge triggers this camera every second too; an exposure sent
    // while one runs is refused by the camera (INDI_ALERT), shown as such, and sent again.
    let ack = { status: 'none', text: '' };
    for (let sent = 1; sent <= 5 && ack.status !== 'done'; sent++) {
      await page.click(`${form} button[type="submit"]`);
      ack = await settledAck(page, form, sent);
      if (ack.status === 'failed') expect(ack.text).toContain('INDI_ALERT');
    }
    expect(ack.text).toMatch(/^done in \d+ ms/);
    const card = '.data-card[data-topic="indi/Labwire Camera/CCD1"]';
    await page.waitForSelector(`${card}[data-drawn="image"]`, WAIT);
    const size = await page.$eval(`${card} canvas`, (c) => [
      (c as HTMLCanvasElement).width,
      (c as HTMLCanvasElement).height,
    ]);
    const frame = row('indi', 'Labwire Camera', 'CCD_FRAME');
    const width = Number(await page.textContent(`${frame} [data-member="WIDTH"] b`));
    const height = Number(await page.textContent(`${frame} [data-member="HEIGHT"] b`));
    expect(size).toEqual([width, height]);
    expect(await distinctColours(page, 'indi/Labwire Camera/CCD1')).toBeGreaterThan(16);
  }, 180_000);

  it('draws PyMoDAQ 2-D frames in false colour, IFCB trigger images and an IMB spectrum plot', async () => {
    // PyMoDAQ names grabbers in connection order, so the simulator's camera may be `camera` or
    // `grabber-1` (the demo's bridge connects a grabber too): any pymodaq 2-D frame will do.
    const frame = await page.waitForSelector('.data-card[data-topic^="pymodaq/"][data-drawn="image"]', WAIT);
    const topic = (await frame.getAttribute('data-topic'))!;
    expect(await frame.$eval('.caption', (el) => el.textContent)).toMatch(/false colour · [<>]u2 \d+×\d+/);
    expect(await distinctColours(page, topic)).toBeGreaterThan(16);

    const trigger = '.data-card[data-topic="ifcb/111-111-111/triggerimage"]';
    await page.waitForSelector(`${trigger}[data-drawn="image"]`, { timeout: 30_000 });
    expect(await distinctColours(page, 'ifcb/111-111-111/triggerimage')).toBeGreaterThan(1);

    const spectrum = '.data-card[data-topic="imb/demo/spectrum"]';
    await page.waitForSelector(`${spectrum}[data-drawn="plot"]`, WAIT);
    expect(await distinctColours(page, 'imb/demo/spectrum')).toBeGreaterThan(2);
    await page.screenshot({ path: `${SCREENSHOTS}images.png` });
    // Selecting a BLOB property points at its picture.
    await page.click(row('indi', 'Labwire Camera', 'CCD1'));
    await page.waitForSelector('.data-card[data-topic="indi/Labwire Camera/CCD1"].selected', WAIT);
  });

  it('filters the tree by address or label', async () => {
    await page.fill('#filter', 'ccd_exposure');
    const visible = () =>
      page.$$eval('.property', (rows) =>
        rows.filter((r) => r.checkVisibility()).map((r) => r.getAttribute('data-property')),
      );
    expect(await visible()).toEqual(['CCD_EXPOSURE']);
    await page.fill('#filter', '');
    expect((await visible()).length).toBeGreaterThan(20);
  });

  it('lists instrument messages in a virtualised log', async () => {
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#log .vlist-row')].some((r) =>
          /imb\/demo\/temperature/.test(r.textContent ?? ''),
        ),
      undefined,
      WAIT,
    );
    const { rows, spacer, viewport } = await page.$eval('#log', (log) => ({
      rows: log.querySelectorAll('.vlist-row').length,
      spacer: (log.querySelector('.vlist-spacer') as HTMLElement).offsetHeight,
      viewport: log.clientHeight,
    }));
    // Only a screenful of rows (plus overscan) exists, however long the log.
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(Math.ceil(viewport / 20) + 16);
    expect(spacer).toBeGreaterThanOrEqual(rows * 20);
  });

  // Before the reconnect test: while the gateway is away the browser logs refused connections.
  it('ran without page errors', () => {
    expect(pageErrors).toEqual([]);
  });

  it('reconnects when the gateway comes back, and loads its state again', async () => {
    const port = new URL(gateway!.http).port;
    await gateway!.stop();
    await page.waitForSelector('#status[data-status="reconnecting"]', WAIT);
    gateway = await startGateway(['--host', '127.0.0.1', '--port', port, '--no-indiserver']);
    await page.waitForSelector('#status[data-status="open"]', { timeout: 60_000 });
    // The tree is rebuilt from the new gateway, and its simulators' updates reach it.
    for (const connector of ['indi', 'pymodaq', 'imb', 'ifcb', 'zeiss-ipc']) {
      await page.waitForSelector(`.chip[data-connector="${connector}"][data-connection="connected"]`, WAIT);
    }
    const selector = `${row('pymodaq', 'stage', 'position')} .values`;
    await page.locator(selector).scrollIntoViewIfNeeded();
    const before = await page.textContent(selector);
    await page.waitForFunction(
      ({ selector, before }) => document.querySelector(selector)?.textContent !== before,
      { selector, before },
      WAIT,
    );
  }, 120_000);
});
