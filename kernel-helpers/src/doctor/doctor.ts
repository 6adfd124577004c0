import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DoctorReport } from '../contracts';
import type { Store } from '../store/engine/store';
import { DoctorInput, QUESTIONS, WorkspaceFacts } from './questions';

export { THRESHOLDS } from './questions';
export type { WorkspaceFacts } from './questions';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'];

/** How far back runs and attempts count as recent. */
export const WINDOW_DAYS = 90;

/** The lockfile and mlnb dependency of the workspace folder (where package.json is). */
export function workspaceFacts(dir: string): WorkspaceFacts {
  const lockfile = LOCKFILES.find(name => fs.existsSync(path.join(dir, name))) ?? null;
  let mlnbDependency = false;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    mlnbDependency = ['dependencies', 'devDependencies'].some(field => pkg[field]?.mlnb !== undefined);
  } catch {
    // No package.json (or not JSON): no dependency declared.
  }
  return { lockfile, mlnbDependency };
}

export interface DoctorOptions {
  /** The workspace folder (the CLI's cwd, the service's root). */
  workspace: WorkspaceFacts;
  env?: NodeJS.ProcessEnv;
  now?: number;
}

/** The nine answers of the ML Joel test for this store and workspace, and their score (0–9). */
export async function diagnose(store: Store, options: DoctorOptions): Promise<DoctorReport> {
  const now = options.now ?? Date.now();
  const input: DoctorInput = {
    evidence: await store.doctor.evidence(now - WINDOW_DAYS * 86_400_000),
    incidents: await store.incidents.list(),
    engine: store.location.engine,
    sharedArtifacts: Boolean((options.env ?? process.env).MLNB_ARTIFACTS?.trim()),
    workspace: options.workspace,
    windowDays: WINDOW_DAYS,
    now
  };
  const answers = QUESTIONS.map(question => question(input));
  return {
    score: answers.reduce((sum, a) => sum + a.points, 0),
    checkedAt: new Date(now).toISOString(),
    answers
  };
}
