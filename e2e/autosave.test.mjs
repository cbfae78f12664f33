// Browser test of the case-note autosave script (crates/web/static/case_notes.js): a worker's
// typing reaches the server as a draft while they type, is there when the page is reloaded and
// after signing in again in a new browser, and typing done while signed out is kept in the tab
// and saved once the worker has signed in again; the script gives the time saved on UK clocks,
// as the server does, whatever the browser's own time zone; and typing is saved when the tab is
// closed before the typing-stopped save has run, by the `pagehide` save on its own too. Every
// page visited is scanned with axe.
//
//   JOURNEY_BIN=target/release/journey node --test e2e/autosave.test.mjs

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

/** The record links of the signed-in worker's caseload, on the home page. */
async function caseloadHrefs(page) {
  await page.getByRole('heading', { level: 1, name: 'My caseload' }).waitFor();
  const hrefs = await page
    .locator('main a[href^="/children/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const records = [...new Set(hrefs.filter((href) => /^\/children\/\d+$/.test(href)))];
  assert.ok(records.length >= 2, 'the caseload lists at least two children');
  return records;
}

/** Opens the child's record and follows its link to the new note form. */
async function openNoteForm(session, href) {
  const { page } = session;
  await session.goto(href);
  await session.navigate(() => page.getByRole('link', { name: 'Write a case note or visit record' }).click());
  assert.equal(new URL(page.url()).pathname, `${href}/notes/new`);
  assert.equal(session.status(), 200);
}

/** Types into "What happened" as a person would (key by key, so the script sees input events). */
async function type(page, text) {
  const box = page.locator('#text');
  await box.fill('');
  await box.pressSequentially(text, { delay: 5 });
}

/** Waits for the script to say the draft is saved (its own words, not the server-rendered line). */
async function waitForSaved(page) {
  await page.waitForFunction(
    () => /^Draft saved at \d\d:\d\d\.$/.test(document.getElementById('draft-status')?.textContent ?? ''),
    null,
    { timeout: 15_000 },
  );
}

function keptInTab(page, href) {
  return page.evaluate((key) => sessionStorage.getItem(key), `journey-draft:/api${href}/notes/draft`);
}

/** The draft the server holds for the context's signed-in worker and this child (JSON API). */
async function serverDraft(context, href) {
  const response = await context.request.get(`${server.baseUrl}/api${href}/notes/draft`);
  assert.equal(response.status(), 200, 'the draft API answers');
  return (await response.json()).draft;
}

/** Polls the server until it holds a draft with this text, or gives up after `ms`. */
async function waitForServerDraft(context, href, text, ms = 15_000) {
  let draft;
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    draft = await serverDraft(context, href);
    if (draft?.draft.text === text) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return draft?.draft.text;
}

describe('the case note form', () => {
  test('a new note starts now, asks the visit questions only for a visit, and finalising confirms it', async () => {
    await withSession(browser, server.baseUrl, 'the note form', async (session) => {
      const { page } = session;
      await session.signIn(accounts.socialWorker);
      const [href] = await caseloadHrefs(page);
      await openNoteForm(session, href);

      // Dated today on the clocks in England (the server's today, as the browser sees it there).
      const today = new Date().toLocaleDateString('en-GB', { timeZone: 'Europe/London' }).split('/');
      assert.equal(await page.locator('#occurred_on').inputValue(), String(Number(today[0])));
      assert.match(await page.locator('#occurred_time').inputValue(), /^\d\d:\d\d$/);

      const seen = page.getByRole('group', { name: 'Was the child seen?' });
      assert.equal(await seen.isVisible(), false, 'not asked before a kind is chosen');
      await page.getByLabel('Phone call').check();
      assert.equal(await seen.isVisible(), false, 'not asked for a phone call');
      await page.getByLabel('Home visit').check();
      assert.equal(await seen.isVisible(), true, 'asked for a home visit');
      await seen.getByLabel('Yes').check();
      await page.getByRole('group', { name: 'Was the child seen alone?' }).getByLabel('Yes').check();
      await page.getByRole('group', { name: /bedroom seen/ }).getByLabel('No').check();
      const text = `Form check ${Date.now()}: Ava showed me the garden.`;
      await page.locator('#text').fill(text);

      await session.navigate(() => page.getByRole('button', { name: 'Finalise note' }).click());
      assert.equal(session.status(), 200);
      await page.getByRole('heading', { name: 'Your note is finalised' }).waitFor();
      assert.ok((await page.locator('main').textContent()).includes(text), 'the page shows what was saved');
    });
  });
});

describe('the case note autosave', () => {
  test('typing is saved while the worker types and is there after a reload and a new sign-in', async () => {
    const typed = `Home visit autosave check ${Date.now()}: Ava showed me her drawings.`;
    let href;
    await withSession(browser, server.baseUrl, 'autosave while typing', async (session) => {
      const { page } = session;
      await session.signIn(accounts.socialWorker);
      [href] = await caseloadHrefs(page);
      await openNoteForm(session, href);

      const saved = page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api${href}/notes/draft`,
      );
      await type(page, typed);
      const response = await saved;
      assert.equal(response.status(), 200, 'the server accepted the draft');
      await waitForSaved(page);
      const status = await page.locator('#draft-status').textContent();
      const [, scriptTime] = status.match(/^Draft saved at (\d\d:\d\d)\.$/);
      // Once saved, the tab's own copy is dropped: the server holds the draft.
      assert.equal(await keptInTab(page, href), null);

      await session.navigate(() => page.reload());
      assert.equal(session.status(), 200);
      assert.equal(await page.locator('#text').inputValue(), typed, 'the draft is in the form after a reload');
      const rendered = await page.locator('#draft-status').textContent();
      assert.match(rendered, /^Draft saved \d/);
      // The script and the server both give the time on UK clocks, though this browser is set to
      // New York time.
      assert.ok(rendered.endsWith(`, ${scriptTime}.`), `"${status}" and "${rendered}" give the same time`);
    }, { timezoneId: 'America/New_York' });

    // A new browser (no cookies, no tab storage) and a new sign-in: the draft is on the server.
    await withSession(browser, server.baseUrl, 'autosave after signing in again', async (session) => {
      const { page } = session;
      await session.signIn(accounts.socialWorker);
      await openNoteForm(session, href);
      assert.equal(await page.locator('#text').inputValue(), typed, 'the draft is there after signing in again');
      assert.equal(await keptInTab(page, href), null, 'it came from the server, not from the tab');

      // Leave the demo as it was: discard the draft, and the next form starts empty.
      await session.navigate(() => page.getByRole('button', { name: 'Discard draft' }).click());
      assert.equal(new URL(page.url()).pathname, href);
      await openNoteForm(session, href);
      assert.equal(await page.locator('#text').inputValue(), '');
    });
  });

  test('typing done while signed out is kept in the tab and saved after signing in again', async () => {
    const before = `Phone call autosave check ${Date.now()}.`;
    const after = `${before} Typed after the session had ended.`;
    await withSession(browser, server.baseUrl, 'autosave across a lost session', async (session) => {
      const { page, context } = session;
      await session.signIn(accounts.socialWorker);
      const [, href] = await caseloadHrefs(page);
      await openNoteForm(session, href);
      await type(page, before);
      await waitForSaved(page);

      // The session ends (as after the idle timeout): the next autosave is refused.
      await context.clearCookies();
      const refused = page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api${href}/notes/draft`,
      );
      await page.locator('#text').pressSequentially(' Typed after the session had ended.', { delay: 5 });
      assert.equal((await refused).status(), 401);
      await page.getByText('You have been signed out, so your latest typing is not saved yet').waitFor();
      assert.equal(JSON.parse(await keptInTab(page, href)).text, after, 'the latest typing is kept in the tab');

      // Signing in again in the same tab and coming back to the note puts it back and saves it.
      await session.signIn(accounts.socialWorker);
      const resaved = page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api${href}/notes/draft`,
      );
      await openNoteForm(session, href);
      assert.equal((await resaved).status(), 200);
      await waitForSaved(page);
      assert.equal(await page.locator('#text').inputValue(), after);
      assert.equal(await keptInTab(page, href), null);

      // The server has it: a fresh read of the form shows it without the tab's help.
      await session.navigate(() => page.reload());
      assert.equal(await page.locator('#text').inputValue(), after);
      await session.navigate(() => page.getByRole('button', { name: 'Discard draft' }).click());
    });
  });

  // "Drafts survive closed tabs": besides the save a second after typing stops, the script
  // posts the draft with `keepalive` when the page is hidden (`visibilitychange`) and when it
  // goes away (`pagehide`). Closing a tab in Chromium fires both, so the first test passes on
  // either. The second stops `visibilitychange` events before they reach the script (a listener
  // on window, in the capture phase), so it passes only if the `pagehide` save works on its own,
  // as it must in browsers that do not fire `visibilitychange` when a tab closes.
  for (const { name, muteVisibilityChange } of [
    { name: 'typing is saved when the tab is closed straight after', muteVisibilityChange: false },
    { name: 'the pagehide save alone saves typing when the tab is closed', muteVisibilityChange: true },
  ]) {
    test(name, async () => {
      const typed = `Closed tab autosave check ${Date.now()}: Ava was at her nan's.`;
      let href;
      await withSession(browser, server.baseUrl, name, async (session) => {
        const { page, context } = session;
        await session.signIn(accounts.socialWorker);
        href = (await caseloadHrefs(page)).at(-1);

        // The page's clock is Playwright's, stopped once the form has loaded: the timer that
        // saves a second after typing stops never fires, however slow the machine, so no save
        // but the ones made on leaving the page can reach the server.
        await page.clock.install();
        await openNoteForm(session, href);
        await page.clock.pauseAt(Date.now() + 60_000);
        if (muteVisibilityChange) {
          await page.evaluate(() =>
            window.addEventListener('visibilitychange', (event) => event.stopImmediatePropagation(), true),
          );
        }

        await type(page, typed);
        assert.equal(await page.locator('#text').inputValue(), typed);
        assert.notEqual((await serverDraft(context, href))?.draft.text, typed, 'nothing was saved before the close');

        // Closing with the unload handlers run, as a person closing the tab; then the keepalive
        // request, which outlives the page, is given time to land.
        const closed = new Promise((resolve) => page.once('close', resolve));
        await page.close({ runBeforeUnload: true });
        await closed;
        assert.equal(await waitForServerDraft(context, href, typed), typed, 'the closing save reached the server');
      });

      // A new browser (no cookies, no tab storage) and a new sign-in: the note form has it.
      await withSession(browser, server.baseUrl, `${name}: back to the note`, async (session) => {
        const { page } = session;
        await session.signIn(accounts.socialWorker);
        await openNoteForm(session, href);
        assert.equal(await page.locator('#text').inputValue(), typed, 'the draft is in the form');
        assert.equal(await keptInTab(page, href), null, 'it came from the server, not from the tab');
        await session.navigate(() => page.getByRole('button', { name: 'Discard draft' }).click());
      });
    });
  }
});
