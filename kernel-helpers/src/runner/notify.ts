import type { GateResult, JobNotify } from '../store/jobs/types';

/**
 * Tells people how a run ended: a JSON POST to a webhook (with a `text` field, so a Slack
 * incoming webhook shows it) and/or a mail over SMTP (MLNB_SMTP_URL). `mlnb run` sends it, so
 * the attempts of every engine notify. A notifier that fails is reported, never thrown: the run's
 * outcome is the run's, not the mail server's.
 */

export type NotifyOn = JobNotify['on'];
export const NOTIFY_ON: readonly NotifyOn[] = ['failure', 'success', 'always'];

export interface RunReport {
  job: string | null;
  runId: string | null;
  ok: boolean;
  /** The engine's try number (Airflow) or retry (Argo), when known. */
  attempt: number | null;
  gates: GateResult[];
  error: string | null;
  /** Where a person opens the run (MLNB_RUN_URL with {id}), else the command that shows it. */
  link: string | null;
}

const WEBHOOK_TIMEOUT_MS = 10_000;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** What is wrong with a notification setting, or null; checked where people give it. */
export function notifyProblem(notify: JobNotify): string | null {
  if (!NOTIFY_ON.includes(notify.on)) {
    return `--notify must be one of ${NOTIFY_ON.join(', ')}; got "${notify.on}".`;
  }
  if (!notify.webhook && !notify.email) {
    return '--notify needs --webhook URL or --email ADDRESS (or both).';
  }
  if (notify.webhook) {
    let url: URL | undefined;
    try {
      url = new URL(notify.webhook);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      return `--webhook "${notify.webhook}" is not an http(s) URL.`;
    }
  }
  if (notify.email && !EMAIL.test(notify.email)) {
    return `--email "${notify.email}" is not an email address.`;
  }
  return null;
}

/** The notification flags given to a command, or null when none was. */
export function notifyFrom(opts: { notify?: string; webhook?: string; email?: string }): JobNotify | null {
  if (!opts.notify && !opts.webhook && !opts.email) {
    return null;
  }
  return {
    on: (opts.notify ?? 'failure') as NotifyOn,
    webhook: opts.webhook ?? null,
    email: opts.email ?? null
  };
}

/** `mlnb run` arguments that make the runner send a job's notifications. */
export function notifyArgs(notify: JobNotify | null): string[] {
  if (!notify) {
    return [];
  }
  return [
    '--notify',
    notify.on,
    ...(notify.webhook ? ['--webhook', notify.webhook] : []),
    ...(notify.email ? ['--email', notify.email] : [])
  ];
}

export function wants(on: NotifyOn, ok: boolean): boolean {
  return on === 'always' || (on === 'success') === ok;
}

export function reportText(report: RunReport): string {
  const what = report.job ? `mlnb job ${report.job}` : 'mlnb run';
  const attempt = report.attempt ? ` (attempt ${report.attempt})` : '';
  const outcome = report.ok ? 'succeeded' : `failed: ${report.error ?? 'no reason given'}`;
  return `${what}${attempt} ${outcome}${report.link ? `\n${report.link}` : ''}`;
}

/** Sends the report where `notify` says; resolves with one line per notifier that failed. */
export async function sendNotifications(notify: JobNotify, report: RunReport): Promise<string[]> {
  if (!wants(notify.on, report.ok)) {
    return [];
  }
  const problems: string[] = [];
  const status = report.ok ? 'succeeded' : 'failed';
  const body = { text: reportText(report), status, ...report };
  if (notify.webhook) {
    const problem = await postWebhook(notify.webhook, body);
    if (problem) {
      problems.push(problem);
    }
  }
  if (notify.email) {
    try {
      await sendMail(notify.email, `[mlnb] ${reportText(report).split('\n')[0]}`, body);
    } catch (error) {
      problems.push(`email to ${notify.email} failed: ${causeOf(error)}`);
    }
  }
  return problems;
}

/**
 * POSTs a JSON body (with a `text` field, which a Slack incoming webhook shows) to a webhook;
 * resolves with what went wrong, or null. Never throws: a notifier's failure is reported.
 */
export async function postWebhook(url: string, body: { text: string }): Promise<string | null> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)
    });
    return response.ok ? null : `webhook ${url} answered HTTP ${response.status}`;
  } catch (error) {
    return `webhook ${url} failed: ${causeOf(error)}`;
  }
}

async function sendMail(to: string, subject: string, body: object): Promise<void> {
  const url = process.env.MLNB_SMTP_URL;
  if (!url) {
    throw new Error('MLNB_SMTP_URL is not set (e.g. smtp://user:pass@mail.example.com:587)');
  }
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(url);
  try {
    await transport.sendMail({
      from: process.env.MLNB_SMTP_FROM ?? 'mlnb <mlnb@localhost>',
      to,
      subject,
      text: `${reportText(body as RunReport)}\n\n${JSON.stringify(body, null, 2)}\n`
    });
  } finally {
    transport.close();
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  return cause ?? (error as Error).message ?? String(error);
}
