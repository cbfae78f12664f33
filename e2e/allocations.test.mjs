// Browser test of allocations: the Front Door team manager finds a child waiting in the team's
// unallocated list on the home page, allocates a worker (after a refused empty form), ends the
// allocation and sees the child back in the list; the same pages at 390 pixels wide; a
// reviewing officer's home page lists the children they review. It uses the shared harness
// (harness.mjs): every page visited is scanned with axe, and a serious or critical violation, a
// JavaScript error, a Content Security Policy violation or a dialog fails the test. Run with:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/allocations.test.mjs

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

const WAITING = '.app-unallocated';
/** The demo's child recorded at the front door and left waiting (crates/journey/src/demo/allocations.rs). */
const CHILD = 'Leo Fairbairn';

test('allocate from the unallocated list, end it, back in the list; axe clean', async () => {
  await withSession(browser, server.baseUrl, 'allocations: the team manager', async (session) => {
    const { page } = session;
    await session.signIn(accounts.teamManager);
    const listed = page.locator(`${WAITING} li`, { hasText: CHILD });
    assert.match(await listed.textContent(), /Newly recorded\. Recorded by .+\./);
    assert.match(await listed.textContent(), /1 contact not yet made a referral/);
    await session.navigate(() => listed.locator('a').click());
    assert.match(page.url(), /\/children\/\d+\/allocation$/);
    assert.match(await page.locator('main').textContent(), /Not allocated/);

    await session.navigate(() => page.locator('a:has-text("Allocate a worker")').click());
    assert.match(page.url(), /\/allocation\/worker$/);
    // Nothing chosen: the error summary names both fields and links to them.
    await session.navigate(() => page.locator('button:has-text("Allocate")').click());
    assert.equal(session.status(), 422);
    const summary = page.locator('.govuk-error-summary');
    assert.match(await summary.textContent(), /Choose who to allocate the child to/);
    assert.match(await summary.textContent(), /Select the reason for the change/);
    await page.locator('.govuk-error-summary a[href="#worker_id"]').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'worker_id');

    await page.locator('input[name="worker_id"]').first().check();
    await page.check('input[name="reason"][value="FCONTA"]');
    await session.navigate(() => page.locator('button:has-text("Allocate")').click());
    assert.match(page.url(), /\/allocation$/);
    const main = page.locator('main');
    assert.match(await main.textContent(), /Started: First contact/);
    assert.doesNotMatch(await main.textContent(), /Not allocated/);

    await session.navigate(() => page.locator('a:has-text("End the allocation")').click());
    await page.check('input[name="reason"][value="LEFTRL"]');
    await session.navigate(() => page.locator('button:has-text("End the allocation")').click());
    assert.match(page.url(), /\/allocation$/);
    assert.match(await main.textContent(), /Ended: The social worker left the role/);

    await session.goto('/');
    const back = page.locator(`${WAITING} li`, { hasText: CHILD });
    assert.match(await back.textContent(), /The social worker left the role/);
  });
});

test('the allocation pages at 390 pixels wide, axe clean', async () => {
  await withSession(
    browser,
    server.baseUrl,
    'allocations: 390 pixels',
    async (session) => {
      const { page } = session;
      await session.signIn(accounts.teamManager);
      const listed = page.locator(`${WAITING} li a`).first();
      await session.navigate(() => listed.click());
      const overview = new URL(page.url()).pathname;
      for (const step of ['worker', 'team']) {
        await session.goto(`${overview}/${step}`);
        assert.equal(session.status(), 200, step);
        // Nothing wider than the screen: no sideways scrolling on a phone.
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= 390, `${step}: ${wide}px wide`);
      }
      await session.navigate(() => page.locator('button:has-text("Move")').click());
      assert.equal(session.status(), 422);
      assert.match(
        await page.locator('.govuk-error-summary').textContent(),
        /Choose the team whose unallocated list the child moves to/,
      );
      await session.goto(overview);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `overview: ${wide}px wide`);
    },
    { viewport: { width: 390, height: 844 } },
  );
});

test('a reviewing officer sees the children they review, axe clean', async () => {
  await withSession(browser, server.baseUrl, 'allocations: the reviewing officer', async (session) => {
    const { page } = session;
    await session.signIn(accounts.reviewingOfficer);
    const section = page.locator('.app-reviewed');
    assert.match(await section.locator('h2').textContent(), /Children you review/);
    // Reviews and conferences are not recorded yet, so no date is due.
    const first = section.locator('li').first();
    assert.match(await first.textContent(), /Reviewing since .+Next review or conference due: none recorded\./s);
    await session.navigate(() => first.locator('a').click());
    assert.match(page.url(), /\/children\/\d+$/);
    assert.equal(session.status(), 200);
  });
});
