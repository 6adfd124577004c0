// Generated from schemas/run.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

export type RunStatus = 'running' | 'finished' | 'failed' | 'killed';

export type RunSource = 'interactive' | 'batch' | 'job';

export type ParamType = 'number' | 'string' | 'boolean' | 'json';

/**
 * One tracked execution of a notebook: who ran what code, where, on which data, with which parameters, and what came out.
 */
export interface RunRecord {
  id: string;
  /**
   * The notebook path relative to the workspace (the folder holding .mlnb/).
   */
  experiment: string;
  name: string;
  status: RunStatus;
  source: RunSource;
  /**
   * The job whose attempt this run is; null otherwise
   */
  jobId: string | null;
  user: string;
  host: string;
  startTime: string;
  endTime: string | null;
  code: CodeVersion;
  /**
   * The cells executed, in the order they really ran.
   */
  cells: CellRecord[];
  environment: Environment;
  params: {
    [k: string]: ParamValue;
  };
  metrics: {
    [k: string]: MetricEntry[];
  };
  dataRefs: DataRef[];
  artifacts: ArtifactRecord[];
  tags: {
    [k: string]: string;
  };
  notes: string;
  /**
   * The seed Math.random started from when the run opened (null: recorded before mlnb seeded runs). A later %seed in the cells is replayed from the cells.
   */
  seed: number | null;
}

export interface CodeVersion {
  git: null | GitState;
  notebook: null | {
    path: string;
    /**
     * of the saved file when the run started
     */
    sha256: string | null;
  };
}

export interface GitState {
  /**
   * null in a repository with no commit yet
   */
  commit: string | null;
  /**
   * null on a detached HEAD
   */
  branch: string | null;
  /**
   * origin's URL, credentials removed
   */
  remote: string | null;
  dirty: boolean;
  /**
   * the artifact path of `git diff HEAD` when dirty
   */
  diffArtifact: string | null;
}

export interface CellRecord {
  seq: number;
  cellId: string | null;
  executionCount: number | null;
  sourceSha256: string;
  source: string;
  startTime: string;
  /**
   * null while the cell runs
   */
  durationMs: number | null;
  status: 'running' | 'ok' | 'error';
  error: string | null;
}

export interface Environment {
  node: string;
  tslab: string | null;
  typescript: string | null;
  os: {
    platform: string;
    release: string;
    arch: string;
  };
  cpu: {
    model: string;
    cores: number;
  };
  memoryBytes: number;
  /**
   * GPU models from nvidia-smi; null when it does not answer
   */
  gpu: string[] | null;
  container: null | {
    runtime: string;
    image: string | null;
  };
  tfjsBackend: string | null;
  /**
   * resolved versions of the packages the notebook imports
   */
  packages: {
    [k: string]: string;
  };
}

export interface ParamValue {
  type: ParamType;
  value: unknown;
}

export interface MetricEntry {
  step: number;
  value: number;
  time: string;
}

export interface DataRef {
  uri: string;
  /**
   * name@version when loaded from the catalog
   */
  dataset: string | null;
  sha256: string | null;
  role: 'input' | 'output';
  rows: number | null;
}

export interface ArtifactRecord {
  /**
   * relative to the store's artifact root
   */
  path: string;
  kind: 'model' | 'diff' | 'notebook' | 'file';
  sha256: string;
  bytes: number;
}
