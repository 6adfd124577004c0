import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnose, workspaceFacts } from '../src/doctor/doctor';
import type { Store } from '../src/store/engine/store';
import { ENGINES, storePerTest } from './helpers/engines';
import { expectUsageError, runCli, withTempDir } from './helpers/env';
import { addAttempt, addDataset, addRun, openIncident, readBy } from './helpers/lineage-graph';
import { code, writeNotebook } from './helpers/notebooks';
import { addJob } from './helpers/scheduler';

const CLEAN = { commit: 'a'.repeat(40), branch: 'main', remote: null, dirty: false, diffArtifact: null };
const answers = (report: { answers: { answer: string }[] }) => report.answers.map(a => a.answer);

/** Every piece of evidence the nine questions look for. */
async function buildEvidence(store: Store, dir: string): Promise<void> {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { mlnb: '0.1.0' } }));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}');
  const data = await addDataset(store, dir, 'sales', '1,2\n3,4');
  await store.datasets.annotate('sales', { description: 'daily sales', owner: 'ada' });
  await store.datasets.addNote('sales', { author: 'ada', text: 'checked the totals' });
  const job = await addJob(store, {
    name: 'nightly',
    createdAt: Date.now(),
    gates: ['no-open-incidents'],
    engine: 'airflow'
  });
  for (let i = 0; i < 2; i++) {
    const run = await addRun(store, {
      code: { git: CLEAN, notebook: null },
      seed: 7,
      jobId: job.id,
      source: 'job'
    });
    await readBy(store, run, data, 'b'.repeat(64));
    await addAttempt(store, job.id, 'succeeded', run);
  }
  await store.models.register({
    name: 'churn',
    runId: null,
    artifact: { path: 'm', sha256: 'c'.repeat(64), bytes: 1 },
    evaluation: { measure: { metric: 'f1_macro', atLeast: 0.8, value: 0.9, passed: true } } as never,
    createdBy: 'ada'
  });
  await openIncident(store, 'late file', { kind: 'dataset', ref: data }, 'bob');
  await store.review.record({ by: 'ada', olderThanDays: 90, findings: [] }, Date.now());
}

describe.each(ENGINES)('mlnb doctor on a %s store', engine => {
  const t = storePerTest(engine);

  test('without evidence every question answers no (a PostgreSQL store is already shared: partly on 6 and 9)', async () => {
    const report = await diagnose(t.store, { workspace: workspaceFacts(t.dir), env: {} });
    const shared = engine === 'postgres' ? 'partly' : 'no';
    expect(answers(report)).toEqual(['no', 'no', 'no', 'no', 'no', shared, 'no', 'no', shared]);
    expect(report.score).toBe(engine === 'postgres' ? 1 : 0);
    for (const a of report.answers) {
      expect(a.evidence.length).toBeGreaterThan(0);
      expect(a.improve).not.toBe('');
    }
    expect(report.answers[6]).toMatchObject({
      evidence: ['no review recorded'],
      improve: 'mlnb review (then mlnb gc --yes)'
    });
  });

  test('with the evidence each question answers yes, naming what it counted', async () => {
    await buildEvidence(t.store, t.dir);
    const report = await diagnose(t.store, {
      workspace: workspaceFacts(t.dir),
      env: { MLNB_ARTIFACTS: '/shared' }
    });
    // One person wrote notes and one opened an incident: two people, but SQLite is one machine's.
    const collaboration = engine === 'postgres' ? 'yes' : 'partly';
    expect(answers(report)).toEqual(['yes', 'yes', 'yes', 'yes', 'yes', collaboration, 'yes', 'yes', 'yes']);
    expect(report.score).toBe(engine === 'postgres' ? 9 : 8.5);
    const evidence = report.answers.map(a => a.evidence.join(' | '));
    expect(evidence[1]).toContain(
      '2/2 (100%) runs of the last 90 days have a commit, a clean tree, hashed data and a seed'
    );
    expect(evidence[2]).toContain('2/2 (100%) data refs of recent runs are catalog versions');
    expect(evidence[3]).toContain('2/2 (100%) attempts of the last 90 days succeeded');
    expect(evidence[4]).toMatch(/1 incidents, 1 open: [0-9a-f]{12} "late file"/);
    expect(evidence[5]).toContain('2 people wrote notes or incidents: ada, bob');
    expect(evidence[7]).toContain('1/1 (100%) model versions registered with an evaluation measure');
    expect(evidence[8]).toContain('1 jobs on an engine (Airflow, Kubernetes, Argo): nightly on airflow');
  });

  test('half the evidence is partly: a dirty run among clean ones, an undocumented dataset, a failed attempt outside any incident', async () => {
    await buildEvidence(t.store, t.dir);
    const dirty = await addRun(t.store, {
      code: { git: { ...CLEAN, dirty: true }, notebook: null },
      seed: 1
    });
    const bare = await addDataset(t.store, t.dir, 'bare', '9,9');
    await readBy(t.store, dirty, bare, 'd'.repeat(64));
    const other = await addJob(t.store, { name: 'weekly', createdAt: Date.now() });
    await addAttempt(t.store, other.id, 'failed');
    await addAttempt(t.store, other.id, 'failed');
    const report = await diagnose(t.store, { workspace: workspaceFacts(t.dir), env: {} });
    const [, reproducible, search, deployment, bugs] = report.answers;
    expect(reproducible).toMatchObject({ answer: 'partly', points: 0.5 });
    expect(reproducible.evidence[0]).toMatch(/^2\/3 \(67%\) runs/);
    expect(reproducible.evidence[2]).toBe(`incomplete: ${dirty.slice(0, 8)}`);
    expect(search).toMatchObject({ answer: 'partly' });
    expect(search.improve).toBe('mlnb datasets annotate bare --description TEXT --owner NAME');
    expect(deployment).toMatchObject({ answer: 'partly' });
    expect(bugs).toMatchObject({ answer: 'partly' });
    expect(bugs.evidence[1]).toMatch(/^0\/2 \(0%\) failed attempts .* unlinked weekly/);
  });
});

test('mlnb doctor --fail-under is a CI gate; a threshold outside 0-9 is a usage error', () =>
  withTempDir(dir => {
    const env = { MLNB_STORE: path.join(dir, 'store.db'), MLNB_ARTIFACTS: '' };
    const low = runCli(['doctor', '--fail-under', '5'], { cwd: dir, env });
    expect(low.status).toBe(1);
    expect(low.stdout).toContain('score: 0 / 9');
    expect(low.stderr).toContain('the score 0 is below 5 (--fail-under)');
    const json = runCli(['doctor', '--json', '--fail-under', '0'], { cwd: dir, env });
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ score: 0 });
    for (const bad of ['10', '-1', 'high']) {
      expectUsageError(
        runCli(['doctor', '--fail-under', bad], { cwd: dir, env }),
        'the score runs from 0 to 9'
      );
    }
  }));

test('mlnb doctor --setup clones the workspace, runs a notebook headless into a store of its own, and reports the time', () =>
  withTempDir(dir => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
    git('init', '-q');
    writeNotebook(dir, 'first.ipynb', [code('c1', "console.log('day one');")]);
    git('add', 'first.ipynb');
    git('commit', '-qm', 'a notebook');
    const env = { MLNB_STORE: path.join(dir, 'store.db') };
    const done = runCli(['doctor', '--setup', '--json'], { cwd: dir, env });
    const setup = JSON.parse(done.stdout).answers[0];
    expect(setup.answer).toBe('yes');
    expect(setup.evidence[2]).toMatch(/^a fresh clone installed and ran first\.ipynb in \d+(\.\d)? s$/);
    // The clone ran into its own store: the workspace's has no run.
    expect(runCli(['runs', 'list', '--json'], { cwd: dir, env }).stdout.trim()).toBe('[]');
    fs.rmSync(path.join(dir, '.git'), { recursive: true, force: true });
    const notRepo = JSON.parse(runCli(['doctor', '--setup', '--json'], { cwd: dir, env }).stdout).answers[0];
    expect(notRepo).toMatchObject({ answer: 'no', improve: 'fix what `mlnb doctor --setup` reports above' });
    expect(notRepo.evidence[2]).toContain('setup failed at git');
  }));
