// Browser test at a phone's width (390 by 844 pixels): each role's everyday pages must fit the
// screen. The shared harness fails any page that scrolls sideways (and runs axe on it), so this
// file's job is to reach the pages: the home page, every child on the home page's lists, each
// record's chronology, family and note form, search results, who has viewed the record, and
// the auditor's searches, lists and refusals.
//
//   JOURNEY_BIN=target/release/journey node --test e2e/phone.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, startServer, withSession } from './harness.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The distinct record links on the current page (`/children/N`), at most `limit` of them. */
async function recordLinks(page, limit) {
  const hrefs = await page
    .locator('main a[href^="/children/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  return [...new Set(hrefs.filter((href) => /^\/children\/\d+$/.test(href)))].slice(0, limit);
}

describe('at a phone width of 390 pixels', () => {
  for (const role of ['socialWorker', 'teamManager', 'auditor']) {
    test(`the ${role}'s pages fit the screen`, async () => {
      await withSession(browser, server.baseUrl, `phone: ${role}`, async (session) => {
        const { page } = session;
        await session.signIn(server.accounts[role]);
        assert.equal(session.status(), 200);
        const records = await recordLinks(page, 3);
        if (role !== 'auditor') assert.ok(records.length > 0, 'the home page lists children');
        for (const href of records) {
          for (const path of ['', '/chronology', '/family', '/viewed-by', '/notes/new']) {
            const response = await session.goto(`${href}${path}`);
            // Pages a role may not open are refused: the refusal page must fit too.
            assert.ok([200, 403].includes(response.status()), `${href}${path}: ${response.status()}`);
          }
        }
        await session.goto('/search');
        await page.locator('#name').fill('a');
        await session.navigate(() => page.getByRole('button', { name: 'Search' }).click());
        if (role === 'auditor') {
          // Searches, lists and refusals: the list of searches just made is on it.
          const response = await session.goto('/access-records');
          assert.equal(response.status(), 200);
          assert.ok((await page.locator('main table tbody tr').count()) > 0);
        }
      }, PHONE);
    });
  }
});
