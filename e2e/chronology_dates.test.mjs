// Browser test of the chronology's dates (issue 10, part 4): a contact typed three days after
// it was received is dated when it was received, and says when it was recorded and by whom, on
// the record page and the chronology page. It uses the shared harness (harness.mjs): every page
// visited is scanned with axe, and a serious or critical violation, a JavaScript error, a
// Content Security Policy violation or a dialog fails the test. Run with:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/chronology_dates.test.mjs

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, startServer, withSession } from './harness.mjs';

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

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** The UK date `daysAgo` days before now, as its parts and as GOV.UK writes it. */
function ukDate(daysAgo) {
  const at = new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric',
  }).formatToParts(at).map((p) => [p.type, p.value]));
  return { ...parts, words: `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year}` };
}

test('a contact typed three days late is dated when it was received, axe clean', async () => {
  const received = ukDate(3);
  const today = ukDate(0);
  await withSession(browser, server.baseUrl, 'chronology dates: the worker', async (session) => {
    const { page } = session;
    await session.signIn(server.accounts.socialWorker);
    await session.navigate(() => page.locator('table.govuk-table a.govuk-link').first().click());
    assert.match(page.url(), /\/children\/\d+$/);
    const record = new URL(page.url()).pathname;

    await session.navigate(() => page.locator('a:has-text("Record a contact")').click());
    await page.fill('input[name="received_date_day"]', received.day);
    await page.fill('input[name="received_date_month"]', received.month);
    await page.fill('input[name="received_date_year"]', received.year);
    await page.fill('input[name="received_time"]', '09:30');
    await page.selectOption('#source', '2A');
    await page.fill('#referrer_name', 'Mrs Okonjo');
    await page.fill('#referrer_role', 'Class teacher');
    await page.fill('#concerns', 'Told her teacher there was no one at home last night');
    await session.navigate(() => page.locator('button:has-text("Save the contact")').click());
    assert.equal(session.status(), 200);

    // The record page: dated when received, recorded today by the worker.
    await session.navigate(() => page.goto(new URL(record, server.baseUrl).href));
    const line = page.locator('.app-chronology__entry', { hasText: 'Contact received from Mrs Okonjo' });
    assert.match(await line.locator('.app-chronology__when').textContent(), new RegExp(`^${received.words}, 09:30$`));
    assert.match(await line.textContent(), new RegExp(`Recorded on ${today.words}, \\d\\d:\\d\\d by `));

    // The chronology page: the same, in its "Recorded" column, and found by the day it happened.
    await session.navigate(() => page.locator('a:has-text("Read the whole chronology")').click());
    const row = page.locator('tr', { hasText: 'Contact received from Mrs Okonjo' });
    assert.match(await row.textContent(), new RegExp(`${received.words}, 09:30`));
    assert.match(await row.textContent(), new RegExp(`on ${today.words}, \\d\\d:\\d\\d by `));
    const onTheDay = `${new URL(page.url()).pathname}?from_day=${received.day}&from_month=${received.month}&from_year=${received.year}&to_day=${received.day}&to_month=${received.month}&to_year=${received.year}`;
    await session.navigate(() => page.goto(new URL(onTheDay, server.baseUrl).href));
    assert.equal(await page.locator('tr', { hasText: 'Contact received from Mrs Okonjo' }).count(), 1);
  });
});
