import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReviewReport } from '../contracts';
import type { Store } from '../store/engine/store';
import { type Candidate, REMOVABLE, type ReviewFinding } from '../store/review/types';

const DAY = 86_400_000;
const RUN_ID = /^[0-9a-f]{32}$/;

/** What a person decides on, with the command that does it (gc never removes these). */
const LISTED_ONLY: Partial<Record<ReviewFinding['kind'], string>> = {
  'job-failing': 'listed for a person: fix it, or mlnb jobs delete',
  'model-never-promoted': 'listed for a person: promote or archive it (mlnb models promote)',
  'experiment-notebook-gone': 'listed for a person: its runs stay searchable'
};

export interface ReviewOptions {
  olderThanDays: number;
  /** The workspace folder experiments' notebook paths are relative to. */
  workspace: string;
  now?: number;
}

/**
 * What looks dead: datasets never loaded, versions nobody read, jobs failing or paused for long,
 * models never promoted, runs with no metrics, artifacts no record points at, experiments whose
 * notebook is gone. Each finding says what keeps it: a production model's lineage, an open
 * incident's, or being a kind only a person removes. gc removes only those kept by nothing.
 */
export async function reviewDead(store: Store, options: ReviewOptions): Promise<ReviewReport> {
  const now = options.now ?? Date.now();
  const before = now - options.olderThanDays * DAY;
  const candidates = [
    ...(await store.review.candidates(before)),
    ...(await goneNotebooks(store, options.workspace)),
    ...(await orphanArtifacts(store, before))
  ];
  const keep = await keptByLineage(store);
  const findings = candidates.map((c): ReviewFinding => ({
    ...c,
    keptBy: LISTED_ONLY[c.kind] ?? keep(c) ?? null
  }));
  return { reviewedAt: new Date(now).toISOString(), olderThanDays: options.olderThanDays, findings };
}

/** The findings gc may remove. */
export const removable = (report: ReviewReport): ReviewFinding[] =>
  report.findings.filter(f => f.keptBy === null && REMOVABLE.includes(f.kind));

async function goneNotebooks(store: Store, workspace: string): Promise<Candidate[]> {
  return (await store.review.experiments())
    .filter(experiment => /\.ipynb$/.test(experiment) && !fs.existsSync(path.resolve(workspace, experiment)))
    .map(experiment => ({
      kind: 'experiment-notebook-gone' as const,
      ref: experiment,
      reason: `${experiment} is not in ${workspace}`
    }));
}

/** Folders of the artifact root whose run, job or model is gone (runs/<id>, jobs/<id>, reruns/<id>). */
async function orphanArtifacts(store: Store, before: number): Promise<Candidate[]> {
  const root = store.artifactRoot;
  if (!fs.existsSync(root)) {
    return [];
  }
  const owners = await store.review.artifactOwners();
  const modelDirs = new Set(owners.modelPaths.map(p => p.split('/')[0]));
  const old = (dir: string) => fs.statSync(dir).mtimeMs < before;
  const found: Candidate[] = [];
  const under = (folder: string) =>
    fs.existsSync(path.join(root, folder)) ? fs.readdirSync(path.join(root, folder)) : [];
  for (const name of fs.readdirSync(root)) {
    if (RUN_ID.test(name) && !owners.runs.has(name) && !modelDirs.has(name) && old(path.join(root, name))) {
      found.push({ kind: 'orphan-artifact', ref: name, reason: 'its run was deleted' });
    }
  }
  for (const id of under('jobs')) {
    if (!owners.jobs.has(id) && old(path.join(root, 'jobs', id))) {
      found.push({ kind: 'orphan-artifact', ref: `jobs/${id}`, reason: 'its job was deleted' });
    }
  }
  for (const id of under('reruns')) {
    if (!owners.runs.has(id) && old(path.join(root, 'reruns', id))) {
      found.push({ kind: 'orphan-artifact', ref: `reruns/${id}`, reason: 'its run was deleted' });
    }
  }
  return found;
}

/**
 * What a production model or an open incident depends on, as a function from a finding to the
 * one that keeps it (or undefined).
 */
async function keptByLineage(store: Store): Promise<(c: Candidate) => string | undefined> {
  const keepers = new Map<string, string>();
  const keepAll = (
    set: { datasets: string[]; runs: string[]; models: string[]; jobs: string[] },
    by: string
  ) => {
    for (const d of set.datasets) {
      keepers.set(`version:${d}`, by);
      keepers.set(`dataset:${d.slice(0, d.lastIndexOf('@'))}`, by);
    }
    set.runs.forEach(r => keepers.set(`run:${r}`, by));
    set.jobs.forEach(j => keepers.set(`job:${j}`, by));
  };
  for (const model of await store.models.list()) {
    if (model.production !== null) {
      const ref = `${model.name}@${model.production}`;
      keepAll(await store.incidents.upstream({ models: [ref], runs: [] }), `production model ${ref}`);
    }
  }
  for (const incident of await store.incidents.list('open')) {
    keepAll(incident.affected, `open incident ${incident.id}`);
  }
  return c => {
    switch (c.kind) {
      case 'dataset-never-loaded':
        return keepers.get(`dataset:${c.ref}`);
      case 'version-never-read':
        return keepers.get(`version:${c.ref}`);
      case 'run-without-metrics':
        return keepers.get(`run:${c.ref}`);
      case 'job-paused':
      case 'job-failing':
        return keepers.get(`job:${c.ref}`);
      default:
        return undefined;
    }
  };
}

export interface GcResult {
  report: ReviewReport;
  removed: ReviewFinding[];
}

/**
 * Removes what the review lists as removable, one transaction per item (each recorded); an
 * item that came back to life meanwhile (read, logged to, resumed) is left alone. Files of a
 * removed run, job or orphan folder are deleted after their record.
 */
export async function collectGarbage(
  store: Store,
  options: ReviewOptions & { by: string }
): Promise<GcResult> {
  const report = await reviewDead(store, options);
  const before = Date.parse(report.reviewedAt) - options.olderThanDays * DAY;
  const removed: ReviewFinding[] = [];
  for (const finding of removable(report)) {
    const jobId = finding.kind === 'job-paused' ? (await store.jobs.get(finding.ref))?.id : undefined;
    if (!(await store.review.remove(finding, options.by, before))) {
      continue;
    }
    removed.push(finding);
    const files =
      finding.kind === 'orphan-artifact'
        ? finding.ref
        : finding.kind === 'run-without-metrics'
          ? finding.ref
          : jobId
            ? `jobs/${jobId}`
            : null;
    if (files) {
      fs.rmSync(path.join(store.artifactRoot, files), { recursive: true, force: true });
    }
  }
  return { report, removed };
}
