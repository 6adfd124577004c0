import { randomBytes } from 'node:crypto';
import type { Driver } from '../engine/driver';
import { SqlEntityStore } from '../engine/entity-store';
import { REVIEW_SQL as S } from './sql';
import type { Candidate, FindingKind, RemovalRecord, ReviewFinding, ReviewStore } from './types';

const DAY = 86_400_000;
const days = (ms: number, now: number) => `${Math.floor((now - Number(ms)) / DAY)} days`;

/** Reviews and removals, written once over either engine's driver. */
export class SqlReviewStore extends SqlEntityStore implements ReviewStore {
  async candidates(before: number): Promise<Candidate[]> {
    const now = Date.now();
    const found: Candidate[] = [];
    for (const d of await this.db.all<{ name: string; created_at: number }>(S.neverLoaded, [before])) {
      found.push({
        kind: 'dataset-never-loaded',
        ref: d.name,
        reason: `no run loaded any version in ${days(d.created_at, now)}`
      });
    }
    for (const v of await this.db.all<{ name: string; version: number }>(S.neverRead, [before])) {
      found.push({
        kind: 'version-never-read',
        ref: `${v.name}@${v.version}`,
        reason: 'no run read it; a later version exists'
      });
    }
    const jobs = await this.db.all<{
      name: string;
      enabled: number | boolean;
      created_at: number;
      updated_at: number;
      last_success: number | null;
      last_status: string | null;
    }>(S.jobs);
    for (const j of jobs) {
      if (!Number(j.enabled) && Number(j.updated_at) < before) {
        found.push({ kind: 'job-paused', ref: j.name, reason: `paused for ${days(j.updated_at, now)}` });
      } else if (j.last_status === 'failed' && Number(j.last_success ?? j.created_at) < before) {
        found.push({
          kind: 'job-failing',
          ref: j.name,
          reason:
            j.last_success === null
              ? 'never succeeded'
              : `failing since its last success ${days(j.last_success, now)} ago`
        });
      }
    }
    for (const v of await this.db.all<{ model_name: string; version: number }>(S.neverPromoted, [before])) {
      found.push({
        kind: 'model-never-promoted',
        ref: `${v.model_name}@${v.version}`,
        reason: 'never moved to any stage'
      });
    }
    for (const r of await this.db.all<{ id: string; name: string; experiment: string }>(S.withoutMetrics, [
      before
    ])) {
      found.push({
        kind: 'run-without-metrics',
        ref: r.id,
        reason: `no metric logged (${r.experiment} ${r.name})`
      });
    }
    return found;
  }

  async experiments(): Promise<string[]> {
    return (await this.db.all<{ experiment: string }>(S.experiments)).map(r => r.experiment);
  }

  async artifactOwners(): Promise<{ runs: Set<string>; jobs: Set<string>; modelPaths: string[] }> {
    return {
      runs: new Set((await this.db.all<{ id: string }>(S.runIds)).map(r => r.id)),
      jobs: new Set((await this.db.all<{ id: string }>(S.jobIds)).map(r => r.id)),
      modelPaths: (await this.db.all<{ artifact_path: string }>(S.modelPaths)).map(r => r.artifact_path)
    };
  }

  async record(
    review: { by: string; olderThanDays: number; findings: ReviewFinding[] },
    at: number
  ): Promise<void> {
    await this.db.run(S.insertReview, [
      randomBytes(8).toString('hex'),
      at,
      review.by,
      review.olderThanDays,
      JSON.stringify(review.findings)
    ]);
  }

  async remove(finding: Candidate, by: string, before: number): Promise<boolean> {
    return this.locked(async tx => {
      const removed = await removeOne(tx, finding, before);
      if (removed) {
        await tx.run(S.insertRemoval, [
          randomBytes(8).toString('hex'),
          finding.kind,
          finding.ref,
          finding.reason,
          by,
          Date.now()
        ]);
        await tx.notifyChanges();
      }
      return removed;
    });
  }

  async removals(): Promise<RemovalRecord[]> {
    const rows = await this.db.all<{
      kind: FindingKind;
      ref: string;
      reason: string;
      removed_by: string;
      removed_at: number;
    }>(S.removals);
    return rows.map(r => ({
      kind: r.kind,
      ref: r.ref,
      reason: r.reason,
      by: r.removed_by,
      at: new Date(Number(r.removed_at)).toISOString()
    }));
  }
}

async function removeOne(tx: Driver, finding: Candidate, before: number): Promise<boolean> {
  switch (finding.kind) {
    case 'dataset-never-loaded': {
      const row = await tx.get<{ id: number }>(`${S.datasetId}${tx.lockRows}`, [finding.ref]);
      if (!row) {
        return false;
      }
      // The search row first: SQLite's full-text table has no foreign key to cascade.
      await tx.run(S.deleteDatasetSearch, [row.id]);
      return (await tx.run(S.deleteDataset, [row.id])).changes > 0;
    }
    case 'version-never-read': {
      const at = finding.ref.lastIndexOf('@');
      const version = Number(finding.ref.slice(at + 1));
      return (
        (await tx.run(S.deleteVersion, [version, finding.ref, finding.ref.slice(0, at), version])).changes > 0
      );
    }
    case 'run-without-metrics':
      return (await tx.run(S.deleteRun, [finding.ref, before])).changes > 0;
    case 'job-paused':
      return (await tx.run(S.deleteJob, [finding.ref, before])).changes > 0;
    case 'orphan-artifact':
      return true;
    default:
      return false;
  }
}
