// Browser test of an assessment, from referral to the manager's authorisation: the worker
// makes a contact a referral, starts a child and family assessment from the record page,
// saves a draft and finds it restored, is told at each field what submitting still needs,
// submits it; the team manager finds it in the sign-off queue on the home page and authorises
// it. Every page is scanned with axe by the shared harness (harness.mjs). Run:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/assessments.test.mjs

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

test('referral → assessment drafted, submitted → authorised from the sign-off queue, axe clean', async () => {
  let record;
  let childName;
  await withSession(browser, server.baseUrl, 'assessment: the allocated worker', async (session) => {
    const { page } = session;
    await session.signIn(accounts.socialWorker);
    const last = page.locator('table.govuk-table a.govuk-link').last();
    childName = (await last.textContent()).trim();
    await session.navigate(() => last.click());
    record = new URL(page.url()).pathname;
    assert.match(record, /^\/children\/\d+$/);

    // No episode yet: the start page says what is missing and links to it.
    await session.goto(`${record}/assessment/start`);
    assert.match(await page.locator('main').textContent(), /has no open child in need episode/);
    await session.navigate(() => page.getByRole('button', { name: 'Record a contact and referral' }).click());
    assert.match(page.url(), /contacts\/new$/);
    await page.selectOption('#source', '2A');
    await page.fill('#referrer_name', 'Mrs Patel');
    await page.fill('#referrer_role', 'Designated safeguarding lead');
    await page.fill('#concerns', 'Often hungry and tired at school');
    await session.navigate(() => page.locator('button:has-text("Save the contact")').click());
    await session.navigate(() => page.locator('a:has-text("Make this contact a referral")').click());
    await page.check('input[name="primary_need"][value="N1"]');
    await session.navigate(() => page.locator('button:has-text("Accept as a referral")').click());

    // From the record page's panel.
    await session.navigate(() => page.locator('.app-assessments a:has-text("Start an assessment")').click());
    await page.check('input[name="kind"][value="child_and_family"]');
    const today = {
      day: await page.inputValue('#start_date'),
      month: await page.inputValue('input[name="start_date-month"]'),
      year: await page.inputValue('input[name="start_date-year"]'),
    };
    await session.navigate(() => page.getByRole('button', { name: 'Start the assessment' }).click());
    assert.equal(new URL(page.url()).pathname, `${record}/assessment/edit`);
    assert.match(await page.locator('main').textContent(), /45 working days after the referral/);

    // A draft is kept and given back.
    await page.fill('#analysis', 'Home visit done; school to be seen');
    await session.navigate(() => page.getByRole('button', { name: 'Save draft' }).click());
    assert.equal(new URL(page.url()).pathname, `${record}/assessment/edit`);
    assert.equal(await page.inputValue('#analysis'), 'Home visit done; school to be seen');

    // Submitting it incomplete names each missing part; what was typed stays.
    await session.navigate(() => page.getByRole('button', { name: 'Submit for authorisation' }).click());
    assert.equal(session.status(), 422);
    const summary = await page.locator('.govuk-error-summary').textContent();
    assert.match(summary, /Enter the date the child was seen/);
    assert.match(summary, /Choose the factors identified/);
    assert.equal(await page.inputValue('#analysis'), 'Home visit done; school to be seen');
    await page.fill('#seen_date', today.day);
    await page.fill('input[name="seen_date-month"]', today.month);
    await page.fill('input[name="seen_date-year"]', today.year);
    await page.check('input[name="seen_alone"][value="yes"]');
    await page.check('#factor-16A');
    await page.fill('#wishes_and_feelings', 'Wants to stay at home with mum');
    await page.check('input[name="outcome"][value="child_in_need_plan"]');
    await session.navigate(() => page.getByRole('button', { name: 'Submit for authorisation' }).click());
    assert.equal(new URL(page.url()).pathname, `${record}/assessment`);
    assert.match(await page.locator('main').textContent(), /Waiting for authorisation/);
  });

  await withSession(browser, server.baseUrl, 'assessment: the team manager', async (session) => {
    const { page } = session;
    await session.signIn(accounts.teamManager);
    const queue = page.locator('.app-sign-off');
    assert.match(await queue.textContent(), /Waiting for your sign-off/);
    await session.navigate(() => queue.locator(`a:has-text("${childName}")`).click());
    assert.equal(new URL(page.url()).pathname, `${record}/assessment/authorise`);
    await session.navigate(() => page.getByRole('button', { name: 'Authorise the assessment' }).click());
    assert.equal(new URL(page.url()).pathname, `${record}/assessment`);
    assert.match(await page.locator('main').textContent(), /Authorised \(completed\)/);
  });
});
