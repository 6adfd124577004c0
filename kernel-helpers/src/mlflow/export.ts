import * as fs from 'node:fs';
import { runDatasets } from '../catalog/run-datasets';
import type { Store } from '../store/engine/store';
import type { RunRecord } from '../store/runs/types';
import { artifactFiles } from './artifacts';
import {
  datasetInputs,
  millis,
  MLFLOW_URL_TAG,
  mlflowStatus,
  pointKey,
  RUN_ID_TAG,
  runMetrics,
  runParams,
  runTags
} from './mapping';
import { MlflowClient } from './rest';

/** What one run's export did: what was new, and where the run is in MLflow. */
export interface RunExport {
  runId: string;
  experiment: string;
  experimentId: string;
  mlflowRunId: string;
  created: boolean;
  metrics: number;
  params: number;
  tags: number;
  inputs: number;
  artifacts: number;
  url: string;
}

/**
 * Exports runs to an MLflow tracking server. A run is found again by its `mlnb.run_id` tag, so a
 * second export adds only what MLflow does not have yet (new metric points, params, inputs,
 * artifacts, a changed status) and never makes a second run.
 */
export class MlflowExporter {
  private readonly experiments = new Map<string, string>();

  constructor(
    private readonly client: MlflowClient,
    private readonly store: Store
  ) {}

  async exportRun(run: RunRecord, experimentName?: string): Promise<RunExport> {
    const experiment = experimentName ?? run.experiment;
    const experimentId = await this.experimentId(experiment);
    const idTag = { key: RUN_ID_TAG, value: run.id };
    const found = await this.client.findRun(experimentId, idTag);
    const mlflowRun =
      found ??
      (await this.client.createRun({
        experiment_id: experimentId,
        run_name: run.name,
        start_time: millis(run.startTime)!,
        user_id: run.user,
        // Only the id tag here: should the export stop halfway, the next one finds this run.
        tags: [idTag]
      }));
    const id = mlflowRun.info.run_id;

    const haveParams = new Set((found?.data.params ?? []).map(p => p.key));
    const params = runParams(run).filter(p => !haveParams.has(p.key));
    const haveTags = new Map((found?.data.tags ?? []).map(t => [t.key, t.value]));
    const tags = runTags(run).filter(t => haveTags.get(t.key) !== t.value);
    const metrics = await this.newPoints(run, id, new Set((found?.data.metrics ?? []).map(m => m.key)));
    await this.client.logBatch(id, { metrics, params, tags });

    const haveInputs = new Set(
      (found?.inputs?.dataset_inputs ?? []).map(i => `${i.dataset.name}\0${i.dataset.digest}`)
    );
    const inputs = datasetInputs(run, await runDatasets(this.store, run)).filter(
      i => !haveInputs.has(`${i.dataset.name}\0${i.dataset.digest}`)
    );
    if (inputs.length > 0) {
      await this.client.logInputs(id, inputs);
    }

    const haveFiles = found ? await this.client.artifactSizes(id) : new Map<string, number>();
    let artifacts = 0;
    for (const { relative, file } of artifactFiles(this.store.artifactRoot, run)) {
      if (haveFiles.get(relative) !== fs.statSync(file).size) {
        await this.client.putArtifact(mlflowRun.info.artifact_uri, relative, fs.readFileSync(file));
        artifacts++;
      }
    }

    const status = mlflowStatus(run.status);
    const endTime = millis(run.endTime);
    if (!found || found.info.status !== status || (found.info.end_time ?? null) !== endTime) {
      await this.client.updateRun(id, status, endTime);
    }
    const url = `${this.client.base}/#/experiments/${experimentId}/runs/${id}`;
    if (run.tags[MLFLOW_URL_TAG] !== url) {
      await this.store.runs.setTags(run.id, { [MLFLOW_URL_TAG]: url });
    }
    return {
      runId: run.id,
      experiment,
      experimentId,
      mlflowRunId: id,
      created: !found,
      metrics: metrics.length,
      params: params.length,
      tags: tags.length,
      inputs: inputs.length,
      artifacts,
      url
    };
  }

  private async experimentId(name: string): Promise<string> {
    let id = this.experiments.get(name);
    if (!id) {
      id = await this.client.experimentId(name);
      this.experiments.set(name, id);
    }
    return id;
  }

  /** The run's metric points MLflow does not hold yet (histories read only for keys it has). */
  private async newPoints(run: RunRecord, mlflowRunId: string, keysThere: Set<string>) {
    const points = runMetrics(run);
    const there = new Set<string>();
    for (const key of keysThere) {
      if (run.metrics[key]) {
        (await this.client.metricHistory(mlflowRunId, key)).forEach(p => there.add(pointKey(p)));
      }
    }
    return points.filter(p => !there.has(pointKey(p)));
  }
}
