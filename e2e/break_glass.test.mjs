// Browser test of break-glass: a reviewing officer with no relationship to a child is refused
// the record, is offered to give a reason, gets the reason wrong and then right, and opens the
// record with the reason shown; the child's team manager finds it for their attention on their
// home page, reads the review and marks it reviewed. The worker's steps run at 390 pixels
// wide, as on a phone. Every page is scanned with axe by the shared harness (harness.mjs). Run:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/break_glass.test.mjs

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, startServer, withSession } from './harness.mjs';

let server;
let browser;
let accounts;

before(async () => {
  server = await startServer();
  accounts = server.accounts;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const PHONE = { viewport: { width: 390, height: 844 } };
const REASON = 'Chairing the sibling’s conference tomorrow; I need the current safety plan';

test('refused → reason → record opened → reviewed by the team manager, axe clean', async () => {
  let record;

  // A child on the front door's caseload (the demo's first social worker's first child).
  await withSession(browser, server.baseUrl, 'break-glass: the allocated worker', async (session) => {
    const { page } = session;
    await session.signIn(accounts.socialWorker);
    const first = page.locator('table.govuk-table a.govuk-link').first();
    await session.navigate(() => first.click());
    record = new URL(page.url()).pathname;
    assert.match(record, /^\/children\/\d+$/);
  });

  await withSession(
    browser,
    server.baseUrl,
    'break-glass: the reviewing officer, at 390 pixels',
    async (session) => {
      const { page } = session;
      await session.signIn(accounts.reviewingOfficer);
      await session.goto(record);
      assert.equal(session.status(), 403);
      assert.match(await page.locator('h1').textContent(), /You cannot open this record/);
      await session.navigate(() => page.getByRole('link', { name: 'Give a reason to open this record' }).click());
      assert.equal(new URL(page.url()).pathname, `${record}/break-glass`);

      // No reason: the error summary and the message at the field.
      await session.navigate(() => page.getByRole('button', { name: 'Open the record' }).click());
      assert.equal(session.status(), 422);
      assert.match(await page.locator('.govuk-error-summary').textContent(), /Enter why you need to open this record/);
      await page.locator('.govuk-error-summary a[href="#reason"]').click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'reason');

      await page.fill('#reason', REASON);
      await session.navigate(() => page.getByRole('button', { name: 'Open the record' }).click());
      assert.equal(new URL(page.url()).pathname, record);
      assert.equal(session.status(), 200);
      assert.match(await page.locator('.app-access-reason').textContent(), /Chairing the sibling’s conference/);
      // Nothing sideways at phone width.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the record page scrolls sideways by ${overflow}px`);
    },
    PHONE,
  );

  // The child's team manager (the front door's) has it for their attention, and reviews it.
  await withSession(browser, server.baseUrl, 'break-glass: the child\'s team manager', async (session) => {
    const { page } = session;
    await session.signIn(accounts.teamManager);
    const attention = page.locator('.app-attention');
    assert.match(await attention.textContent(), /without a working relationship/);
    const item = attention.locator('a.govuk-link', { hasText: `Journey ID ${record.split('/').pop()}` });
    await session.navigate(() => item.click());
    assert.match(page.url(), /\/break-glass\/\d+$/);
    assert.match(await page.locator('.govuk-summary-list').textContent(), /Chairing the sibling’s conference/);
    await session.navigate(() => page.getByRole('button', { name: 'Mark as reviewed' }).click());
    assert.equal(new URL(page.url()).pathname, '/');
    const left = await page.locator('.app-attention').count();
    if (left) {
      assert.doesNotMatch(await page.locator('.app-attention').textContent(), new RegExp(`Journey ID ${record.split('/').pop()}\\b`));
    }
  });
});
