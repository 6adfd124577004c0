import { requestFile, requestService, serviceUrl } from './request';
import type {
  AirflowHistory,
  AnnotationPatch,
  AttemptRecord,
  DatasetAnnotations,
  DatasetFormat,
  DatasetHit,
  DatasetRecord,
  DatasetRegistration,
  DeclaredParameter,
  DoctorReport,
  Health,
  IncidentOpening,
  IncidentPatch,
  IncidentRecord,
  JobCreation,
  JobEngine,
  JobSchedule,
  JobSettings,
  Job,
  ModelRecord,
  ModelServing,
  ModelSummary,
  ModelVersion,
  PipelineFile,
  PipelineRun,
  PipelineView,
  RerunResult,
  RunEdit,
  RunPage,
  RunRecord,
  SchedulePreview,
  VersionDiff
} from './contracts';

/*
 * Every endpoint of the mlnb service (kernel-helpers/src/server), one function each, typed with
 * the contracts. Features call these from their models; views never do. GET /api/events is in
 * events.ts (a stream, not a request).
 */

/** A job as the service shows it: the record plus its views (schedule in words, next runs, last attempt). */
export type JobView = Job &
  Required<Pick<Job, 'scheduleText' | 'nextRuns' | 'lastAttempt' | 'activeAttempts'>>;

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
const segment = encodeURIComponent;
const query = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** GET /api/health: which mlnb answers and which store it serves. */
export namespace ServiceApi {
  export function health(): Promise<Health> {
    return requestService<Health>('api/health');
  }
}

/** The runs: search, one run, edit, re-run, delete, artifacts. */
export namespace RunsApi {
  export interface ISearch {
    experiment?: string;
    q?: string;
    filter?: string;
    order_by?: string;
    limit: number;
    page_token?: string;
  }

  export function search(search: ISearch): Promise<RunPage> {
    return requestService<RunPage>(`api/runs${query({ ...search })}`);
  }

  export function get(id: string): Promise<RunRecord> {
    return requestService<RunRecord>(`api/runs/${segment(id)}`);
  }

  export function edit(id: string, change: RunEdit): Promise<RunRecord> {
    return requestService<RunRecord>(`api/runs/${segment(id)}`, json('PATCH', change));
  }

  /** Executes the run's cells again as a new batch run; resolves when that run ends. */
  export function rerun(id: string): Promise<RerunResult> {
    return requestService<RerunResult>(`api/runs/${segment(id)}/rerun`, { method: 'POST' });
  }

  export function remove(id: string): Promise<void> {
    return requestService<void>(`api/runs/${segment(id)}`, { method: 'DELETE' });
  }

  /** The endpoint of an artifact file (`artifactPath` as recorded: `<run id>/<file>`). */
  function artifactEndpoint(runId: string, artifactPath: string): string {
    const relative = artifactPath.split('/').slice(1).map(segment).join('/');
    return `api/runs/${segment(runId)}/artifacts/${relative}`;
  }

  /** The URL of an artifact, for a download link. */
  export function artifactUrl(runId: string, artifactPath: string): string {
    return serviceUrl(artifactEndpoint(runId, artifactPath));
  }

  export async function artifactText(runId: string, artifactPath: string): Promise<string> {
    return (await requestFile(artifactEndpoint(runId, artifactPath))).text();
  }

  export async function artifactJson<T>(runId: string, artifactPath: string): Promise<T> {
    return (await requestFile(artifactEndpoint(runId, artifactPath))).json() as Promise<T>;
  }
}

/** The dataset catalog: search, one version, register a file, annotations, notes, diffs. */
export namespace DatasetsApi {
  export interface ISearch {
    q?: string;
    format?: DatasetFormat;
    tag?: string;
    owner?: string;
    limit?: number;
  }

  export async function search(search: ISearch): Promise<DatasetHit[]> {
    return (await requestService<{ datasets: DatasetHit[] }>(`api/datasets${query({ ...search })}`)).datasets;
  }

  /** The latest version when `version` is null. */
  export function get(name: string, version: number | null = null): Promise<DatasetRecord> {
    return requestService<DatasetRecord>(
      `api/datasets/${segment(name)}${query({ version: version ?? undefined })}`
    );
  }

  /** Profiles a file under the Jupyter root and stores it as a version of `name`. */
  export function register(registration: DatasetRegistration): Promise<DatasetRecord> {
    return requestService<DatasetRecord>('api/datasets', json('POST', registration));
  }

  export function annotate(name: string, change: AnnotationPatch): Promise<DatasetAnnotations> {
    return requestService<DatasetAnnotations>(`api/datasets/${segment(name)}`, json('PATCH', change));
  }

  export function addNote(name: string, text: string): Promise<DatasetAnnotations> {
    return requestService<DatasetAnnotations>(`api/datasets/${segment(name)}/notes`, json('POST', { text }));
  }

  export function diff(name: string, from: number, to: number): Promise<VersionDiff> {
    return requestService<VersionDiff>(`api/datasets/${segment(name)}/diff${query({ from, to })}`);
  }
}

/** The model registry. */
export namespace ModelsApi {
  export async function list(): Promise<ModelSummary[]> {
    return (await requestService<{ models: ModelSummary[] }>('api/models')).models;
  }

  export function get(name: string): Promise<ModelRecord> {
    return requestService<ModelRecord>(`api/models/${segment(name)}`);
  }

  /** Its running model servers (`mlnb models serve`), drift of what they were sent, live metrics. */
  export function serving(name: string): Promise<ModelServing> {
    return requestService<ModelServing>(`api/models/${segment(name)}/serving`);
  }

  /** The URL of a version's file (tfjs can load model.json straight from it). */
  export function fileUrl(version: Pick<ModelVersion, 'name' | 'version'>, file: string): string {
    return serviceUrl(
      `api/models/${segment(version.name)}/versions/${version.version}/files/${segment(file)}`
    );
  }
}

/** GET /api/doctor: the ML Joel test of the served store (the Health view). */
export namespace DoctorApi {
  export function report(): Promise<DoctorReport> {
    return requestService<DoctorReport>('api/doctor');
  }
}

/** Incidents: each with what it affects downstream in the lineage; open, note, resolve. */
export namespace IncidentsApi {
  export async function list(status?: IncidentRecord['status']): Promise<IncidentRecord[]> {
    return (await requestService<{ incidents: IncidentRecord[] }>(`api/incidents${query({ status })}`))
      .incidents;
  }

  export function get(id: string): Promise<IncidentRecord> {
    return requestService<IncidentRecord>(`api/incidents/${segment(id)}`);
  }

  export function open(opening: IncidentOpening): Promise<IncidentRecord> {
    return requestService<IncidentRecord>('api/incidents', json('POST', opening));
  }

  export function update(id: string, change: IncidentPatch): Promise<IncidentRecord> {
    return requestService<IncidentRecord>(`api/incidents/${segment(id)}`, json('PATCH', change));
  }
}

/** Jobs: list, create, show, change, delete, run now, history; what a notebook declares. */
export namespace JobsApi {
  export async function list(): Promise<JobView[]> {
    return (await requestService<{ jobs: JobView[] }>('api/jobs')).jobs;
  }

  export function get(id: string): Promise<JobView> {
    return requestService<JobView>(`api/jobs/${segment(id)}`);
  }

  /** `notebook` is the notebook's path in the Jupyter contents (the service's root). */
  export function create(body: JobCreation & JobSettings): Promise<JobView> {
    return requestService<JobView>('api/jobs', json('POST', body));
  }

  export function update(id: string, change: JobSettings): Promise<JobView> {
    return requestService<JobView>(`api/jobs/${segment(id)}`, json('PATCH', change));
  }

  export function remove(id: string): Promise<void> {
    return requestService<void>(`api/jobs/${segment(id)}`, { method: 'DELETE' });
  }

  /** What "Run now" started: an attempt in mlnb, or a DAG run for a job on Airflow. */
  export type RunNowAnswer =
    { attempt: AttemptRecord } | { airflow: { dagId: string; dagRunId: string; dagUrl: string } };

  export function runNow(id: string): Promise<RunNowAnswer> {
    return requestService<RunNowAnswer>(`api/jobs/${segment(id)}/run`, { method: 'POST' });
  }

  /**
   * The attempts of mlnb's scheduler, newest first; for a job on Airflow also each try of its DAG
   * runs with Airflow's state and the tracked run (states unknown where Airflow is not reached).
   */
  export interface IHistory {
    attempts: AttemptRecord[];
    airflow?: AirflowHistory;
  }

  export function history(id: string, limit = 100): Promise<IHistory> {
    return requestService<IHistory>(`api/jobs/${segment(id)}/history${query({ limit })}`);
  }

  /** What the job's snapshot declares: what an edit may set. */
  export async function jobParameters(id: string): Promise<DeclaredParameter[]> {
    return (await requestService<{ parameters: DeclaredParameter[] }>(`api/jobs/${segment(id)}/parameters`))
      .parameters;
  }

  /** `engine`: refused as a job on that engine would be (no seconds field outside mlnb). */
  export function previewSchedule(schedule: JobSchedule & { engine?: JobEngine }): Promise<SchedulePreview> {
    return requestService<SchedulePreview>('api/jobs/preview-schedule', json('POST', schedule));
  }

  /** What a notebook (its path in the Jupyter contents) declares: its parameters cell and %param. */
  export async function notebookParameters(path: string): Promise<DeclaredParameter[]> {
    return (
      await requestService<{ parameters: DeclaredParameter[] }>(`api/notebook-parameters${query({ path })}`)
    ).parameters;
  }
}

/** Pipelines: each with its latest run; define one; run one now; resume a failed run. */
export namespace PipelinesApi {
  export async function list(): Promise<PipelineView[]> {
    return (await requestService<{ pipelines: PipelineView[] }>('api/pipelines')).pipelines;
  }

  /** Defines a pipeline as a *.pipeline.yaml would, its notebooks relative to the Jupyter root. */
  export function create(definition: PipelineFile): Promise<PipelineView> {
    return requestService<PipelineView>('api/pipelines', json('POST', definition));
  }

  export function run(id: string): Promise<PipelineRun> {
    return requestService<PipelineRun>(`api/pipelines/${segment(id)}/run`, { method: 'POST' });
  }

  export function resume(id: string, runId: string): Promise<PipelineRun> {
    return requestService<PipelineRun>(`api/pipelines/${segment(id)}/runs/${segment(runId)}/resume`, {
      method: 'POST'
    });
  }
}
