// Browser tests of merging two records of one child: the side-by-side comparison (at desktop
// width and at 390 pixels, a phone), a merge with a problem at its fields, and undo from the
// banner on the record merged away. Every page
// visited is scanned by axe (harness.mjs): a serious or critical violation fails the test.
// Run with:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/merges.test.mjs
//
// One demo server (fresh SQLite database). The team manager records the same child twice (the
// second time past the likely-match check), so both records are theirs; both wait unallocated
// in the team's list.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, startServer, withSession } from './harness.mjs';

let server;
let browser;
let accounts;
let kept;
let duplicate;

before(async () => {
  server = await startServer();
  accounts = server.accounts;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function h1(page) {
  return (await page.locator('main h1').first().innerText()).trim();
}

/** Records a child through the new-child form, as whoever is signed in; returns its id. */
async function recordChild(session, given, family) {
  const { page } = session;
  await session.goto('/children/new');
  await page.locator('#given_name').fill(given);
  await page.locator('#family_name').fill(family);
  const dateOfBirth = page.getByRole('group', { name: 'Date of birth', exact: true });
  await dateOfBirth.getByLabel('Day').fill('14');
  await dateOfBirth.getByLabel('Month').fill('3');
  await dateOfBirth.getByLabel('Year').fill('2019');
  await page.getByLabel('Female').check();
  await session.navigate(() => page.getByRole('button', { name: 'Record child' }).click());
  if (!/^\/children\/\d+$/.test(new URL(page.url()).pathname)) {
    // Likely matches shown first: this is deliberately a second record.
    await page.getByLabel('None of these is the child: record a new child').check();
    await session.navigate(() => page.getByRole('button', { name: 'Record child' }).click());
  }
  const path = new URL(page.url()).pathname;
  assert.match(path, /^\/children\/\d+$/);
  return path.split('/')[2];
}

describe('Merging two records, in a browser', () => {
  test('a team manager compares two records, fixes a problem, merges them and undoes it', async () => {
    await withSession(browser, server.baseUrl, 'merge and undo', async (session) => {
      const { page } = session;
      await session.signIn(accounts.teamManager);
      kept = await recordChild(session, 'Mia', 'Mergetest');
      duplicate = await recordChild(session, 'Mia', 'Mergetset');

      await session.goto(`/children/${kept}`);
      await session.navigate(() => page.getByRole('link', { name: 'Merge a duplicate record' }).click());
      assert.equal(await h1(page), "Merge a duplicate record into Mia Mergetest's");
      await page.locator('#merged').fill(duplicate);
      await session.navigate(() => page.getByRole('button', { name: 'Compare the records' }).click());
      assert.equal(new URL(page.url()).pathname, `/children/${kept}/merge/${duplicate}`);
      assert.equal(await h1(page), 'Compare the records before merging');

      // Every difference is marked in words: only the last name differs.
      const differs = page.locator('table.app-merge-comparison tbody tr', { hasText: 'Differs' });
      assert.equal(await differs.count(), 1);
      assert.match(await differs.first().innerText(), /Last name/);
      assert.match(await page.locator('main').innerText(), /These records are a likely match/);

      // Nothing chosen: the problems are listed and each is at its field.
      await session.navigate(() => page.getByRole('button', { name: 'Merge records' }).click());
      assert.equal(session.status(), 422);
      const summary = page.locator('.govuk-error-summary');
      assert.match(await summary.innerText(), /Enter why these are records of the same child/);
      await page.locator('#reason').fill('Recorded twice, the second time misspelt');
      // New children wait unallocated, so there is no allocation to choose between here (the
      // HTTP tests in crates/web/tests/it/merges.rs cover two allocated records).
      await session.navigate(() => page.getByRole('button', { name: 'Merge records' }).click());
      assert.equal(session.status(), 200);
      assert.equal(new URL(page.url()).pathname, `/children/${kept}`);
      const banner = page.locator('.govuk-notification-banner', { hasText: 'Merge can be undone' });
      assert.match(await banner.innerText(), /was merged into this one/);

      // The record merged away offers the same undo.
      await session.goto(`/children/${duplicate}`);
      const away = page.locator('.govuk-notification-banner', { hasText: 'Merge can be undone' });
      assert.match(await away.innerText(), /This record was merged into Mia Mergetest/);
      await session.navigate(() => away.getByRole('button', { name: 'Undo this merge' }).click());
      assert.equal(new URL(page.url()).pathname, `/children/${kept}`);
      assert.equal(await page.locator('.govuk-notification-banner', { hasText: 'Merge can be undone' }).count(), 0);
      assert.match(await page.locator('main').innerText(), /was undone/);
    });
  });

  test('the comparison fits a 390-pixel-wide screen', async () => {
    await withSession(
      browser,
      server.baseUrl,
      'comparison at 390 pixels',
      async (session) => {
        const { page } = session;
        await session.signIn(accounts.teamManager);
        await session.goto(`/children/${kept}/merge/${duplicate}`);
        assert.equal(session.status(), 200);
        assert.equal(await h1(page), 'Compare the records before merging');
        const table = page.locator('table.app-merge-comparison');
        await table.waitFor();
        const widths = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          table: document.querySelector('table.app-merge-comparison').getBoundingClientRect().right,
        }));
        assert.ok(widths.page <= widths.viewport, `no sideways scrolling: ${JSON.stringify(widths)}`);
        assert.ok(widths.table <= widths.viewport, `the table fits: ${JSON.stringify(widths)}`);
        assert.ok(await page.getByRole('button', { name: 'Merge records' }).isVisible());
      },
      { viewport: { width: 390, height: 844 } },
    );
  });
});
