// Browser test of child protection, from strategy discussion to the first core group: the
// conference request first refused with the step it needs, then the steps taken in order on
// their pages, the plan shown on the child's record and the first core group's due date, and
// the team manager's tray. The core group is recorded at 390 pixels wide, as on a phone.
// Every page is scanned with axe by the shared harness (harness.mjs). Run:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/child_protection.test.mjs

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

/// Fills a meeting's place, chair and the people who took part (the date and time start as
/// now, as a newly opened form has them).
async function fillMeeting(page, people) {
  await page.fill('#place', 'Northtown police station');
  await page.fill('#chair', 'Helen Okafor');
  for (const [i, [name, agency, role]] of people.entries()) {
    await page.fill(`#attendees-${i}-name`, name);
    await page.selectOption(`#attendees-${i}-agency`, agency);
    await page.fill(`#attendees-${i}-role`, role);
  }
}

const EVERYONE = [
  ['Eliza Turner', 'local_authority', 'Social worker'],
  ['DS Mark Ellis', 'police', 'Detective sergeant'],
  ['Priya Nair', 'health', 'Health visitor'],
];

test('strategy discussion → section 47 → conference → plan → first core group, axe clean', async () => {
  let cp;
  await withSession(browser, server.baseUrl, 'child protection: the allocated worker', async (session) => {
    const { page } = session;
    await session.signIn(accounts.socialWorker);
    // The last child on the worker's caseload, with no child protection steps yet.
    const last = page.locator('table.govuk-table a.govuk-link').last();
    await session.navigate(() => last.click());
    const record = new URL(page.url()).pathname;
    assert.match(record, /^\/children\/\d+$/);
    cp = `${record}/child-protection`;
    await session.goto(cp);
    assert.match(await page.locator('main').textContent(), /No child protection enquiry or plan/);

    // The conference request explains its gate and links to the missing step.
    await session.goto(`${cp}/conference-request`);
    const refusal = page.locator('.app-refusal');
    assert.match(await refusal.textContent(), /no strategy discussion that decided to start section 47 enquiries is recorded/);
    await session.navigate(() => refusal.getByRole('link', { name: 'Record a strategy discussion' }).click());
    assert.equal(new URL(page.url()).pathname, `${cp}/strategy-discussion`);

    // Without the police and health: the summary names it and nothing is lost.
    await fillMeeting(page, EVERYONE.slice(0, 1));
    await page.fill('#information', 'Bruising reported by the school');
    await page.check('#decision');
    await page.fill('#reasons', 'An unexplained injury');
    await session.navigate(() => page.getByRole('button', { name: 'Save the strategy discussion' }).click());
    assert.equal(session.status(), 422);
    assert.match(await page.locator('.govuk-error-summary').textContent(), /needs the police and health/);
    assert.equal(await page.inputValue('#information'), 'Bruising reported by the school');
    await fillMeeting(page, EVERYONE);
    await session.navigate(() => page.getByRole('button', { name: 'Save the strategy discussion' }).click());
    assert.equal(new URL(page.url()).pathname, cp);

    // The enquiry starts from it (the discussion is chosen already, dated today).
    await session.navigate(() => page.getByRole('link', { name: 'Start a section 47 enquiry' }).click());
    await session.navigate(() => page.getByRole('button', { name: 'Start the enquiry' }).click());
    assert.match(await page.locator('main').textContent(), /Section 47 enquiry since/);

    await session.navigate(() => page.getByRole('link', { name: "Record the enquiry's outcome" }).click());
    await page.check('#outcome');
    await page.fill('#reasons', 'Non-accidental injury');
    await session.navigate(() => page.getByRole('button', { name: 'Save the outcome' }).click());

    await session.navigate(() => page.getByRole('link', { name: 'Request an initial child protection conference' }).click());
    await session.navigate(() => page.getByRole('button', { name: 'Request the conference' }).click());
    assert.match(await page.locator('main').textContent(), /Initial child protection conference requested/);

    // The conference: a plan needs its category.
    await session.navigate(() => page.getByRole('link', { name: 'Record the initial child protection conference' }).click());
    await fillMeeting(page, EVERYONE);
    await page.check('#decision');
    await page.fill('#reasons', 'Likely to suffer significant harm');
    await session.navigate(() => page.getByRole('button', { name: 'Save the conference' }).click());
    assert.equal(session.status(), 422);
    await page.locator('.govuk-error-summary a[href="#category"]').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'category');
    await page.check('#category');
    await session.navigate(() => page.getByRole('button', { name: 'Save the conference' }).click());
    const main = await page.locator('main').textContent();
    assert.match(main, /On a child protection plan since .* \(neglect\)/);
    assert.match(main, /Record a core group meeting by/);

    // The record page shows the plan too.
    await session.goto(record);
    assert.match(await page.locator('.app-child-protection').textContent(), /On a child protection plan since/);
  });

  await withSession(
    browser,
    server.baseUrl,
    'child protection: the first core group, at 390 pixels',
    async (session) => {
      const { page } = session;
      await session.signIn(accounts.socialWorker);
      await session.goto(`${cp}/core-group`);
      await fillMeeting(page, EVERYONE);
      await page.fill('#summary', 'Outline plan made detailed: nursery place, weekly health visits');
      await session.navigate(() => page.getByRole('button', { name: 'Save the core group' }).click());
      assert.equal(new URL(page.url()).pathname, cp);
      assert.match(await page.locator('main').textContent(), /Core group meeting/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    },
    PHONE,
  );

  // The team manager's tray holds the demo's children with child protection work open.
  await withSession(browser, server.baseUrl, 'child protection: the team manager', async (session) => {
    const { page } = session;
    await session.signIn(accounts.teamManager);
    const tray = page.locator('.app-work-tray');
    assert.match(await tray.textContent(), /Child protection: what is due/);
    assert.match(await tray.textContent(), /Overdue by \d+ working days/);
  });
});
