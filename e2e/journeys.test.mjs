// Journey's browser tests: real journeys through the real binary in Debian's Chromium, with
// every page visited scanned by axe-core. Run with:
//
//   JOURNEY_BIN=target/release/journey node --test e2e/
//
// One demo server (fresh SQLite database, free port) serves every test in this file; each test
// uses its own browser context, so sessions never leak between tests.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { RESULTS_DIR, launchBrowser, startServer, withSession } from './harness.mjs';

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

/** The [name, href] of every child linked from the page's main content. */
async function childLinks(page) {
  return page
    .locator('main a[href^="/children/"]')
    .evaluateAll((links) => links.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
}

/** The children in the signed-in worker's caseload (they must be on "My caseload"). */
async function caseload(session) {
  const { page } = session;
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'My caseload' }).waitFor());
  const links = (await childLinks(page)).filter(([, href]) => /^\/children\/\d+$/.test(href));
  assert.ok(links.length > 0, 'the caseload lists at least one child');
  return links;
}

async function h1(page) {
  return (await page.locator('main h1').first().textContent()).trim();
}

/** The text of the list under the "People in the child's life" heading. */
async function peopleInTheChildsLife(page) {
  return page
    .locator('h2', { hasText: "People in the child's life" })
    .locator('xpath=following-sibling::*[1]')
    .innerText();
}

function errorSummaryLinks(page) {
  return page
    .locator('.govuk-error-summary a')
    .evaluateAll((links) => links.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })));
}

describe('Journey in a browser', () => {
  test('a social worker signs in, sees their caseload and opens a child’s record', async () => {
    await withSession(browser, server.baseUrl, 'social worker opens a record', async (session) => {
      const { page } = session;
      await session.signIn(accounts.socialWorker);
      assert.equal(new URL(page.url()).pathname, '/', 'signing in lands on the caseload');
      const [[name, href]] = await caseload(session);

      await session.navigate(() => page.locator(`main a[href="${href}"]`).first().click());
      assert.equal(new URL(page.url()).pathname, href);
      assert.equal(session.status(), 200);
      assert.equal(await h1(page), name, 'the record is headed with the child’s name');
      assert.ok((await page.title()).startsWith(name), 'the page title names the child');
      await page.getByRole('heading', { level: 2, name: 'Summary', exact: true }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Chronology' }).waitFor();
      const entries = page.locator('main ol.app-chronology > li');
      assert.ok((await entries.count()) > 0, 'the chronology lists entries');

      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS_DIR, 'record.png'), fullPage: true });

      await session.navigate(() => page.getByRole('link', { name: 'Read the whole chronology' }).click());
      assert.equal(new URL(page.url()).pathname, `${href}/chronology`);
      assert.equal(session.status(), 200);
      assert.ok((await page.locator('main').innerText()).includes(name), 'the whole chronology names the child');
    });
  });

  test('a senior social worker finds Baby Marsh by search and sees Kerry Marsh in her life', async () => {
    await withSession(browser, server.baseUrl, 'senior finds Baby Marsh', async (session) => {
      const { page } = session;
      await session.signIn(accounts.seniorSocialWorker);
      const mine = await caseload(session);
      assert.ok(mine.some(([name]) => name === 'Baby Marsh'), 'Baby Marsh is in the senior’s caseload');

      await session.navigate(() => page.locator('a[href="/search"]').first().click());
      assert.equal(new URL(page.url()).pathname, '/search');
      await page.locator('#name').fill('Baby Marsh');
      await session.navigate(() => page.getByRole('button', { name: 'Search' }).click());
      assert.equal(session.status(), 200);
      const results = page.locator('main table');
      await results.waitFor();
      const found = await childLinks(page);
      const baby = found.find(([name]) => name === 'Baby Marsh');
      assert.ok(baby, `the results link to Baby Marsh's record (found: ${found.map(([n]) => n).join(', ')})`);

      await session.navigate(() => page.locator(`main a[href="${baby[1]}"]`).click());
      assert.equal(session.status(), 200);
      assert.equal(await h1(page), 'Baby Marsh');
      assert.match(await page.locator('main').innerText(), /Unborn, expected/);
      const people = await peopleInTheChildsLife(page);
      assert.match(people, /Kerry Marsh/, 'Kerry Marsh is under "People in the child\'s life"');
    });
  });

  test('recording a new child: bad input is explained at each field and kept, then the record opens', async () => {
    await withSession(browser, server.baseUrl, 'record a new child', async (session) => {
      const { page } = session;
      const nextYear = String(new Date().getFullYear() + 1);
      await session.signIn(accounts.socialWorker);
      await session.goto('/children/new');
      assert.equal(await h1(page), 'Record a new child');

      // Empty names and a date of birth in the future.
      await page.locator('#given_name').fill('   ');
      await page.locator('#family_name').fill('');
      const dateOfBirth = page.getByRole('group', { name: 'Date of birth', exact: true });
      await dateOfBirth.getByLabel('Day').fill('14');
      await dateOfBirth.getByLabel('Month').fill('3');
      await dateOfBirth.getByLabel('Year').fill(nextYear);
      await page.getByLabel('Female').check();
      await session.navigate(() => page.getByRole('button', { name: 'Record child' }).click());

      assert.equal(session.status(), 422, 'a form with problems comes back as 422');
      assert.match(await page.title(), /^Error: /, 'the title starts with "Error:"');
      const summary = page.locator('.govuk-error-summary');
      assert.match(await summary.locator('.govuk-error-summary__title').innerText(), /There is a problem/);
      const links = await errorSummaryLinks(page);
      assert.deepEqual(
        links.map((l) => l.href),
        ['#given_name', '#family_name', '#date_of_birth'],
        `the summary lists the three problems in the order of the form: ${JSON.stringify(links)}`,
      );
      assert.match(links[0].text, /first name/i);
      assert.match(links[1].text, /last name/i);
      assert.match(links[2].text, /today or in the past/i);
      // The same messages appear at the fields themselves.
      assert.match(await page.locator('#given_name-error').innerText(), /first name/i);
      assert.match(await page.locator('#family_name-error').innerText(), /last name/i);
      assert.match(await page.locator('#date_of_birth-date-error').innerText(), /today or in the past/i);
      // What was typed is kept.
      assert.equal(await dateOfBirth.getByLabel('Day').inputValue(), '14');
      assert.equal(await dateOfBirth.getByLabel('Month').inputValue(), '3');
      assert.equal(await dateOfBirth.getByLabel('Year').inputValue(), nextYear);
      assert.ok(await page.getByLabel('Female').isChecked(), 'the chosen sex is kept');

      // Each link in the summary takes the user to a field they can type into (GOV.UK Frontend's
      // error summary focuses the target; for a date it must be the first box, the day).
      const wrongTargets = [];
      for (const { href, text } of links) {
        await summary.locator(`a[href="${href}"]`).click();
        const focused = await page.evaluate(() => {
          const el = document.activeElement;
          return { tag: el.tagName.toLowerCase(), id: el.id, type: el.getAttribute('type') };
        });
        if (focused.tag !== 'input' || !focused.id.startsWith(href.slice(1))) {
          wrongTargets.push(`"${text}" (${href}) focused <${focused.tag} id="${focused.id}">, not a field's input`);
        }
      }

      // Fix the problems.
      await page.locator('#given_name').fill('Ada');
      await page.locator('#family_name').fill('Fieldtest');
      await dateOfBirth.getByLabel('Year').fill('2019');
      await session.navigate(() => page.getByRole('button', { name: 'Record child' }).click());
      assert.equal(session.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/children\/\d+$/);
      assert.equal(await h1(page), 'Ada Fieldtest');
      assert.match(await page.locator('main').innerText(), /14 March 2019/);

      // Checked last so that a wrong link target does not hide whether the rest works.
      assert.deepEqual(wrongTargets, [], 'every error summary link moves focus to its field');
    });
  });

  // The demo's printed social workers are in the front door, which screens every record that
  // is not restricted; the reviewing officer has no relationship with the front door's children.
  test('a member of staff cannot open the record of a child they have no relationship with', async () => {
    let othersChild;
    await withSession(browser, server.baseUrl, 'senior’s caseload', async (session) => {
      await session.signIn(accounts.seniorSocialWorker);
      const mine = await caseload(session);
      othersChild = mine.find(([name]) => name === 'Baby Marsh') ?? mine[0];
    });
    await withSession(browser, server.baseUrl, 'reviewing officer refused', async (session) => {
      const { page } = session;
      await session.signIn(accounts.reviewingOfficer);

      const response = await session.goto(othersChild[1]);
      assert.equal(response.status(), 403);
      assert.equal(await h1(page), 'You cannot open this record');
      assert.match(await page.title(), /You cannot open this record/);
      assert.ok(!(await page.locator('body').innerText()).includes(othersChild[0]), 'the refusal does not name the child');

      for (const suffix of ['/chronology', '/viewed-by']) {
        const refused = await session.goto(`${othersChild[1]}${suffix}`);
        assert.equal(refused.status(), 403, `${suffix} is refused too`);
      }
    });
  });

  test('a team manager sees the social worker’s earlier view under "Who has viewed this record"', async () => {
    let child;
    let workerName;
    await withSession(browser, server.baseUrl, 'social worker views a record', async (session) => {
      const { page } = session;
      await session.signIn(accounts.socialWorker);
      workerName = (await page.locator('.app-header__viewer-name').innerText()).trim();
      const mine = await caseload(session);
      child = mine[mine.length - 1];
      await session.navigate(() => page.locator(`main a[href="${child[1]}"]`).first().click());
      assert.equal(await h1(page), child[0]);
      assert.equal(
        await page.getByRole('link', { name: 'Who has viewed this record' }).count(),
        0,
        'a social worker is not offered the access log',
      );
    });
    await withSession(browser, server.baseUrl, 'team manager reads the access log', async (session) => {
      const { page } = session;
      await session.signIn(accounts.teamManager);
      await session.goto(child[1]);
      assert.equal(session.status(), 200);
      assert.equal(await h1(page), child[0]);
      await session.navigate(() => page.getByRole('link', { name: 'Who has viewed this record' }).click());
      assert.equal(new URL(page.url()).pathname, `${child[1]}/viewed-by`);
      assert.equal(await h1(page), 'Who has viewed this record');
      const rows = await page
        .locator('main table tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
      const workersView = rows.find(
        ([, who, what, why]) => who === workerName && what === 'Opened the record' && why === 'Allocated worker',
      );
      assert.ok(workersView, `the log shows ${workerName} opening the record: ${JSON.stringify(rows.slice(0, 6))}`);
      // Narrowed to what was done: the filter is in the address, and every row matches it.
      await page.locator('#kind').selectOption('viewed_record');
      await session.navigate(() => page.getByRole('button', { name: 'Apply filters' }).click());
      assert.equal(new URL(page.url()).searchParams.get('kind'), 'viewed_record');
      const whats = await page
        .locator('main table tbody td[data-label="What"]')
        .evaluateAll((tds) => tds.map((td) => td.textContent.trim()));
      assert.ok(whats.length > 0, 'the record was opened');
      assert.ok(whats.every((what) => what === 'Opened the record'), JSON.stringify(whats));
    });
  });

  test('a stored XSS attempt in a child’s name is shown as text and never runs', async () => {
    const given = '<img src=x onerror=alert(1)>';
    const family = '<script>alert(1)</script>';
    await withSession(browser, server.baseUrl, 'stored XSS', async (session) => {
      const { page } = session;
      await session.signIn(accounts.socialWorker);
      await session.goto('/children/new');
      await page.locator('#given_name').fill(given);
      await page.locator('#family_name').fill(family);
      const dateOfBirth = page.getByRole('group', { name: 'Date of birth', exact: true });
      await dateOfBirth.getByLabel('Day').fill('2');
      await dateOfBirth.getByLabel('Month').fill('2');
      await dateOfBirth.getByLabel('Year').fill('2020');
      await page.getByLabel('Not known').check();
      await session.navigate(() => page.getByRole('button', { name: 'Record child' }).click());
      assert.equal(session.status(), 200);
      const recordPath = new URL(page.url()).pathname;
      assert.match(recordPath, /^\/children\/\d+$/);

      const checkEscaped = async (where) => {
        const injected = await page.evaluate(() => ({
          images: document.querySelectorAll('img[src="x"], img[onerror]').length,
          scripts: [...document.scripts].filter((s) => s.textContent.includes('alert(1)')).length,
        }));
        assert.deepEqual(injected, { images: 0, scripts: 0 }, `no injected element on ${where}`);
        assert.ok((await page.locator('main').innerText()).includes(`${given} ${family}`), `${where} shows the name as text`);
      };

      assert.equal(await h1(page), `${given} ${family}`, 'the heading shows the name literally');
      assert.ok((await page.title()).startsWith(`${given} ${family}`), 'the title shows the name literally');
      await checkEscaped('the record');
      await session.navigate(() => page.getByRole('link', { name: 'Read the whole chronology' }).click());
      await checkEscaped('the chronology');
      // A new child waits in its team's list, on nobody's caseload: the note form names it too.
      await session.goto(`${recordPath}/notes/new`);
      await checkEscaped('the note form');
      // Give any deferred handler a moment to fire before the session checks for dialogs.
      await page.waitForTimeout(300);
      assert.deepEqual(session.problems.dialogs, [], 'no dialog opened');
    });
  });

  test('a wrong password is explained, and every role signs in to an accessible landing page', async () => {
    await withSession(browser, server.baseUrl, 'wrong password', async (session) => {
      const { page } = session;
      await session.signIn(accounts.auditor, 'not-the-password');
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'a wrong password stays on sign-in');
      assert.ok(session.status() >= 400, `a refused sign-in is not a success (${session.status()})`);
      await page.locator('.govuk-error-summary').waitFor();
      assert.equal(await page.locator('#password').inputValue(), '', 'the password is not sent back');
    });
    for (const [role, username] of Object.entries(accounts)) {
      await withSession(browser, server.baseUrl, `${role} signs in`, async (session) => {
        const { page } = session;
        await session.signIn(username);
        const landed = new URL(page.url()).pathname;
        assert.equal(session.status(), 200, `${role} lands on a page (${landed})`);
        assert.equal(landed, role === 'administrator' ? '/admin/staff' : '/', `${role}'s landing page`);
        assert.ok((await h1(page)).length > 0, `${role}'s landing page has a heading`);
      });
    }
  });

  test('signing out ends the session', async () => {
    await withSession(browser, server.baseUrl, 'sign out', async (session) => {
      const { page, context } = session;
      await session.signIn(accounts.socialWorker);
      const [[name, href]] = await caseload(session);
      await session.navigate(() => page.locator(`main a[href="${href}"]`).first().click());
      assert.equal(await h1(page), name);
      const cookiesBefore = await context.cookies();

      await session.signOut();
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'signing out lands on the sign-in page');

      // The browser's Back button must not show the record again.
      await page.goBack();
      await session.scan();
      assert.ok(!(await page.locator('body').innerText()).includes(name), 'Back does not show the record');

      await session.goto('/');
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'going to / after signing out lands on sign-in');

      // The old session cookie is dead on the server too, not just dropped by the browser.
      const cookie = cookiesBefore.map((c) => `${c.name}=${c.value}`).join('; ');
      const replay = await fetch(new URL('/', server.baseUrl), { headers: { cookie }, redirect: 'manual' });
      assert.ok([302, 303, 307].includes(replay.status), `replaying the old cookie is turned away (${replay.status})`);
      assert.match(replay.headers.get('location') ?? '', /\/sign-in/);
    });
  });
});
