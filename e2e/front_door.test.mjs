// Browser test of the front door: a worker records a contact for a child on their caseload
// and makes it a referral; the child's team manager records the decision; the steps are on
// the child's chronology. It uses the shared harness (harness.mjs): every page visited is
// scanned with axe, and a serious or critical violation, a JavaScript error, a Content Security
// Policy violation or a dialog fails the test. Run with:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/front_door.test.mjs
//
// One demo server (fresh SQLite database, free port) serves the test; the worker and the
// manager each have their own browser context.

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

/** The record page, with or without the jump to its front-door section. */
const RECORD = /\/children\/\d+(#front-door)?$/;

test('contact → referral → decision → on the chronology, axe clean', async () => {
  let childName;
  let record;

  // The worker opens a child on their caseload and records a contact.
  await withSession(browser, server.baseUrl, 'front door: the worker', async (session) => {
    const { page } = session;
    await session.signIn(accounts.socialWorker);
    const first = page.locator('table.govuk-table a.govuk-link').first();
    childName = (await first.textContent()).trim();
    await session.navigate(() => first.click());
    assert.match(page.url(), /\/children\/\d+$/);
    record = new URL(page.url()).pathname;

    await session.navigate(() => page.locator('a:has-text("Record a contact")').click());
    assert.match(page.url(), /contacts\/new$/);
    await page.selectOption('#source', '2A');
    await page.fill('#referrer_name', 'Mrs Patel');
    await page.fill('#referrer_role', 'Designated safeguarding lead');
    await page.fill('#concerns', 'Bruise on the arm; says she fell from the climbing frame');
    await session.navigate(() => page.locator('button:has-text("Save the contact")').click());
    assert.match(page.url(), RECORD);
    assert.equal(session.status(), 200);

    // ... and makes it a referral.
    await session.navigate(() => page.locator('a:has-text("Make this contact a referral")').click());
    assert.match(page.url(), /\/referral$/);
    await page.check('input[name="primary_need"][value="N1"]');
    await session.navigate(() => page.locator('button:has-text("Accept as a referral")').click());
    assert.match(page.url(), RECORD);
    assert.equal(session.status(), 200);
    assert.match(await page.locator('#front-door').textContent(), /Awaiting the manager's decision/);
  });

  // The team manager sees it waiting and records the decision; each step is on the chronology.
  await withSession(browser, server.baseUrl, 'front door: the team manager', async (session) => {
    const { page } = session;
    await session.signIn(accounts.teamManager);
    const waiting = page.locator('.app-awaiting-decision a', { hasText: childName }).first();
    await session.navigate(() => waiting.click());
    assert.match(page.url(), /\/decision$/);
    await page.check('input[name="option"][value="strategy_discussion"]');
    await page.fill('#reasons', 'Unexplained injury to a young child: strategy discussion with police');
    await session.navigate(() => page.locator('button:has-text("Record the decision")').click());
    assert.match(page.url(), RECORD);
    assert.equal(new URL(page.url()).pathname, record);
    assert.equal(session.status(), 200);

    await session.goto(`${record}/chronology`);
    assert.equal(session.status(), 200);
    const chronology = await page.locator('main').textContent();
    assert.match(chronology, /Contact received from Mrs Patel \(Designated safeguarding lead\), Schools \(2A\)/);
    assert.match(chronology, /Referral accepted; child in need episode opened \(N1 Abuse or neglect\)/);
    assert.match(chronology, /Decision by .+: strategy discussion\. Reasons: Unexplained injury/);
  });
});
