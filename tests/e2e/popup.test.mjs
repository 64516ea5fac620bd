// A post author's card in a real browser: shown by hovering the name (after a short delay, and
// not at all when the pointer only passes over it) and by focusing it with the keyboard; its
// follow button follows in place and the card then offers to unfollow, with the new count.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { World, kStepTimeoutMs, register, screenshot, signIn } from './harness.mjs';

const kPost = 'A post for the card test: hover over my name.';

const world = new World();
before(async () => world.start(), { timeout: 60000 });
after(async () => world.stop(), { timeout: 30000 });

test('the author card opens on hover and on focus, and follows in place', { timeout: 120000 }, async () => {
  const john = await world.newPage();
  await register(john, 'john');
  await signIn(john, 'john');
  await john.fill('textarea[name="post"]', kPost);
  await Promise.all([john.waitForURL('**/index'), john.click('main form.post-form [type="submit"]')]);

  const susan = await world.newPage();
  await register(susan, 'susan');
  await signIn(susan, 'susan');
  const cardRequests = [];
  susan.on('request', (r) => {
    if (r.url().endsWith('/user/john/popup')) {
      cardRequests.push(r.url());
    }
  });
  // The page's timers run on a clock the test moves, so that "not before the delay" is checked
  // without waiting on the wall clock.
  await susan.clock.install();
  await susan.goto('/explore');
  const name = susan.locator('article.post', { hasText: kPost }).locator('a[data-user-popup="john"]');
  const card = susan.locator('#user-popup');
  assert.equal(await name.getAttribute('aria-expanded'), 'false');
  assert.equal(await name.getAttribute('aria-controls'), 'user-popup');

  // Passing over the name shows nothing: the pointer leaves before the delay is over.
  await name.hover();
  await susan.mouse.move(0, 0);
  await susan.clock.runFor(900);
  assert.equal(await card.isVisible(), false);
  assert.equal(cardRequests.length, 0);  // not even asked for

  // Resting on it shows the card, beside the name, once the delay is over.
  await name.hover();
  await susan.clock.runFor(600);
  await card.waitFor({ state: 'visible', timeout: kStepTimeoutMs });
  assert.equal(await card.getAttribute('role'), 'dialog');
  assert.equal(await name.getAttribute('aria-expanded'), 'true');
  await card.getByText('0 followers, 0 following').waitFor();
  await card.getByRole('button', { name: 'Follow' }).waitFor();
  assert.ok(await card.locator('a[href="/user/john"]').count() > 0);
  assert.ok((await card.locator('time').textContent()).length > 0);
  await screenshot(susan, 'susan-card-hover');
  // The pointer can move onto the card without it going away.
  await card.hover();
  await susan.clock.runFor(500);
  assert.equal(await card.isVisible(), true);
  await susan.clock.resume();  // the rest runs on real time
  await susan.mouse.move(0, 0);
  await card.waitFor({ state: 'hidden', timeout: kStepTimeoutMs });
  assert.equal(await name.getAttribute('aria-expanded'), 'false');

  // The keyboard: focus shows it (no second request), Tab reaches its button, Enter follows.
  await name.focus();
  await card.waitFor({ state: 'visible', timeout: kStepTimeoutMs });
  assert.equal(cardRequests.length, 1);
  // Tab goes on into the card: its link to the profile, then its button.
  await susan.keyboard.press('Tab');
  assert.equal(await card.locator('a.user-popup-name').evaluate((a) => a === document.activeElement), true);
  await susan.keyboard.press('Tab');
  const follow = card.getByRole('button', { name: 'Follow' });
  assert.equal(await follow.evaluate((b) => b === document.activeElement), true);
  await susan.keyboard.press('Enter');
  await card.getByRole('button', { name: 'Unfollow' }).waitFor({ timeout: kStepTimeoutMs });
  await card.getByText('1 follower, 0 following').waitFor();
  assert.equal(cardRequests.length, 2); // fetched again after the change
  assert.equal(await card.locator('.user-popup-error').textContent(), '');
  await screenshot(susan, 'susan-card-followed');

  // Escape closes it and gives the focus back to the name.
  await susan.keyboard.press('Escape');
  await card.waitFor({ state: 'hidden', timeout: kStepTimeoutMs });
  assert.equal(await name.evaluate((a) => a === document.activeElement), true);

  // The follow is real: the profile says so, and the page was never left.
  assert.match(susan.url(), /\/explore$/);
  await susan.goto('/user/john');
  await susan.getByRole('button', { name: 'Unfollow' }).waitFor();
  await susan.getByText('1 follower').first().waitFor();
});

test('on a touch screen the first tap opens the card and a second one the profile', { timeout: 120000 }, async () => {
  const context = await world.browser.newContext({
    baseURL: world.baseUrl, locale: 'en-US', hasTouch: true, isMobile: true,
    viewport: { width: 400, height: 800 },
  });
  const mary = await context.newPage();
  mary.setDefaultTimeout(kStepTimeoutMs);
  await register(mary, 'mary');
  await signIn(mary, 'mary');
  await mary.goto('/explore');
  const name = mary.locator('article.post', { hasText: kPost }).locator('a[data-user-popup="john"]');
  const card = mary.locator('#user-popup');

  await name.tap();
  await card.waitFor({ state: 'visible', timeout: kStepTimeoutMs });
  assert.match(mary.url(), /\/explore$/);  // the tap did not follow the link
  await card.getByRole('button', { name: /Follow|Unfollow/ }).waitFor();
  await screenshot(mary, 'mary-card-touch');

  await Promise.all([mary.waitForURL('**/user/john'), name.tap()]);
  await context.close();
});
