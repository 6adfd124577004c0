import * as fs from 'node:fs';
import type { FeatureDrift, ModelMonitor, PredictionShares } from '../contracts';
import { diffProfiles, PSI_DRIFT } from '../catalog/diff';
import { profileFile } from '../profile';
import type { DatasetProfile } from '../store/datasets/profile';
import { parseDatasetRef } from '../store/datasets/types';
import type { Store } from '../store/engine/store';
import { ModelError, type ModelVersionRecord } from '../store/models/types';
import { postWebhook } from '../runner/notify';
import { requestsDataset } from './request-log';

/** The prediction distributions shown: the newest versions of `<model>-requests`. */
const PREDICTION_VERSIONS = 30;

/**
 * Drift of what a model is served against what it was trained on: the newest version of
 * `<model>-requests` against the profile of the data the serving version's run read (a catalog
 * version, or else the file itself, profiled now), feature by feature (PSI on the training
 * histogram's bins, mean shift in training standard deviations); and the predictions per
 * version of `<model>-requests`, oldest first.
 */
export async function monitorModel(store: Store, name: string, threshold = PSI_DRIFT): Promise<ModelMonitor> {
  const model = await store.models.get(name);
  if (!model) {
    throw new ModelError(`No model "${name}" in the registry.`);
  }
  const live = await store.models.liveMetrics(name);
  const requests = await store.datasets.get(requestsDataset(name));
  const empty: ModelMonitor = {
    model: name,
    requests: null,
    training: null,
    rows: 0,
    threshold,
    maxPsi: 0,
    alert: false,
    features: [],
    predictions: [],
    live
  };
  if (!requests) {
    return empty;
  }
  const served = (await store.datasets.profile(requests.name, requests.version))!;
  const version = servedVersion(served, model.versions);
  const features = version.evaluation?.featureNames ?? [];
  const training = await trainingProfile(store, version, features);
  const drift: FeatureDrift[] = training
    ? diffProfiles(training.profile, served)
        .columns.filter(c => features.includes(c.column))
        .map(c => ({
          feature: c.column,
          psi: c.psi ?? null,
          meanShiftStd: c.meanShiftStd ?? null,
          drifted: (c.psi ?? 0) >= threshold
        }))
    : [];
  const maxPsi = Math.max(0, ...drift.map(d => d.psi ?? 0));
  return {
    ...empty,
    requests: `${requests.name}@${requests.version}`,
    training: training?.source ?? null,
    rows: served.rows,
    maxPsi,
    alert: maxPsi >= threshold,
    features: drift,
    predictions: await predictionsOverTime(store, requests.name, requests.versions)
  };
}

/** Tells a webhook that drift crossed the threshold; resolves with the problem, or null. */
export function alertDrift(webhook: string, report: ModelMonitor): Promise<string | null> {
  const worst = report.features.filter(f => f.drifted).map(f => `${f.feature} (PSI ${f.psi?.toFixed(3)})`);
  return postWebhook(webhook, {
    text:
      `mlnb: the requests served by ${report.model} drifted from its training data: ` +
      `max PSI ${report.maxPsi.toFixed(3)} ≥ ${report.threshold} in ${worst.join(', ')} (${report.requests}).`,
    ...report
  } as { text: string });
}

/** The model version that answered the newest logged rows (`model_version`), else the latest. */
function servedVersion(served: DatasetProfile, versions: ModelVersionRecord[]): ModelVersionRecord {
  const column = served.columns.find(c => c.name === 'model_version');
  const newest = Number(column?.statistics.max);
  return versions.find(v => v.version === newest) ?? versions[0];
}

/** The profile of the data the version's run read that holds its features. */
async function trainingProfile(
  store: Store,
  version: ModelVersionRecord,
  features: string[]
): Promise<{ profile: DatasetProfile; source: string } | null> {
  const run = version.runId ? await store.runs.get(version.runId) : undefined;
  const inputs = (run?.dataRefs ?? []).filter(r => r.role === 'input' && !r.uri.startsWith('models:/'));
  const holdsFeatures = (p: DatasetProfile | null) =>
    p !== null && p.columns.some(c => features.includes(c.name));
  for (const ref of inputs.filter(r => r.dataset)) {
    const { name, version: v } = parseDatasetRef(ref.dataset!);
    const profile = v === undefined ? null : await store.datasets.profile(name, v);
    if (holdsFeatures(profile)) {
      return { profile: profile!, source: ref.dataset! };
    }
  }
  for (const ref of inputs.filter(r => !r.dataset && fs.existsSync(r.uri))) {
    const profile = await profileFile(ref.uri).catch(() => null);
    if (holdsFeatures(profile)) {
      return { profile: profile!, source: ref.uri };
    }
  }
  return null;
}

async function predictionsOverTime(
  store: Store,
  dataset: string,
  versions: { version: number; createdAt: string; rows: number }[]
): Promise<PredictionShares[]> {
  const newest = [...versions].sort((a, b) => a.version - b.version).slice(-PREDICTION_VERSIONS);
  const out: PredictionShares[] = [];
  for (const v of newest) {
    const column = (await store.datasets.profile(dataset, v.version))?.columns.find(
      c => c.name === 'prediction'
    );
    const shares: Record<string, number> = {};
    if (column?.histogram?.kind === 'categorical') {
      const h = column.histogram;
      const total = h.counts.reduce((s, c) => s + c, 0) + h.other;
      h.values.forEach((value, i) => (shares[value] = total ? h.counts[i] / total : 0));
    }
    out.push({
      dataset: `${dataset}@${v.version}`,
      at: v.createdAt,
      rows: v.rows,
      shares,
      mean: column?.histogram?.kind === 'numeric' ? (column.statistics.mean ?? null) : null
    });
  }
  return out;
}
