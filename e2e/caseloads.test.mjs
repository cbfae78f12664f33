// Browser test of caseloads: the Front Door team manager sees on the home page the worker the
// demo brought to 30 weighted cases, opens their caseload (the children and the year month by
// month), the whole line from the navigation, and then allocates a waiting child to that worker:
// asked why, over the limit, and allocated once the reason is given. The worker's page is also
// read at 390 pixels wide, as on a phone. Every page is scanned with axe by the shared harness
// (harness.mjs). Run:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/caseloads.test.mjs

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

/** The demo's child recorded at the front door and left waiting (crates/journey/src/demo/allocations.rs). */
const CHILD = 'Leo Fairbairn';

test('a manager sees who is over the limit and is asked why before allocating them more; axe clean', async () => {
  let overloaded;
  await withSession(browser, server.baseUrl, 'caseloads: the team manager', async (session) => {
    const { page } = session;
    await session.signIn(accounts.teamManager);
    const listed = page.locator('.app-caseloads li', { hasText: /30 of 25 weighted cases/ });
    assert.match(await listed.textContent(), /At or over the limit/);
    const link = listed.locator('a');
    overloaded = (await link.textContent()).trim();
    await session.navigate(() => link.click());
    assert.match(page.url(), /\/caseloads\/\d+$/);
    const main = page.locator('main');
    assert.match(await main.textContent(), new RegExp(`Caseload of ${overloaded}`));
    assert.match(await main.textContent(), /Unborn baby/);
    assert.equal(await page.locator('#caseload-trend tbody tr').count(), 13);

    await session.navigate(() => page.locator('nav a:has-text("Caseloads")').click());
    assert.equal(new URL(page.url()).pathname, '/caseloads');
    const row = page.locator('#worker-caseloads tr', { hasText: overloaded });
    assert.match(await row.textContent(), /At or over the limit/);

    // Allocating Leo to them takes them further over: the form asks for the reason.
    await session.goto('/');
    await session.navigate(() => page.locator('.app-unallocated li', { hasText: CHILD }).locator('a').click());
    await session.navigate(() => page.locator('a:has-text("Allocate a worker")').click());
    await page.getByLabel(new RegExp(overloaded)).check();
    await page.check('input[name="reason"][value="FCONTA"]');
    await session.navigate(() => page.locator('button:has-text("Allocate")').click());
    assert.equal(session.status(), 422);
    assert.match(
      await page.locator('.govuk-error-summary').textContent(),
      new RegExp(`${overloaded} holds 30 weighted cases and the limit is 25`),
    );
    await page.locator('.govuk-error-summary a[href="#over_limit_reason"]').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'over_limit_reason');
    await page.fill('#over_limit_reason', 'Leo is the half-brother of a child they already hold');
    await session.navigate(() => page.locator('button:has-text("Allocate")').click());
    assert.match(page.url(), /\/allocation$/);
    assert.match(await page.locator('main').textContent(), new RegExp(overloaded));
  });

  await withSession(browser, server.baseUrl, 'caseloads: the team manager on a phone', async (session) => {
    const { page } = session;
    await session.signIn(accounts.teamManager);
    await session.goto('/caseloads');
    await session.navigate(() => page.locator('#worker-caseloads a', { hasText: overloaded }).click());
    assert.match(await page.locator('main').textContent(), /31 weighted cases/);
  }, { viewport: { width: 390, height: 844 } });
});
