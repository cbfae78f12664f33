// Shared machinery for Journey's browser tests (not a test file itself: `node --test e2e/`
// only runs files named *.test.mjs).
//
// - startServer(): runs `$JOURNEY_BIN demo` on a fresh SQLite database in a temporary folder and
//   a free loopback port, waits until it answers, and returns its base URL and the demo accounts
//   it printed (one per role).
// - launchBrowser(): Debian's Chromium (or $CHROMIUM_PATH) through playwright-core, headless.
// - newSession(): a fresh browser context and page that records every page it visits, scans
//   each one with axe-core, checks it does not scroll sideways, and collects JavaScript
//   errors, CSP violations and alert dialogs,
//   so that `withSession()` fails the test on any of them.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const DEMO_PASSWORD = 'journey-demo-2026';

export const ROLE_LABELS = {
  socialWorker: 'Social worker',
  seniorSocialWorker: 'Senior social worker',
  teamManager: 'Team manager',
  serviceManager: 'Service manager',
  reviewingOfficer: 'Independent reviewing officer / CP chair',
  businessSupport: 'Business support',
  auditor: 'Auditor',
  administrator: 'Administrator',
};

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
export const RESULTS_DIR = path.join(HERE, 'test-results');

/** axe impacts that fail a test. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

// ---------------------------------------------------------------------------------------------
// The server under test

async function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

function binaryPath() {
  const bin = process.env.JOURNEY_BIN;
  if (!bin) {
    throw new Error(
      'JOURNEY_BIN is not set: build the binary (cargo build --release -p journey) and run ' +
        'JOURNEY_BIN=target/release/journey node --test e2e/',
    );
  }
  const resolved = path.resolve(REPO, bin);
  if (!fs.existsSync(resolved)) throw new Error(`JOURNEY_BIN=${bin}: no such file (${resolved})`);
  return resolved;
}

/** Parses the account lines `journey demo` prints: `  <role label padded>   <username>`. */
export function parseAccounts(stdout) {
  const accounts = {};
  for (const line of stdout.split('\n')) {
    for (const [key, label] of Object.entries(ROLE_LABELS)) {
      const match = line.match(/^\s+(.+?)\s{2,}(\S+)\s*$/);
      if (match && match[1] === label) accounts[key] = match[2];
    }
  }
  return accounts;
}

async function waitForHttp(url, deadline, child) {
  let lastError;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
      lastError = new Error(`status ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not answer ${url} in time: ${lastError}`);
}

/**
 * Starts `journey demo` on a fresh database. Returns { baseUrl, accounts, stop() }.
 * The server's output is kept in the temp folder and printed if it fails to start.
 */
export async function startServer({ timeoutMs = 180_000, attempts = 3 } = {}) {
  const bin = binaryPath();
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-e2e-'));
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = spawn(
      bin,
      ['demo', '--database-url', `sqlite://${path.join(dir, 'journey.db')}`, '--bind', `127.0.0.1:${port}`],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, JOURNEY_LOG: process.env.JOURNEY_LOG ?? 'warn', NO_COLOR: '1' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await once(child, 'exit').catch(() => {});
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
      const deadline = Date.now() + timeoutMs;
      while (!/Sign in with any of these accounts/.test(stdout) || !/\n\s*\n\s*$/.test(stdout)) {
        if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
        if (Date.now() > deadline) throw new Error('the server did not print its accounts in time');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await waitForHttp(`${baseUrl}/sign-in`, deadline, child);
      const accounts = parseAccounts(stdout);
      const missing = Object.keys(ROLE_LABELS).filter((key) => !accounts[key]);
      if (missing.length) throw new Error(`no account printed for: ${missing.join(', ')}`);
      return { baseUrl, accounts, stop, output: () => ({ stdout, stderr }) };
    } catch (error) {
      await stop();
      lastError = new Error(
        `starting ${bin} (attempt ${attempt}) failed: ${error.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
      );
      // A port taken between choosing it and binding it is worth another try; nothing else is.
      if (!/Address already in use|AddrInUse/i.test(stderr)) break;
    }
  }
  throw lastError;
}

// ---------------------------------------------------------------------------------------------
// The browser

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  // playwright-core makes its own fresh --user-data-dir for every launch.
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

function formatViolations(url, violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    lines.push(`    on ${url}`);
    for (const node of v.nodes) {
      lines.push(`    - ${node.target.join(' ')}`);
      lines.push(`      ${node.html.replace(/\s+/g, ' ').slice(0, 300)}`);
      const summary = (node.failureSummary || '').replace(/\s+/g, ' ').trim();
      if (summary) lines.push(`      ${summary.slice(0, 400)}`);
    }
  }
  return lines.join('\n');
}

/**
 * A signed-out browser session. Every page the main frame lands on must be scanned with
 * `session.scan()` (the helpers here do it after each navigation); `withSession()` fails when a
 * page was missed, when axe found a serious or critical violation, when a page scrolled
 * sideways, when a page threw a JavaScript error or broke the Content Security Policy, or when
 * any dialog opened.
 */
export async function newSession(browser, baseUrl, name, contextOptions = {}) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
    ...contextOptions,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = { axe: [], errors: [], dialogs: [] };
  const visited = [];
  const scanned = new Set();
  let navigations = 0;
  let lastDocument;

  // A new document in the tab (not a same-page jump to a #fragment) is a page to scan.
  page.on('domcontentloaded', () => {
    navigations += 1;
    visited.push({ n: navigations, url: page.url() });
  });
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) lastDocument = response;
  });
  page.on('pageerror', (error) => problems.errors.push(`JavaScript error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Refused to (load|execute|apply)/i.test(text)) {
      problems.errors.push(`CSP violation on ${page.url()}: ${text}`);
    }
  });
  page.on('dialog', async (dialog) => {
    problems.dialogs.push(`${dialog.type()} dialog on ${page.url()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });

  const session = {
    page,
    context,
    problems,
    /** Scans the current page with axe-core (WCAG 2.x A and AA and best practices). */
    async scan() {
      await page.waitForLoadState('load');
      const n = navigations;
      if (scanned.has(n)) return;
      scanned.add(n);
      const results = await new AxeBuilder({ page }).analyze();
      const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact));
      const minor = results.violations.filter((v) => !FAILING_IMPACTS.has(v.impact));
      const url = new URL(page.url()).pathname;
      // No page may scroll sideways, at any width the test uses (a 390-pixel phone included).
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (sideways > 0) {
        const width = page.viewportSize()?.width;
        problems.errors.push(`${url} scrolls sideways by ${sideways}px at ${width}px wide`);
      }
      if (minor.length) {
        console.log(`axe (${name}): ${minor.length} minor/moderate finding(s) on ${url}:\n${formatViolations(url, minor)}`);
      }
      if (failing.length) {
        const text = formatViolations(url, failing);
        console.log(`axe (${name}): SERIOUS/CRITICAL on ${url}:\n${text}`);
        problems.axe.push(text);
      }
    },
    /** Goes to a path and scans what it lands on. Returns the response. */
    async goto(target) {
      const response = await page.goto(target);
      await session.scan();
      return response;
    },
    /** Runs an action that navigates (a click, a form submission), waits, and scans the result. */
    async navigate(action) {
      const landed = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
      await action();
      await landed;
      await page.waitForLoadState('load');
      await session.scan();
      return lastDocument;
    },
    /** The status of the document the page shows now (after any redirects). */
    status() {
      return lastDocument?.status();
    },
    async signIn(username, password = DEMO_PASSWORD) {
      await session.goto('/sign-in');
      await page.locator('#username').fill(username);
      await page.locator('#password').fill(password);
      return session.navigate(() => page.getByRole('button', { name: 'Sign in' }).click());
    },
    async signOut() {
      return session.navigate(() => page.getByRole('button', { name: 'Sign out' }).click());
    },
    /** Everything wrong with the session so far besides the test's own assertions. */
    problemReport() {
      const unscanned = visited.filter((v) => !scanned.has(v.n)).map((v) => v.url);
      const report = [];
      if (unscanned.length) report.push(`pages visited but not scanned by axe: ${unscanned.join(', ')}`);
      if (problems.axe.length) report.push(`axe found serious or critical accessibility violations:\n${problems.axe.join('\n')}`);
      if (problems.errors.length) report.push(problems.errors.join('\n'));
      if (problems.dialogs.length) report.push(`dialogs opened:\n${problems.dialogs.join('\n')}`);
      return report.join('\n\n');
    },
    async close() {
      await context.close().catch(() => {});
    },
  };
  return session;
}

/**
 * Runs `body(session)` in a fresh session. Fails when the body fails, and also when the session
 * saw a problem (an unscanned page, a serious or critical axe violation, a JavaScript error, a
 * CSP violation, a dialog); a failing body's error lists those problems too. `contextOptions` go to
 * Playwright's `browser.newContext` (for example a `timezoneId`).
 */
export async function withSession(browser, baseUrl, name, body, contextOptions = {}) {
  const session = await newSession(browser, baseUrl, name, contextOptions);
  try {
    await body(session);
  } catch (error) {
    const report = session.problemReport();
    if (report) error.message += `\n\nAlso wrong in this session (${name}):\n${report}`;
    throw error;
  } finally {
    await session.close();
  }
  const report = session.problemReport();
  if (report) throw new Error(`${name}:\n${report}`);
}
