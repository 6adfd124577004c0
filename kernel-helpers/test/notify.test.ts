import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { openStore } from '../src/store/engine/open';
import { freePort, projectDir, REPO_ROOT, runCliAsync as cli, waitFor } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook';

const PYTHON = path.join(REPO_ROOT, '.venv-airflow', 'bin', 'python');

const TRAIN = [
  code('params', 'const lr = 0.1;', ['parameters']),
  code('train', 'mlnb.log({ acc: lr * 10 });')
];

describe('notifications of a run: a real HTTP webhook receiver and a real SMTP server (aiosmtpd)', () => {
  let dir: string;
  let webhook: WebhookReceiver;
  let webhookUrl: string;
  let received: { path: string; body: Record<string, unknown> }[];
  let smtp: ChildProcess;
  let smtpUrl: string;
  let mail = '';

  beforeAll(async () => {
    if (!fs.existsSync(PYTHON)) {
      throw new Error(`aiosmtpd's venv is missing at ${PYTHON}: run node scripts/setup.mjs (npm test does).`);
    }
    webhook = await startWebhookReceiver();
    webhookUrl = webhook.url;
    const port = await freePort();
    smtp = spawn(PYTHON, [
      '-m',
      'aiosmtpd',
      '-n',
      '-l',
      `127.0.0.1:${port}`,
      '-c',
      'aiosmtpd.handlers.Debugging'
    ]);
    smtp.stdout!.setEncoding('utf8').on('data', (chunk: string) => (mail += chunk));
    smtpUrl = `smtp://127.0.0.1:${port}`;
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      const up = await new Promise<boolean>(resolve =>
        net
          .connect(port, '127.0.0.1', function (this: net.Socket) {
            this.end();
            resolve(true);
          })
          .on('error', () => resolve(false))
      );
      if (up) break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    smtp.kill();
    await webhook.close();
  });
  /** `mlnb run train.ipynb --notify <when> --webhook <url>`, with `more` options. */
  const runNotifying = (when: string, url: string, ...more: string[]) =>
    cli(dir, ['run', 'train.ipynb', '--notify', when, '--webhook', url, ...more]);

  beforeEach(() => {
    webhook.received.length = 0;
    received = webhook.received;
    mail = '';
    dir = projectDir();
    writeNotebook(dir, 'train.ipynb', TRAIN);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a job whose gate fails tells the webhook (JSON with a Slack text) and mails the address', async () => {
    const created = await cli(dir, [
      ...['jobs', 'create', 'train.ipynb', '--name', 'gated', '--gate', 'acc >= 5'],
      ...['--notify', 'failure', '--webhook', `${webhookUrl}/hook`, '--email', 'team@example.com']
    ]);
    expect(created.status).toBe(0);
    const ran = await cli(dir, ['jobs', 'run', 'gated'], { MLNB_SMTP_URL: smtpUrl });
    expect(ran.status).toBe(1);
    expect(received).toHaveLength(1);
    const { body } = received[0];
    expect(body).toMatchObject({ job: 'gated', status: 'failed', ok: false, attempt: 1 });
    expect(body.text).toMatch(/^mlnb job gated \(attempt 1\) failed: gate "acc >= 5" failed/);
    expect(body.gates).toEqual([{ gate: 'acc >= 5', ok: false, observed: 1, reason: expect.any(String) }]);
    expect(body.link).toBe(`mlnb runs show ${body.runId}`);
    await waitFor(
      () => mail.includes('team@example.com') && mail.includes('END MESSAGE'),
      10_000,
      'the mail'
    );
    // The message as sent (quoted-printable): the headers and the text a person reads.
    const decoded = mail
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(decoded).toContain('To: team@example.com');
    expect(decoded).toMatch(/Subject: \S*\[mlnb\]_mlnb_job_gated_/);
    expect(decoded).toContain(
      'mlnb job gated (attempt 1) failed: gate "acc >= 5" failed: observed 1, needs >= 5'
    );
  });

  test('--notify success stays quiet on failure; always tells both outcomes', async () => {
    const quiet = await runNotifying('success', webhookUrl, '--gate', 'acc >= 5');
    expect(quiet.status).toBe(1);
    expect(received).toHaveLength(0);
    const told = await runNotifying('always', webhookUrl);
    expect(told.status).toBe(0);
    expect(received.map(r => r.body.status)).toEqual(['succeeded']);
  });

  test('a notifier that fails is logged on the run and never fails it', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/nobody`;
    const ran = await cli(
      dir,
      ['run', 'train.ipynb', '--notify', 'always', '--webhook', closed, '--email', 'a@b.c'],
      {
        MLNB_SMTP_URL: ''
      }
    );
    expect(ran.status).toBe(0);
    expect(ran.stderr).toContain(`warning: webhook ${closed} failed`);
    expect(ran.stderr).toContain('email to a@b.c failed: MLNB_SMTP_URL is not set');
    const store = await openStore({ cwd: dir, env: {} });
    try {
      const run = (await store.runs.get(ran.stdout.trim()))!;
      expect(run.status).toBe('finished');
      expect(run.tags['mlnb.notify.error']).toContain('webhook');
    } finally {
      await store.close();
    }
    const answered500 = await runNotifying('always', `${webhookUrl}/broken`);
    expect(answered500.status).toBe(0);
    expect(answered500.stderr).toContain('answered HTTP 500');
  });

  test.each([
    [['--notify', 'sometimes', '--webhook', 'http://x'], '--notify must be one of failure, success, always'],
    [['--notify', 'always'], '--notify needs --webhook URL or --email ADDRESS'],
    [['--webhook', 'ftp://x/y'], 'is not an http(s) URL'],
    [['--email', 'nobody'], 'is not an email address']
  ])('refuses %j with exit code 2 and runs nothing', async (args, message) => {
    const ran = await cli(dir, ['run', 'train.ipynb', ...args]);
    expect(ran.stderr).toContain(message);
    expect(ran.status).toBe(2);
    const created = await cli(dir, ['jobs', 'create', 'train.ipynb', '--name', 'n', ...args]);
    expect(created.status).toBe(2);
    expect(fs.existsSync(path.join(dir, '.mlnb', 'artifacts', 'jobs'))).toBe(false);
  });
});
