// Browser test of the front door: a worker records a contact for a child on their caseload
// and makes it a referral; the child's team manager records the decision; the steps are on
// the child's chronology. Every page visited is scanned with axe; serious or critical
// violations fail the test.
//
// Run from the repository root after `cargo build -p journey` and `npm ci`:
//   node --test e2e/front_door.test.mjs
// JOURNEY_BIN names the binary (default target/debug/journey); CHROMIUM the browser
// (default /usr/bin/chromium).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const BIN = process.env.JOURNEY_BIN ?? 'target/debug/journey';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'journey-demo-2026';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the demo and resolves with its base URL and printed accounts (role label → username). */
function startDemo(dir, port) {
  const child = spawn(BIN, ['demo', '--database-url', `sqlite://${join(dir, 'j.db')}`, '--bind', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${out}`)), 180_000);
    child.on('exit', (code) => reject(new Error(`the demo exited (${code}):\n${out}`)));
    child.stderr.on('data', (d) => { out += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const lines = out.split('\n');
      const start = lines.findIndex((l) => l.startsWith('Sign in with any of these accounts'));
      if (start < 0) return;
      const accounts = new Map();
      for (const line of lines.slice(start + 1)) {
        const match = /^  (.+?)\s{2,}(\S+)\s*$/.exec(line);
        if (!match) break;
        accounts.set(match[1].trim(), match[2]);
      }
      // Wait for the blank line that ends the list, so no account is missed.
      if (lines.length > start + 1 + accounts.size + 1 && accounts.size > 0) {
        clearTimeout(timer);
        resolve(accounts);
      }
    });
  });
  return { child, ready };
}

async function waitForHealth(base) {
  for (let i = 0; i < 300; i++) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server never answered /healthz');
}

/** Fails on serious or critical accessibility violations on the current page. */
async function axeClean(page, what) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe violations on ${what}`,
  );
}

async function signIn(page, base, username) {
  await page.context().clearCookies();
  await page.goto(`${base}/sign-in`);
  await axeClean(page, 'sign in');
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button:has-text("Sign in")')]);
  await axeClean(page, `home of ${username}`);
}

test('contact → referral → decision → on the chronology, axe clean', { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'journey-front-door-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const demo = startDemo(dir, port);
  let browser;
  try {
    const accounts = await demo.ready;
    await waitForHealth(base);
    const worker = accounts.get('Social worker');
    const manager = accounts.get('Team manager');
    assert.ok(worker && manager, `accounts printed: ${[...accounts.keys()].join(', ')}`);

    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());

    // The worker opens a child on their caseload and records a contact.
    await signIn(page, base, worker);
    const first = page.locator('table.govuk-table a.govuk-link').first();
    const childName = (await first.textContent()).trim();
    await Promise.all([page.waitForURL(/\/children\/\d+$/), first.click()]);
    const childUrl = page.url();
    await axeClean(page, 'the record');
    await Promise.all([page.waitForURL(/contacts\/new$/), page.click('a:has-text("Record a contact")')]);
    await axeClean(page, 'the contact form');
    await page.selectOption('#source', '2A');
    await page.fill('#referrer_name', 'Mrs Patel');
    await page.fill('#referrer_role', 'Designated safeguarding lead');
    await page.fill('#concerns', 'Bruise on the arm; says she fell from the climbing frame');
    await Promise.all([page.waitForURL(/\/children\/\d+(#front-door)?$/), page.click('button:has-text("Save the contact")')]);

    // ... and makes it a referral.
    await Promise.all([page.waitForURL(/\/referral$/), page.click('a:has-text("Make this contact a referral")')]);
    await axeClean(page, 'the referral form');
    await page.check('input[name="primary_need"][value="N1"]');
    await Promise.all([page.waitForURL(/\/children\/\d+(#front-door)?$/), page.click('button:has-text("Accept as a referral")')]);
    await axeClean(page, 'the record with a referral');
    assert.match(await page.locator('#front-door').textContent(), /Awaiting the manager's decision/);

    // The team manager sees it waiting and records the decision.
    await signIn(page, base, manager);
    const waiting = page.locator('.app-awaiting-decision a', { hasText: childName }).first();
    await Promise.all([page.waitForURL(/\/decision$/), waiting.click()]);
    await axeClean(page, 'the decision form');
    await page.check('input[name="option"][value="strategy_discussion"]');
    await page.fill('#reasons', 'Unexplained injury to a young child: strategy discussion with police');
    await Promise.all([page.waitForURL(/\/children\/\d+(#front-door)?$/), page.click('button:has-text("Record the decision")')]);
    await axeClean(page, 'the record after the decision');

    // Each step is on the chronology.
    await page.goto(`${childUrl}/chronology`);
    await axeClean(page, 'the chronology');
    const chronology = await page.locator('main').textContent();
    assert.match(chronology, /Contact received from Mrs Patel \(Designated safeguarding lead\), Schools \(2A\)/);
    assert.match(chronology, /Referral accepted; child in need episode opened \(N1 Abuse or neglect\)/);
    assert.match(chronology, /Decision by .+: strategy discussion\. Reasons: Unexplained injury/);
  } finally {
    if (browser) await browser.close();
    demo.child.kill('SIGINT');
    await new Promise((r) => (demo.child.exitCode !== null ? r() : demo.child.on('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
});
