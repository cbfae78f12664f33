// Browser tests of the people around a child: adding someone already on Journey to the
// household, recording a warning about an adult from their page, and correcting a referral
// decision. Every page visited is scanned by axe (harness.mjs): a serious or critical
// violation fails the test. Run with:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/people.test.mjs
//
// One demo server (fresh SQLite database, free port) serves the tests in this file, which run
// in order: the senior social worker holds Baby Marsh (unborn), who lives with her mother Kerry
// Marsh and her father Dean Hollis; Kerry's mother Susan Marsh is on Journey as the
// grandmother of Ellie, Kerry's first child. Baby Marsh's referral awaits the team manager's
// decision.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

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

/** Yesterday's date as the day, month and year boxes take it (a date not in the future). */
function yesterday() {
  const d = new Date(Date.now() - 24 * 60 * 60 * 1000);
  return { day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()) };
}

async function fillDate(page, field, date) {
  await page.locator(`input[name="${field}_day"]`).fill(date.day);
  await page.locator(`input[name="${field}_month"]`).fill(date.month);
  await page.locator(`input[name="${field}_year"]`).fill(date.year);
}

async function h1(page) {
  return (await page.locator('main h1').first().innerText()).trim();
}

/** Signs in and opens Baby Marsh's record from the caseload; returns the record's path. */
async function openBabyMarsh(session, username) {
  const { page } = session;
  await session.signIn(username);
  const baby = page.locator('main table a', { hasText: 'Baby Marsh' }).first();
  await session.navigate(() => baby.click());
  assert.equal(session.status(), 200);
  assert.equal(await h1(page), 'Baby Marsh');
  return new URL(page.url()).pathname;
}

describe('People around a child, in a browser', () => {
  test('a worker adds someone already on Journey to a child’s household and sees them listed', async () => {
    await withSession(browser, server.baseUrl, 'add to the household', async (session) => {
      const { page } = session;
      const record = await openBabyMarsh(session, accounts.seniorSocialWorker);

      await session.navigate(() => page.getByRole('link', { name: 'Family and household', exact: true }).first().click());
      assert.equal(new URL(page.url()).pathname, `${record}/family`);
      const livesWith = () => page.locator('h2', { hasText: 'Lives with now' }).locator('xpath=following-sibling::*[1]').innerText();
      assert.doesNotMatch(await livesWith(), /Susan Marsh/, 'Susan does not live with the baby yet');

      await session.navigate(() => page.getByRole('link', { name: 'Add someone already on Journey to the household' }).click());
      assert.equal(new URL(page.url()).pathname, `${record}/household/add`);

      // Choosing no one is a problem at the field, with the search kept.
      await page.locator('#name').fill('Susan Marsh');
      await session.navigate(() => page.getByRole('button', { name: 'Find' }).click());
      assert.equal(session.status(), 200);
      const susan = page.locator('.govuk-radios__item', { hasText: 'Susan Marsh' }).filter({ hasText: 'Born 30 September 1974; adult' });
      assert.equal(await susan.count(), 1, 'Susan Marsh is found, once, as an adult');
      await session.navigate(() => page.getByRole('button', { name: 'Add to household' }).click());
      assert.equal(session.status(), 422);
      assert.match(await page.title(), /^Error:/);
      await page.locator('.govuk-error-summary').waitFor();

      await page.locator('.govuk-radios__item', { hasText: 'Susan Marsh' }).filter({ hasText: 'Born 30 September 1974; adult' }).locator('input').check();
      await fillDate(page, 'moved_in', yesterday());
      await session.navigate(() => page.getByRole('button', { name: 'Add to household' }).click());
      assert.equal(session.status(), 200);
      assert.equal(new URL(page.url()).pathname, `${record}/family`);
      assert.match(await livesWith(), /Susan Marsh/, 'Susan is listed as living with the baby');

      // And on the record, under "Lives with".
      await session.goto(record);
      assert.match(await page.locator('main').innerText(), /Lives with:[^\n]*Susan Marsh/);
    });
  });

  test('a worker opens an adult’s page from the record and records a warning about them', async () => {
    await withSession(browser, server.baseUrl, 'warning about an adult', async (session) => {
      const { page } = session;
      const record = await openBabyMarsh(session, accounts.seniorSocialWorker);

      // "Lives with" on the record links to each adult's page.
      const livesWith = page.locator('main p', { hasText: 'Lives with:' });
      await session.navigate(() => livesWith.locator('a', { hasText: 'Dean Hollis' }).first().click());
      const adult = new URL(page.url()).pathname;
      assert.match(adult, new RegExp(`^${record}/people/\\d+$`));
      assert.equal(session.status(), 200);
      assert.equal(await h1(page), 'Dean Hollis');
      assert.equal(await page.locator('main .govuk-warning-text').count(), 0, 'no warning about Dean yet');

      await session.navigate(() => page.getByRole('link', { name: 'Add a warning about Dean Hollis' }).click());
      assert.equal(new URL(page.url()).pathname, `${adult}/warnings`);

      // Nothing filled in: each problem at its field, nothing saved.
      await session.navigate(() => page.getByRole('button', { name: 'Add warning' }).click());
      assert.equal(session.status(), 422);
      const problems = await page.locator('.govuk-error-summary a').allInnerTexts();
      assert.deepEqual(problems, [
        'Select what kind of risk this is',
        'Enter what staff need to know',
        'Enter the date the warning starts',
      ]);

      await page.getByLabel('Violence or threats towards staff').check();
      await page.locator('#text').fill('Shouted at the midwife and blocked the door: visit in pairs');
      await fillDate(page, 'from', yesterday());
      await session.navigate(() => page.getByRole('button', { name: 'Add warning' }).click());
      assert.equal(session.status(), 200);
      assert.equal(new URL(page.url()).pathname, adult);
      const warning = await page.locator('main .govuk-warning-text').innerText();
      assert.match(warning, /Violence or threats towards staff: Shouted at the midwife and blocked the door: visit in pairs/);
      assert.match(await page.locator('main').innerText(), /Recorded by /);
    });
  });

  test('a team manager corrects the decision on a referral', async () => {
    await withSession(browser, server.baseUrl, 'decision correction', async (session) => {
      const { page } = session;
      // The demo's own decided referral belongs to a worker whose account is not printed, so
      // the manager first decides Baby Marsh's waiting referral, then corrects that decision.
      await session.signIn(accounts.teamManager);
      const waiting = page.locator('.app-awaiting-decision a', { hasText: 'Baby Marsh' }).first();
      await session.navigate(() => waiting.click());
      assert.match(new URL(page.url()).pathname, /^\/children\/\d+\/referrals\/\d+\/decision$/);
      await page.check('input[name="option"][value="assessment"]');
      await page.fill('#reasons', 'Previous child adopted; an assessment before the birth');
      await session.navigate(() => page.getByRole('button', { name: 'Record the decision' }).click());
      assert.equal(session.status(), 200);

      await session.navigate(() => page.getByRole('link', { name: /^Correct the decision/ }).first().click());
      const correction = new URL(page.url()).pathname;
      assert.match(correction, /^\/children\/\d+\/referrals\/\d+\/correction$/);

      // A correction needs its reason.
      await page.check('input[name="option"][value="strategy_discussion"]');
      await page.fill('#reasons', 'New partner has a record of violence: strategy discussion with police');
      await session.navigate(() => page.getByRole('button', { name: 'Record the correction' }).click());
      assert.equal(session.status(), 422);
      await page.locator('.govuk-error-summary').waitFor();

      await page.fill('#correction_reason', 'Police check on the new partner came back after the decision');
      await session.navigate(() => page.getByRole('button', { name: 'Record the correction' }).click());
      assert.equal(session.status(), 200);
      assert.equal(new URL(page.url()).pathname, correction.replace(/\/correction$/, ''));
      const main = await page.locator('main').innerText();
      assert.match(main, /Decision corrected/);
      assert.match(main, /Version 2: corrected because Police check on the new partner came back after the decision/);
      assert.match(main, /Version 1: as first recorded/);
      assert.match(main, /Strategy discussion/);
    });
  });
});
