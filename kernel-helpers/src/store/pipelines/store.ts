import { SqlEntityStore } from '../engine/entity-store';
import {
  leaseColumns,
  pipelineColumns,
  PipelineRow,
  RunRow,
  runnerStopped,
  runnerStoppedReasons,
  stepColumns,
  StepRow,
  StepRunRow,
  stepRunUpdate,
  toPipeline,
  toRun
} from './rows';
import { PIPELINE_SQL as S } from './sql';
import {
  ExpiryCheck,
  NewPipeline,
  NewPipelineRun,
  PipelineExistsError,
  PipelinePatch,
  PipelineRecord,
  PipelineRun,
  PipelineStore,
  RunLease,
  StepRunPatch
} from './types';

/**
 * Pipelines and their runs over either engine's driver. A run's slot is its row's unique
 * (pipeline, trigger, slot): one INSERT … ON CONFLICT DO NOTHING wins, whatever the number of
 * schedulers, so a scheduled slot or a dataset version starts one run. The run's lease (runner
 * host, pid, until) says whether the process driving it is still there.
 */
export class SqlPipelineStore extends SqlEntityStore implements PipelineStore {
  async create(pipeline: NewPipeline): Promise<void> {
    await this.notifying(async tx => {
      const inserted = await tx.run(S.insertPipeline, pipelineColumns(pipeline));
      if (inserted.changes === 0) {
        throw new PipelineExistsError(
          `A pipeline named "${pipeline.name}" exists already: choose another name.`
        );
      }
      await tx.runEach(
        S.insertStep,
        pipeline.steps.map((step, i) => stepColumns(pipeline.id, step, i))
      );
    });
  }

  async get(idOrName: string): Promise<PipelineRecord | undefined> {
    const row = await this.db.get<PipelineRow>(S.getPipeline, [idOrName, idOrName, idOrName]);
    return row && toPipeline(row, await this.db.all<StepRow>(S.stepsOf, [row.id]));
  }

  async list(): Promise<PipelineRecord[]> {
    const rows = await this.db.all<PipelineRow>(S.listPipelines);
    return Promise.all(
      rows.map(async row => toPipeline(row, await this.db.all<StepRow>(S.stepsOf, [row.id])))
    );
  }

  async update(id: string, patch: PipelinePatch, at: number): Promise<PipelineRecord | undefined> {
    const current = await this.get(id);
    if (!current || current.id !== id) {
      return undefined;
    }
    const next = { ...current, ...patch };
    await this.db.run(S.updatePipeline, {
      id,
      enabled: next.enabled ? 1 : 0,
      schedule_cron: next.schedule?.cron ?? null,
      schedule_tz: next.schedule?.timezone ?? null,
      updated_at: at
    });
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.changedAny(S.deletePipeline, [id]);
  }

  async stepJobIds(): Promise<Set<string>> {
    return new Set((await this.db.all<{ job_id: string }>(S.stepJobIds)).map(row => row.job_id));
  }

  async claimRun(run: NewPipelineRun): Promise<boolean> {
    return this.locked(async tx => {
      const taken = await tx.run(S.insertRun, {
        id: run.id,
        pipeline_id: run.pipelineId,
        trigger: run.trigger,
        slot: run.slot,
        inputs: JSON.stringify(run.inputs),
        start_time: run.startTime,
        ...leaseColumns(run.lease)
      });
      if (taken.changes === 0) {
        return false;
      }
      await tx.runEach(
        S.insertStepRun,
        run.steps.map((step, i) => [run.id, step, i])
      );
      return true;
    });
  }

  async lastSlot(pipelineId: string, trigger: PipelineRun['trigger']): Promise<number | null> {
    const slot = (await this.db.get<{ slot: number | null }>(S.lastSlot, [pipelineId, trigger]))!.slot;
    return slot === null ? null : Number(slot);
  }

  async getRun(id: string): Promise<PipelineRun | undefined> {
    const row = await this.db.get<RunRow>(S.getRun, [id]);
    return row && toRun(row, await this.db.all<StepRunRow>(S.stepRunsOf, [row.id]));
  }

  async runs(pipelineId: string, limit = 50): Promise<PipelineRun[]> {
    const rows = await this.db.all<RunRow>(S.runsOf, [pipelineId, limit]);
    return Promise.all(
      rows.map(async row => toRun(row, await this.db.all<StepRunRow>(S.stepRunsOf, [row.id])))
    );
  }

  async hasRunning(pipelineId: string): Promise<boolean> {
    return (await this.db.get(S.runningOf, [pipelineId])) !== undefined;
  }

  async finishRun(id: string, status: PipelineRun['status'], at: number | null): Promise<void> {
    await this.db.run(S.finishRun, [status, at, id]);
  }

  async updateStep(runId: string, step: string, patch: StepRunPatch): Promise<void> {
    const update = stepRunUpdate(runId, step, patch);
    if (update) {
      await this.db.run(update.sql, update.params);
    }
  }

  async renewLease(id: string, lease: RunLease): Promise<boolean> {
    return (await this.db.run(S.renewLease, { id, ...leaseColumns(lease) })).changes > 0;
  }

  async takeOver(id: string, lease: RunLease): Promise<boolean> {
    return (await this.db.run(S.takeOver, { id, ...leaseColumns(lease) })).changes > 0;
  }

  async expireRuns(check: ExpiryCheck): Promise<PipelineRun[]> {
    const stopped = (await this.db.all<RunRow>(S.runningRuns)).filter(row => runnerStopped(row, check));
    const failed: string[] = [];
    for (const row of stopped) {
      const reasons = runnerStoppedReasons(row);
      const taken = await this.db.transaction(async tx => {
        // Only if still running: another process may have failed (or finished) it meanwhile.
        if ((await tx.run(S.failRun, [reasons.run, check.now, row.id])).changes === 0) {
          return false;
        }
        await tx.run(S.failRunningSteps, [reasons.running, check.now, row.id]);
        await tx.run(S.stopPendingSteps, [reasons.pending, row.id]);
        return true;
      });
      if (taken) {
        failed.push(row.id);
      }
    }
    return Promise.all(failed.map(async id => (await this.getRun(id))!));
  }
}
