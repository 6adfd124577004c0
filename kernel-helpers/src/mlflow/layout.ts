import * as fs from 'node:fs';
import * as path from 'node:path';
import { runDatasets } from '../catalog/run-datasets';
import type { Store } from '../store/engine/store';
import type { RunRecord } from '../store/runs/types';
import { MLNB_VERSION } from '../version';
import { artifactFiles } from './artifacts';
import { datasetInputs, millis, mlflowStatus, runMetrics, runParams, runTags } from './mapping';

/**
 * `mlnb export mlflow --dir DIR`: the runs as mlflow-export-import's experiment layout, for
 * `import-experiment` on the far side of an air gap:
 *   DIR/<experiment>/experiment.json, DIR/<experiment>/<run id>/run.json + artifacts/.
 * Writing again replaces the files: the same runs give the same files.
 */
export async function writeExportLayout(
  store: Store,
  dir: string,
  runs: RunRecord[],
  experimentName?: string
): Promise<{ experiment: string; folder: string; runs: string[] }[]> {
  const byExperiment = new Map<string, RunRecord[]>();
  for (const run of runs) {
    const name = experimentName ?? run.experiment;
    byExperiment.set(name, [...(byExperiment.get(name) ?? []), run]);
  }
  const now = new Date();
  const system = {
    package_version: `mlnb ${MLNB_VERSION}`,
    script: 'mlnb export mlflow --dir',
    export_time: Math.floor(now.getTime() / 1000),
    _export_time: now.toISOString().slice(0, 19).replace('T', ' ')
  };
  const written = [];
  for (const [experiment, members] of byExperiment) {
    const folder = path.join(dir, folderName(experiment));
    fs.mkdirSync(folder, { recursive: true });
    for (const run of members) {
      await writeRun(store, path.join(folder, run.id), run, system);
    }
    const ids = members.map(r => r.id);
    writeJson(path.join(folder, 'experiment.json'), {
      system,
      info: { num_total_runs: ids.length, num_ok_runs: ids.length, num_failed_runs: 0, failed_runs: [] },
      mlflow: { experiment: { name: experiment, lifecycle_stage: 'active', tags: {} }, runs: ids }
    });
    written.push({ experiment, folder, runs: ids });
  }
  return written;
}

async function writeRun(store: Store, folder: string, run: RunRecord, system: object): Promise<void> {
  fs.rmSync(path.join(folder, 'artifacts'), { recursive: true, force: true });
  for (const { relative, file } of artifactFiles(store.artifactRoot, run)) {
    const target = path.join(folder, 'artifacts', ...relative.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
  const metrics: Record<string, { value: number; timestamp: number; step: number }[]> = {};
  for (const { key, value, timestamp, step } of runMetrics(run)) {
    (metrics[key] ??= []).push({ value, timestamp, step });
  }
  writeJson(path.join(folder, 'run.json'), {
    system,
    mlflow: {
      info: {
        run_uuid: run.id,
        run_id: run.id,
        user_id: run.user,
        status: mlflowStatus(run.status),
        start_time: millis(run.startTime),
        end_time: millis(run.endTime),
        lifecycle_stage: 'active',
        run_name: run.name
      },
      params: Object.fromEntries(runParams(run).map(p => [p.key, p.value])),
      metrics,
      tags: Object.fromEntries(runTags(run).map(t => [t.key, t.value])),
      inputs: datasetInputs(run, await runDatasets(store, run))
    }
  });
}

/** A folder name for an experiment (a notebook path): its slashes become "_". */
function folderName(experiment: string): string {
  return experiment.replace(/[\\/]+/g, '_').replace(/[^\w.@-]/g, '_') || 'experiment';
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}
