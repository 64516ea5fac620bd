// One-click translation in a real browser: a post in Spanish, read by someone whose interface
// is in English, is translated in place and shown in the original again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { World, register, screenshot, signIn } from './harness.mjs';

const kSpanish = 'Hoy hace un día precioso en Madrid y vamos a pasear por el parque del Retiro.';
// What the fake translation API answers for that text (tests/support/translator_fake.py).
const kEnglish = 'Today is a beautiful day in Madrid and we are going for a walk in Retiro park.';

const world = new World();
before(async () => world.start(), { timeout: 60000 });
after(async () => world.stop(), { timeout: 30000 });

test('a reader translates a post in another language and goes back to the original', { timeout: 120000 }, async () => {
  const susan = await world.newPage();
  await register(susan, 'susan');
  await signIn(susan, 'susan');
  await susan.fill('textarea[name="post"]', kSpanish);
  await Promise.all([susan.waitForURL('**/index'), susan.click('main form.post-form [type="submit"]')]);
  await susan.locator('.post-body', { hasText: kSpanish }).waitFor();
  await screenshot(susan, 'susan-posted');
  // Her own Spanish post, in her English interface, offers a translation too; not used here.

  const john = await world.newPage();
  await register(john, 'john');
  await signIn(john, 'john');
  await john.goto('/explore');
  // Found by its text once, then by its id: the text is about to change.
  const postId = await john.locator('article.post', { hasText: kSpanish }).getAttribute('id');
  const post = john.locator(`article#${postId}`);
  const body = post.locator('.post-body');
  const button = post.getByRole('button', { name: 'Translate' });
  await button.waitFor({ state: 'visible' });
  await screenshot(john, 'john-explore');

  // The request is held in the browser until the spinner has been seen: no race with a fast
  // answer, and no sleep.
  let release;
  const released = new Promise((resolve) => {
    release = resolve;
  });
  const requests = [];
  await john.route('**/translate', async (route) => {
    requests.push(route.request().postDataJSON());
    await released;
    await route.continue();
  });
  await button.click();
  await body.locator('.spinner-border').waitFor({ state: 'visible' });
  assert.equal(await body.getAttribute('aria-live'), 'polite');
  await screenshot(john, 'john-translating');
  release();

  await body.getByText(kEnglish, { exact: true }).waitFor();
  assert.equal(await body.textContent(), kEnglish);
  assert.equal(await body.getAttribute('lang'), 'en');
  const back = post.getByRole('button', { name: 'Show original' });
  await back.waitFor({ state: 'visible' });
  assert.equal(await post.locator('.js-translate-error').textContent(), '');
  await screenshot(john, 'john-translated');
  assert.equal(requests.length, 1);
  assert.equal(requests[0].dest_language, 'en');
  assert.ok(Number.isInteger(requests[0].post_id));
  assert.equal(world.translatorRequests().length, 1);

  // Back to the original, and to the translation again: no further request either way.
  await back.click();
  await body.getByText(kSpanish, { exact: true }).waitFor();
  assert.equal(await body.getAttribute('lang'), 'es');
  await post.getByRole('button', { name: 'Translate' }).waitFor({ state: 'visible' });
  await screenshot(john, 'john-original-again');
  await post.getByRole('button', { name: 'Translate' }).click();
  await body.getByText(kEnglish, { exact: true }).waitFor();
  assert.equal(requests.length, 1);
  assert.equal(world.translatorRequests().length, 1);
});

test('a failed translation leaves the original and says why next to the post', { timeout: 120000 }, async () => {
  // The fake translation API answers 500 to a text with "#server-error" in it.
  const broken = 'Hoy el parque del Retiro está cerrado por obras y no podemos pasear #server-error';
  const susan = await world.newPage();
  await signIn(susan, 'susan');
  await susan.fill('textarea[name="post"]', broken);
  await Promise.all([susan.waitForURL('**/index'), susan.click('main form.post-form [type="submit"]')]);
  await susan.locator('.post-body', { hasText: broken }).waitFor();

  const john = await world.newPage();
  await signIn(john, 'john');
  await john.goto('/explore');
  const postId = await john.locator('article.post', { hasText: broken }).getAttribute('id');
  const post = john.locator(`article#${postId}`);
  await post.getByRole('button', { name: 'Translate' }).click();
  const error = post.locator('.js-translate-error');
  await error.getByText('Error: the translation service failed.').waitFor();
  assert.equal(await post.locator('.post-body').textContent(), broken);
  await post.getByRole('button', { name: 'Translate' }).waitFor({ state: 'visible' });
  await screenshot(john, 'john-translation-failed');
});
