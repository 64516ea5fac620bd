// The browser tests' world, started from nothing and removed afterwards: the built server on a
// free loopback port with a fresh SQLite database in a temporary folder, the fake translation API
// (tests/support/translator_fake.py), the SMTP sink (tests/support/smtp_sink.py) for the mail the
// site sends, and Debian's Chromium driven by playwright-core (no browser is ever downloaded).
//
//   MICROBLOG_BINARY            the server (default: build/microblog in this repository)
//   MICROBLOG_E2E_SCREENSHOTS   where each visited page's screenshot goes (default:
//                               build/e2e-screenshots, which CI keeps)
//   CHROMIUM                    the browser (default: /usr/bin/chromium)
//
// Every wait is bounded: a process that does not say it is ready within kStartTimeoutMs fails
// the test, as does any page step past Playwright's timeout.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const kStartTimeoutMs = 20000;
const kStopTimeoutMs = 10000;
export const kStepTimeoutMs = 15000;

export const screenshotDir =
  process.env.MICROBLOG_E2E_SCREENSHOTS || path.join(repo, 'build', 'e2e-screenshots');

// A loopback port nobody listens on right now (for the SMTP sink, which needs one given).
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Starts a child and resolves with the first line of its standard output that matches `ready`
// (a RegExp), or rejects when it exits or kStartTimeoutMs passes first.
function startProcess(name, command, args, env, ready) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${kStartTimeoutMs} ms: ${stderr}`));
    }, kStartTimeoutMs);
    const onData = (d) => {
      buffered += d.toString();
      const m = buffered.match(ready);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume(); // keep draining, so the child never blocks on a full pipe
        resolve({ name, child, match: m, stderr: () => stderr });
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready: ${stderr}`));
    });
  });
}

// SIGTERM, then SIGKILL if it has not exited within kStopTimeoutMs.
function stopProcess(proc) {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), kStopTimeoutMs);
    proc.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.child.kill('SIGTERM');
  });
}

export class World {
  // holdExports: a posts export waits after its first page until the test releases it
  // (holdExport/releaseExport), through the FIFOs of the server's MICROBLOG_TEST_HOLD_DIR.
  constructor({ holdExports = false } = {}) {
    this.holdExports = holdExports;
  }

  async start() {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'microblog-e2e-'));
    fs.mkdirSync(screenshotDir, { recursive: true });
    this.binary = process.env.MICROBLOG_BINARY || path.join(repo, 'build', 'microblog');
    if (!fs.existsSync(this.binary)) {
      throw new Error(`no server at ${this.binary}: build it first (scripts/build.sh) or set MICROBLOG_BINARY`);
    }
    const python = '/usr/bin/python3';

    const translatorOut = path.join(this.tmp, 'translator');
    fs.mkdirSync(translatorOut);
    this.translator = await startProcess(
      'the fake translation API', python,
      [path.join(repo, 'tests/support/translator_fake.py'), '--api', 'libretranslate',
        '--port', '0', '--out', translatorOut],
      process.env, /ready (\d+)/);
    this.translatorOut = translatorOut;

    const smtpPort = await freePort();
    const maildir = path.join(this.tmp, 'maildir');
    this.smtp = await startProcess(
      'the SMTP sink', python,
      [path.join(repo, 'tests/support/smtp_sink.py'), '--port', String(smtpPort), '--maildir', maildir],
      process.env, /ready (\d+)/);
    this.maildir = maildir;

    // Only what the server needs, so that nothing of the caller's environment changes the run.
    this.env = {
      PATH: process.env.PATH,
      DATABASE_URL: `sqlite:///${path.join(this.tmp, 'e2e.db')}`,
      SECRET_KEY: 'e2e-secret-key-0123456789',
      ARGON2_OPSLIMIT: '1',
      ARGON2_MEMLIMIT_KIB: '8192',
      LIBRETRANSLATE_URL: `http://127.0.0.1:${this.translator.match[1]}`,
      MAIL_SERVER: '127.0.0.1',
      MAIL_PORT: String(smtpPort),
      MAIL_OUTBOX_DIR: path.join(this.tmp, 'outbox'),
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'warn',
    };
    if (this.holdExports) {
      this.holdDir = path.join(this.tmp, 'hold');
      fs.mkdirSync(this.holdDir);
      for (const fifo of ['export-entered', 'export-release']) {
        const made = spawnSync('mkfifo', [path.join(this.holdDir, fifo)], { encoding: 'utf8' });
        if (made.status !== 0) {
          throw new Error(`mkfifo failed: ${made.stderr}`);
        }
      }
      this.env.MICROBLOG_TEST_HOLD_DIR = this.holdDir;
    }
    const upgrade = spawnSync(this.binary, ['db', 'upgrade'], {
      env: this.env, encoding: 'utf8', timeout: kStartTimeoutMs,
    });
    if (upgrade.status !== 0) {
      throw new Error(`microblog db upgrade failed (${upgrade.status}): ${upgrade.stderr}${upgrade.stdout}`);
    }
    this.server = await startProcess(
      'the server', this.binary, ['serve', '--listen', '127.0.0.1:0'], this.env,
      /listening on [^\s]*:(\d+)/);
    this.baseUrl = `http://127.0.0.1:${this.server.match[1]}`;

    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      timeout: kStartTimeoutMs,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }

  // A browser context of its own (its own cookies): one per person.
  async newPage() {
    const context = await this.browser.newContext({ baseURL: this.baseUrl, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(kStepTimeoutMs);
    page.setDefaultNavigationTimeout(kStepTimeoutMs);
    return page;
  }

  // The translation API's recorded requests, oldest first.
  translatorRequests() {
    return fs.readdirSync(this.translatorOut).filter((f) => f.endsWith('.json')).sort()
      .map((f) => JSON.parse(fs.readFileSync(path.join(this.translatorOut, f), 'utf8')));
  }

  // Resolves once an export has written its first page and waits (holdExports), or rejects
  // after kStepTimeoutMs.
  holdExport() {
    return withTimeout(fs.promises.readFile(path.join(this.holdDir, 'export-entered'), 'utf8'),
      'no export reached its first page');
  }

  // Lets the held export go on.
  releaseExport() {
    return withTimeout(fs.promises.writeFile(path.join(this.holdDir, 'export-release'), 'g'),
      'the held export did not take its release');
  }

  // The mails the SMTP sink received, oldest first, as raw text.
  mails() {
    const dir = path.join(this.maildir, 'new');
    if (!fs.existsSync(dir)) {
      return [];
    }
    return fs.readdirSync(dir)
      .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => a.t - b.t)
      .map(({ f }) => fs.readFileSync(path.join(dir, f), 'utf8'));
  }

  // Resolves with mails() once it holds at least `n`, watching the Maildir (no polling); rejects
  // after kStepTimeoutMs.
  waitForMails(n) {
    const dir = path.join(this.maildir, 'new');
    fs.mkdirSync(dir, { recursive: true });
    return new Promise((resolve, reject) => {
      let watcher = null;
      const done = (err, value) => {
        clearTimeout(timer);
        if (watcher) {
          watcher.close();
        }
        if (err) {
          reject(err);
        } else {
          resolve(value);
        }
      };
      const check = () => {
        const all = this.mails();
        if (all.length >= n) {
          done(null, all);
        }
      };
      const timer = setTimeout(
        () => done(new Error(`${n} mail(s) expected, ${this.mails().length} arrived`)),
        kStepTimeoutMs);
      watcher = fs.watch(dir, check);
      check();
    });
  }

  async stop() {
    if (this.browser) {
      await this.browser.close().catch(() => {});
    }
    await stopProcess(this.server);
    await stopProcess(this.smtp);
    await stopProcess(this.translator);
    if (this.tmp) {
      fs.rmSync(this.tmp, { recursive: true, force: true });
    }
  }
}

// `promise`, or a rejection with `message` after kStepTimeoutMs.
function withTimeout(promise, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${kStepTimeoutMs} ms`)), kStepTimeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The decoded body of the first part of a raw mail with this Content-Type (base64 or
// quoted-printable, as the site sends them).
export function mailPart(raw, contentType) {
  const text = raw.replace(/\r\n/g, '\n');
  const start = text.search(new RegExp(`^Content-Type: ${contentType.replace('/', '\\/')}`, 'mi'));
  if (start < 0) {
    return null;
  }
  const headersEnd = text.indexOf('\n\n', start);
  const headers = text.slice(start, headersEnd);
  const bodyEnd = text.indexOf('\n--', headersEnd + 2);
  const body = text.slice(headersEnd + 2, bodyEnd < 0 ? undefined : bodyEnd);
  if (/Content-Transfer-Encoding: base64/i.test(headers)) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    const bytes = body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

export const kPassword = 'correct horse battery';

// Registers `username` through the form (screenshot of the form).
export async function register(page, username) {
  await page.goto('/auth/register');
  await screenshot(page, `${username}-register`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="email"]', `${username}@example.com`);
  await page.fill('input[name="password"]', kPassword);
  await page.fill('input[name="password2"]', kPassword);
  await Promise.all([page.waitForURL('**/auth/login'), page.click('main form [type="submit"]')]);
}

// Signs `username` in through the form, which leads to /index (screenshot of the form).
export async function signIn(page, username) {
  await page.goto('/auth/login');
  await screenshot(page, `${username}-login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', kPassword);
  await Promise.all([page.waitForURL('**/index'), page.click('main form [type="submit"]')]);
}

// Posts `text` from the home page's form.
export async function post(page, text) {
  if (!page.url().endsWith('/index')) {
    await page.goto('/index');
  }
  await page.fill('textarea[name="post"]', text);
  await Promise.all([page.waitForURL('**/index'), page.click('main form.post-form [type="submit"]')]);
}

let shots = 0;
// Each test file runs in a process of its own: its name keeps the files of two apart.
const suite = path.basename(process.argv[1] || 'e2e', '.test.mjs');
// Saves the page as <suite>-NN-name.png in the screenshot folder.
export async function screenshot(page, name) {
  shots += 1;
  const file = path.join(screenshotDir, `${suite}-${String(shots).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: kStepTimeoutMs });
  return file;
}
