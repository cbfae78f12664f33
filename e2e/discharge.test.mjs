// Browser test of a baby's discharge plan: the worker writes the plan for the demo's unborn
// baby (the empty form first refused at its fields), the record warns it is unsigned, and the
// team manager finds it in the babies' queue on the home page and signs it off. Every page is
// scanned with axe by the shared harness (harness.mjs). Run:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/discharge.test.mjs

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

test('the worker writes the discharge plan and the team manager signs it off, axe clean', async () => {
  let record;
  await withSession(browser, server.baseUrl, 'discharge: the allocated worker', async (session) => {
    const { page } = session;
    await session.signIn(accounts.socialWorker);
    // The demo's unborn baby at 26 weeks, on the worker's caseload.
    const baby = page.locator('table.govuk-table a.govuk-link', { hasText: 'Baby Hughes' });
    await session.navigate(() => baby.click());
    record = new URL(page.url()).pathname;
    assert.match(await page.locator('.app-babies').textContent(), /Ask for the pre-birth conference by/);
    await session.goto(`${record}/discharge`);
    await session.navigate(() => page.getByRole('link', { name: 'Write the discharge plan' }).click());

    // Nothing chosen or written: refused at the fields, the date kept.
    await session.navigate(() => page.getByRole('button', { name: 'Save the plan for sign-off' }).click());
    assert.equal(session.status(), 422);
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Choose where the baby will go/);
    await page.check('#destination');
    await page.fill('#going_with', 'Mother, in a parent and baby foster placement');
    await page.fill('#arrangements', 'Foster carer collects mother and baby from the ward');
    await page.fill('#support', 'Health visitor weekly; family support worker');
    await page.fill('#contingency', 'The baby stays with the foster carer if mother leaves');
    await session.navigate(() => page.getByRole('button', { name: 'Save the plan for sign-off' }).click());
    assert.equal(new URL(page.url()).pathname, `${record}/discharge`);
    assert.match(await page.locator('main').textContent(), /The discharge plan is not signed off by a team manager/);
  });

  await withSession(browser, server.baseUrl, 'discharge: the team manager signs off', async (session) => {
    const { page } = session;
    await session.signIn(accounts.teamManager);
    const queue = page.locator('section[aria-labelledby="babies-tray-heading"]');
    assert.match(await queue.textContent(), /Discharge plan not signed off/);
    const child = record.split('/').pop();
    await session.navigate(() => queue.locator(`a[href="/children/${child}/discharge/sign-off"]`).click());
    assert.match(await page.locator('main').textContent(), /Foster carer collects mother and baby from the ward/);
    await session.navigate(() => page.getByRole('button', { name: 'Sign off the plan' }).click());
    assert.equal(new URL(page.url()).pathname, `${record}/discharge`);
    const main = await page.locator('main').textContent();
    assert.doesNotMatch(main, /is not signed off by a team manager/);
    assert.doesNotMatch(main, /Not signed off/);
  });
});
