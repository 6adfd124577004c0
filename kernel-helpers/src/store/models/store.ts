import type { LiveMetric, ServingStatus } from '../../contracts';
import { SqlEntityStore } from '../engine/entity-store';
import {
  HistoryRow,
  liveMetric,
  LiveMetricRow,
  MODEL_SQL as S,
  modelDates,
  ModelRow,
  modelSummary,
  stageChange,
  servingStatus,
  SummaryRow,
  versionRecord,
  VersionRow
} from './sql';
import {
  EXCLUSIVE_STAGES,
  ModelError,
  ModelRecord,
  ModelStage,
  ModelStore,
  ModelSummary,
  ModelVersionRecord,
  NewModelVersion,
  StageChange,
  StageMove
} from './types';

/**
 * The registry, written once over either engine's driver: a row per model, per version, and per
 * stage change. A write holds the model (an immediate transaction on SQLite, the model's row
 * locked on PostgreSQL), so a version number or a stage is never decided from a stale read.
 */
export class SqlModelStore extends SqlEntityStore implements ModelStore {
  async register(input: NewModelVersion): Promise<ModelVersionRecord> {
    const now = Date.now();
    const version = await this.notifying(
      async tx => {
        // On PostgreSQL the upsert locks the model's row until commit: registrations number in turn.
        await tx.run(S.upsertModel, [input.name, now, now]);
        const { latest } = (await tx.get<{ latest: number }>(S.latestVersion, [input.name]))!;
        const measure = input.evaluation?.measure;
        await tx.run(S.insertVersion, [
          input.name,
          latest + 1,
          input.runId,
          input.artifact.path,
          input.artifact.sha256,
          input.artifact.bytes,
          input.evaluation ? JSON.stringify(input.evaluation) : null,
          measure ? Number(measure.passed) : null,
          input.createdBy,
          now
        ]);
        return latest + 1;
      },
      { locked: true }
    );
    return (await this.version(input.name, version))!;
  }

  async list(): Promise<ModelSummary[]> {
    return (await this.db.all<SummaryRow>(S.list)).map(modelSummary);
  }

  async get(name: string): Promise<ModelRecord | null> {
    const model = await this.db.get<ModelRow>(S.getModel, [name]);
    if (!model) {
      return null;
    }
    const versions = await this.db.all<VersionRow>(S.versions, [name]);
    const history = await this.db.all<HistoryRow>(S.history, [name]);
    return {
      name: model.name,
      description: model.description,
      ...modelDates(model),
      versions: versions.map(versionRecord),
      history: history.map(stageChange)
    };
  }

  async version(name: string, selector: number | ModelStage): Promise<ModelVersionRecord | null> {
    const row =
      typeof selector === 'number'
        ? await this.db.get<VersionRow>(S.versionByNumber, [name, selector])
        : await this.db.get<VersionRow>(S.versionByStage, [name, selector]);
    return row ? versionRecord(row) : null;
  }

  async changedSince(since: number): Promise<{ name: string; updatedAt: number }[]> {
    return this.changesSince('name', S.changedSince, [since]);
  }

  async logLiveMetric(name: string, point: LiveMetric): Promise<void> {
    await this.db.run(S.insertLiveMetric, [
      name,
      point.version,
      point.key,
      point.value,
      point.count,
      Date.parse(point.at)
    ]);
  }

  async liveMetrics(name: string): Promise<LiveMetric[]> {
    return (await this.db.all<LiveMetricRow>(S.liveMetrics, [name])).map(liveMetric);
  }

  async saveServer(status: ServingStatus): Promise<void> {
    await this.db.run(S.upsertServer, [
      status.address,
      status.model,
      JSON.stringify(status),
      Date.parse(status.heartbeatAt)
    ]);
  }

  async servers(name: string, aliveSince: number): Promise<ServingStatus[]> {
    return (await this.db.all<{ status: string }>(S.servers, [name, aliveSince])).map(servingStatus);
  }

  async removeServer(address: string): Promise<void> {
    await this.db.run(S.deleteServer, [address]);
  }

  async setStage(name: string, version: number, move: StageMove): Promise<StageChange[]> {
    const now = Date.now();
    return this.locked(async tx => {
      if (tx.lockRows) {
        await tx.run(`SELECT name FROM models WHERE name = ?${tx.lockRows}`, [name]);
      }
      const current = await tx.get<{ stage: ModelStage }>(S.stageOf, [name, version]);
      if (!current) {
        throw new ModelError(`${name} has no version ${version}.`);
      }
      if (current.stage === move.stage) {
        return [];
      }
      const changes: StageChange[] = [];
      const record = async (v: number, from: ModelStage, to: ModelStage, forced: boolean, reason: string) => {
        await tx.run(S.setStage, [to, name, v]);
        await tx.run(S.insertStageChange, [name, v, from, to, move.by, now, Number(forced), reason]);
        changes.push({
          version: v,
          from,
          to,
          by: move.by,
          at: new Date(now).toISOString(),
          forced,
          reason
        });
      };
      if (EXCLUSIVE_STAGES.includes(move.stage)) {
        for (const holder of await tx.all<{ version: number }>(S.holdersOf, [name, move.stage, version])) {
          await record(holder.version, move.stage, 'archived', false, `replaced by version ${version}`);
        }
      }
      await record(version, current.stage, move.stage, move.forced ?? false, move.reason ?? '');
      await tx.run(S.touchModel, [now, name]);
      // Told only here: a move to the stage a version has already changes nothing.
      await tx.notifyChanges();
      return changes;
    });
  }
}
