// What changes on a page without a reload, in a real browser: a private message raises the
// recipient's badge in their open tab, and a posts export shows its progress bar on every page
// until it ends, when the mail with posts.json arrives. The pages poll /notifications every 10
// seconds on a clock the test moves, so nothing waits on the wall clock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { World, kStepTimeoutMs, mailPart, post, register, screenshot, signIn } from './harness.mjs';

const kPollMs = 10 * 1000;

const world = new World({ holdExports: true });

// Resolves once the page's script has applied `n` answers of /notifications.
function polled(page, n) {
  return page.locator(`html[data-notifications-polls="${n}"]`).waitFor({ state: 'attached' });
}
before(async () => world.start(), { timeout: 60000 });
after(async () => world.stop(), { timeout: 30000 });

test('a message sent in one browser raises the badge in the other without a reload', { timeout: 120000 }, async () => {
  const john = await world.newPage();
  await register(john, 'john');
  await signIn(john, 'john');
  const susan = await world.newPage();
  await register(susan, 'susan');
  await signIn(susan, 'susan');

  await john.clock.install();
  await john.goto('/explore');
  await polled(john, 1);  // the first answer, at load
  const badge = john.locator('#message_count');
  assert.equal(await badge.isVisible(), false);
  let loads = 0;
  john.on('load', () => { loads += 1; });

  await susan.goto('/user/john');
  await Promise.all([susan.waitForURL('**/send_message/john'), susan.getByRole('link', { name: /private message/i }).click()]);
  await susan.fill('textarea[name="message"]', 'Lunch on Friday?');
  await screenshot(susan, 'susan-writes-to-john');
  await Promise.all([susan.waitForURL('**/user/john'), susan.click('main form [type="submit"]')]);

  // John's tab asks again on its next tick and shows the count; the page was not reloaded.
  await john.clock.runFor(kPollMs);
  await polled(john, 2);
  await badge.waitFor({ state: 'visible', timeout: kStepTimeoutMs });
  assert.equal((await badge.locator('.js-message-count').textContent()).trim(), '1');
  assert.equal(loads, 0);
  await screenshot(john, 'john-badge-raised');

  // Opening the inbox reads the message and clears the badge.
  await john.clock.resume();
  await john.goto('/messages');
  await john.getByText('Lunch on Friday?').waitFor();
  assert.equal(await badge.isVisible(), false);
  await screenshot(john, 'john-inbox');
});

test('an export shows its progress on every page until the mail with posts.json arrives', { timeout: 120000 }, async () => {
  const mary = await world.newPage();
  await register(mary, 'mary');
  await signIn(mary, 'mary');
  const bodies = ['The first of my posts.', 'The second, with "quotes" and <b>tags</b>.', 'The last one: café.'];
  for (const body of bodies) {
    await post(mary, body);
  }
  await mary.clock.install();
  await mary.goto('/user/mary');
  await screenshot(mary, 'mary-profile');
  const entered = world.holdExport();
  await Promise.all([mary.waitForURL('**/user/mary'), mary.getByRole('button', { name: 'Export your posts' }).click()]);
  await entered;  // the job has written its first page and waits

  // The bar is on this page and on any other, and the button is gone while it runs.
  const bar = mary.locator('progress[data-task-progress]');
  await bar.waitFor({ state: 'visible' });
  assert.equal(await mary.getByRole('button', { name: 'Export your posts' }).count(), 0);
  await mary.goto('/explore');
  await bar.waitFor({ state: 'visible' });
  // Its value follows the job: the first (here the only) page is written, 99 % until the mail.
  await polled(mary, 1);
  assert.equal(await bar.evaluate((b) => b.value), 99);
  assert.equal(await mary.locator('.js-task-done').isVisible(), false);
  await screenshot(mary, 'mary-export-running');

  await world.releaseExport();
  const mails = await world.waitForMails(1);
  const mail = mails.find((m) => /Subject: \[Microblog\] Your blog posts/.test(m));
  assert.ok(mail, 'the export mail');
  assert.match(mail, /To: .*mary@example\.com/);
  const exported = JSON.parse(mailPart(mail, 'application/json'));
  assert.deepEqual(exported.posts.map((p) => p.body), bodies);
  for (const p of exported.posts) {
    assert.match(p.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  }

  // The bar reaches the end on the next tick, and says the posts are on their way.
  await mary.clock.runFor(kPollMs);
  await polled(mary, 2);
  await mary.locator('.js-task-done').waitFor({ state: 'visible', timeout: kStepTimeoutMs });
  assert.equal(await bar.evaluate((b) => b.value), 100);
  await screenshot(mary, 'mary-export-done');

  // Over: the next page has no bar and offers the export again.
  await mary.clock.resume();
  await mary.goto('/user/mary');
  assert.equal(await bar.count(), 0);
  await mary.getByRole('button', { name: 'Export your posts' }).waitFor();
});
