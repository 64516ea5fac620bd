// The API answers as its OpenAPI document says: every endpoint is driven through its success
// and error paths against the real server, and each answer's status must be documented for the
// path and method, and its body must validate against the documented schema (ajv, JSON Schema
// 2020-12, which OpenAPI 3.1 uses). A change to either side that the other does not follow fails
// here. The C++ contract tests (tests/http/api_*_test.cpp) check the values on both backends.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { World, repo } from './harness.mjs';

const kTimeoutMs = 10000;
const doc = JSON.parse(fs.readFileSync(path.join(repo, 'static', 'api', 'openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(doc, 'doc');

const world = new World();
before(async () => world.start(), { timeout: 60000 });
after(async () => world.stop(), { timeout: 30000 });

const pointer = (...parts) =>
  parts.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

// The documented path template that `urlPath` matches ("/api/users/7" -> "/api/users/{id}").
function template(urlPath) {
  const found = Object.keys(doc.paths).find((t) =>
    new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(urlPath),
  );
  assert.ok(found, `${urlPath} is not in the document`);
  return found;
}

const seen = new Set();

// One request; the answer must be documented and match its schema. Answers the parsed body.
async function call(method, target, { token, basic, body, raw, type } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (basic) headers.Authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  let payload;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  if (raw !== undefined) {
    payload = raw;
    headers['Content-Type'] = type;
  }
  const res = await fetch(world.baseUrl + target, {
    method,
    headers,
    body: payload,
    signal: AbortSignal.timeout(kTimeoutMs),
  });
  const text = await res.text();
  const urlPath = new URL(target, world.baseUrl).pathname;
  const t = template(urlPath);
  const operation = doc.paths[t][method.toLowerCase()];
  const where = `${method} ${target} -> ${res.status}`;
  let status = String(res.status);
  if (res.status === 405) {
    assert.equal(operation, undefined, `${where}: the method is documented`);
    assert.ok(res.headers.get('allow'), `${where}: no Allow`);
    status = null;
  } else {
    assert.ok(operation, `${method} ${t} is not documented`);
    assert.ok(operation.responses[status], `${where}: status not documented for ${method} ${t}`);
    seen.add(`${method} ${t} ${status}`);
  }
  assert.ok(res.headers.get('x-ratelimit-remaining') !== null, `${where}: no X-RateLimit-*`);
  if (res.status === 204) {
    assert.equal(text, '');
    return null;
  }
  const parsed = JSON.parse(text);
  const schemaRef = status
    ? operation.responses[status].$ref
      ? `doc#${operation.responses[status].$ref.slice(1)}/content/application~1json/schema`
      : `doc#/${pointer('paths', t, method.toLowerCase(), 'responses', status)}/content/application~1json/schema`
    : 'doc#/components/schemas/Error';
  const validate = ajv.getSchema(schemaRef);
  assert.ok(validate, `${where}: no schema at ${schemaRef}`);
  assert.ok(validate(parsed), `${where}: ${ajv.errorsText(validate.errors)}\n${text}`);
  return parsed;
}

test('every endpoint answers as the OpenAPI document says', { timeout: 60000 }, async () => {
  const pw = 'correct horse battery';
  const ann = await call('POST', '/api/users', {
    body: { username: 'ann', email: 'ann@example.com', password: pw, about_me: 'hi' },
  });
  const bob = await call('POST', '/api/users', {
    body: { username: 'bob', email: 'bob@example.com', password: pw },
  });
  await call('POST', '/api/users', { body: { username: 'ann' } });
  await call('POST', '/api/users', { raw: 'username=x', type: 'application/x-www-form-urlencoded' });
  await call('POST', '/api/tokens', { basic: 'ann:wrong password' });
  const { token } = await call('POST', '/api/tokens', { basic: `ann:${pw}` });
  const bobToken = (await call('POST', '/api/tokens', { basic: `bob:${pw}` })).token;

  await call('GET', `/api/users/${ann.id}`, { token });
  await call('GET', '/api/users/999', { token });
  await call('GET', '/api/users', {});
  await call('GET', '/api/users?per_page=1', { token });
  await call('GET', '/api/users?page=0', { token });
  await call('PUT', `/api/users/${ann.id}`, { token, body: { about_me: 'changed' } });
  await call('PUT', `/api/users/${ann.id}`, { token, body: { email: 'nope' } });
  await call('PUT', `/api/users/${bob.id}`, { token, body: { about_me: 'x' } });
  await call('PUT', `/api/users/${ann.id}`, { token, raw: 'x', type: 'text/plain' });
  await call('DELETE', `/api/users/${ann.id}`, { token });

  await call('POST', `/api/users/${bob.id}/follow`, { token });
  await call('POST', `/api/users/${ann.id}/follow`, { token });
  await call('POST', '/api/users/999/follow', { token });
  await call('GET', `/api/users/${bob.id}/followers`, { token });
  await call('GET', `/api/users/${ann.id}/following`, { token });
  await call('GET', '/api/users/999/followers', { token });

  await call('POST', '/api/posts', { token: bobToken, body: { body: 'hello from bob' } });
  const regret = await call('POST', '/api/posts', { token: bobToken, body: { body: 'to be deleted' } });
  await call('DELETE', `/api/posts/${regret.id}`, { token });
  await call('DELETE', `/api/posts/${regret.id}`, { token: bobToken });
  await call('DELETE', `/api/posts/${regret.id}`, { token: bobToken });
  await call('POST', '/api/posts', { token, body: { body: '' } });
  await call('POST', '/api/posts', { token, raw: 'body=x', type: 'application/x-www-form-urlencoded' });
  await call('GET', '/api/posts', { token });
  await call('GET', '/api/posts?before=x', { token });
  await call('GET', '/api/timeline', { token });
  await call('GET', `/api/users/${bob.id}/posts`, { token });
  await call('GET', '/api/users/999/posts', { token });
  await call('GET', '/api/search?q=hello', { token });
  await call('GET', '/api/search', { token });

  await call('POST', `/api/users/${bob.id}/messages`, { token, body: { body: 'hi bob' } });
  await call('POST', `/api/users/${ann.id}/messages`, { token, body: { body: 'me' } });
  await call('GET', '/api/notifications?since=0', { token: bobToken });
  await call('GET', '/api/notifications?since=x', { token: bobToken });
  await call('GET', '/api/messages', { token: bobToken });
  await call('DELETE', `/api/users/${bob.id}/follow`, { token });

  await call('DELETE', '/api/tokens', { token });
  await call('GET', '/api/users', { token });

  for (const [t, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      const tried = [...seen].some((s) => s.startsWith(`${method.toUpperCase()} ${t} 2`));
      assert.ok(tried, `${method.toUpperCase()} ${t} never answered with success here`);
    }
  }
});

test('the documentation page is served locally under the site CSP', async () => {
  const res = await fetch(`${world.baseUrl}/api/docs`, { signal: AbortSignal.timeout(kTimeoutMs) });
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.doesNotMatch(html, /<script>(?!<)/, 'no inline script');
  assert.doesNotMatch(html, /https?:\/\//, 'nothing from another site');
  const page = await world.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/api/docs');
  await page.waitForSelector('.opblock', { timeout: kTimeoutMs });
  assert.ok((await page.locator('.opblock').count()) >= 10);
  assert.deepEqual(errors, []);
});
