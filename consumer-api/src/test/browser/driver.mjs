// A headless Chromium that CommandCenterPageIT drives line by line: one JSON command per line on
// stdin, one JSON answer per line on stdout ({"id", "ok", "value"} or {"id", "ok": false, "error"}).
// It uses Debian's Chromium (PULSE_CHROMIUM, default /usr/bin/chromium) through playwright-core;
// it never downloads a browser. It records every request the page makes and every console error,
// so the test can prove the page reaches nothing but the API.
//
//   launch                   start the browser
//   newPage {width, height}  a fresh page (new profile: no storage, no cache) of that size; forgets the log
//   goto {url}               load a page (waits for the load event)
//   eval {js}                the value of a JavaScript expression in the page (awaited if a promise)
//   waitFor {js, timeoutMs}  wait until the expression is truthy; its value
//   hover {selector} | click {selector}
//   screenshot {path}        a PNG of the whole page
//   log                      {requests: [{method, url}], errors: [text]} since the page opened
//   close                    close the browser and exit

import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
];

let browser = null;
let context = null;
let page = null;
let requests = [];
let errors = [];

const commands = {
  async launch() {
    browser = await chromium.launch({
      executablePath: process.env.PULSE_CHROMIUM || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    return browser.version();
  },
  async newPage({ width = 1600, height = 1000 }) {
    if (context) await context.close();
    requests = [];
    errors = [];
    context = await browser.newContext({ viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    page = await context.newPage();
    page.on('request', (request) => requests.push({ method: request.method(), url: request.url() }));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push('console: ' + message.text());
    });
    page.on('pageerror', (error) => errors.push('page error: ' + error.message));
    return true;
  },
  async goto({ url }) {
    const response = await page.goto(url, { waitUntil: 'load' });
    return response ? response.status() : null;
  },
  async eval({ js }) {
    return page.evaluate(js);
  },
  async waitFor({ js, timeoutMs = 10_000 }) {
    const handle = await page.waitForFunction(js, undefined, { timeout: timeoutMs, polling: 100 });
    return handle.jsonValue();
  },
  async hover({ selector }) {
    await page.hover(selector);
    return true;
  },
  async click({ selector }) {
    await page.click(selector);
    return true;
  },
  async screenshot({ path }) {
    await page.screenshot({ path, fullPage: true });
    return path;
  },
  async log() {
    return { requests, errors };
  },
  async close() {
    if (browser) await browser.close();
    browser = null;
    return true;
  },
};

const answer = (message) => process.stdout.write(JSON.stringify(message) + '\n');

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    answer({ id: null, ok: false, error: 'not JSON: ' + line });
    continue;
  }
  const command = commands[request.op];
  try {
    if (!command) throw new Error('unknown op ' + request.op);
    const value = await command(request);
    answer({ id: request.id, ok: true, value: value === undefined ? null : value });
  } catch (e) {
    answer({ id: request.id, ok: false, error: String(e && e.message ? e.message : e) });
  }
  if (request.op === 'close') break;
}
if (browser) await browser.close();
process.exit(0); // stdin would keep node running
