import type { DoctorAnswer } from '../contracts';
import type { StoreEvidence } from '../store/doctor/store';
import type { IncidentRecord } from '../store/incidents/types';

/** What the nine answers are computed from: the store's evidence and a look at the workspace. */
export interface DoctorInput {
  evidence: StoreEvidence;
  incidents: IncidentRecord[];
  engine: 'sqlite' | 'postgres';
  /** MLNB_ARTIFACTS is set: artifacts live where every machine reaches them. */
  sharedArtifacts: boolean;
  workspace: WorkspaceFacts;
  /** How far back "recent" reaches (runs, attempts). */
  windowDays: number;
  now: number;
}

export interface WorkspaceFacts {
  /** The lockfile found in the workspace folder, if any. */
  lockfile: string | null;
  /** package.json depends on mlnb (its kernel and helpers come with `npm ci`). */
  mlnbDependency: boolean;
  /** `mlnb doctor --setup`: a fresh clone installed and ran a notebook, in this many seconds. */
  setup?: { ok: boolean; seconds: number; detail: string };
}

/** The thresholds of each answer (README "mlnb doctor" repeats them). */
export const THRESHOLDS = {
  /** Q2: share of recent runs with a commit, a clean tree, hashed inputs and a seed. */
  reproducibleYes: 0.8,
  reproduciblePartly: 0.3,
  /** Q3: share of recent input refs that are catalog versions; of datasets with description and owner. */
  catalogYes: 0.8,
  catalogPartly: 0.5,
  /** Q4: share of recent attempts that succeeded. */
  attemptsYes: 0.8,
  /** Q5: share of recent failed attempts linked to an incident. */
  linkedYes: 0.5,
  /** Q7: days since the last `mlnb review`. */
  reviewYesDays: 30,
  reviewPartlyDays: 90,
  /** Q8: share of model versions registered with an evaluation measure; of jobs with gates. */
  measuredYes: 0.8,
  gatedYes: 0.5,
  /** Q10 seconds: `--setup` counts as quick below this. */
  setupYesSeconds: 600
};

const T = THRESHOLDS;
const share = (n: number, d: number): number => (d === 0 ? 0 : n / d);
const pct = (n: number, d: number): string => `${n}/${d} (${Math.round(share(n, d) * 100)}%)`;
const few = (ids: string[], n = 5): string =>
  ids.length === 0
    ? ''
    : `: ${ids.slice(0, n).join(', ')}${ids.length > n ? ` and ${ids.length - n} more` : ''}`;

function answer(
  number: number,
  question: string,
  level: 'yes' | 'partly' | 'no',
  evidence: string[],
  improve: string
): DoctorAnswer {
  return {
    number,
    question,
    answer: level,
    points: level === 'yes' ? 1 : level === 'partly' ? 0.5 : 0,
    evidence,
    improve
  };
}

const level = (yes: boolean, partly: boolean): 'yes' | 'partly' | 'no' =>
  yes ? 'yes' : partly ? 'partly' : 'no';

export function setupAnswer({ workspace }: DoctorInput): DoctorAnswer {
  const q = 'Can new hires set up the environment and run analysis quickly?';
  const evidence = [
    workspace.lockfile
      ? `lockfile ${workspace.lockfile}`
      : 'no lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml)',
    workspace.mlnbDependency
      ? 'package.json depends on mlnb (kernel and helpers)'
      : 'package.json does not depend on mlnb'
  ];
  if (workspace.setup) {
    evidence.push(workspace.setup.detail);
    const quick = workspace.setup.ok && workspace.setup.seconds <= T.setupYesSeconds;
    const improve = !workspace.setup.ok
      ? 'fix what `mlnb doctor --setup` reports above'
      : workspace.lockfile
        ? 'run mlnb doctor --setup in CI, so that it stays quick'
        : 'npm install (then commit package-lock.json)';
    return answer(1, q, level(quick, workspace.setup.ok), evidence, improve);
  }
  const both = Boolean(workspace.lockfile) && workspace.mlnbDependency;
  return answer(
    1,
    q,
    level(both, Boolean(workspace.lockfile) || workspace.mlnbDependency),
    evidence,
    !workspace.mlnbDependency
      ? 'npm install mlnb (writes the lockfile too)'
      : workspace.lockfile
        ? 'mlnb doctor --setup (time a fresh clone)'
        : 'npm install (then commit package-lock.json)'
  );
}

export function reproducibleAnswer({ evidence, windowDays }: DoctorInput): DoctorAnswer {
  const q = 'Can past experiments be reproduced (metadata, configuration, features, parameters)?';
  const runs = evidence.runs;
  const complete = runs.filter(r => r.committed && r.clean && r.seeded && r.hashedInputs === r.inputs);
  const missing = runs.filter(r => !complete.includes(r)).map(r => r.id.slice(0, 8));
  const s = share(complete.length, runs.length);
  return answer(
    2,
    q,
    level(runs.length > 0 && s >= T.reproducibleYes, s >= T.reproduciblePartly),
    [
      `${pct(complete.length, runs.length)} runs of the last ${windowDays} days have a commit, a clean tree, hashed data and a seed`,
      `committed ${runs.filter(r => r.committed).length}, clean ${runs.filter(r => r.clean).length}, seeded ${runs.filter(r => r.seeded).length}`,
      ...(missing.length ? [`incomplete${few(missing)}`] : [])
    ],
    runs.length === 0
      ? 'mlnb run NOTEBOOK (record a run)'
      : 'commit before running, and %seed in the first cell'
  );
}

export function searchAnswer({ evidence }: DoctorInput): DoctorAnswer {
  const q = 'Is there a single place to search reusable datasets and code?';
  const inputs = evidence.runs.reduce((n, r) => n + r.inputs, 0);
  const catalog = evidence.runs.reduce((n, r) => n + r.catalogInputs, 0);
  const documented = evidence.datasets.filter(d => d.described && d.owned);
  const undocumented = evidence.datasets.filter(d => !(d.described && d.owned)).map(d => d.name);
  const refs = share(catalog, inputs);
  const docs = share(documented.length, evidence.datasets.length);
  return answer(
    3,
    q,
    level(
      evidence.datasets.length > 0 && refs >= T.catalogYes && docs >= T.catalogYes,
      evidence.datasets.length > 0 && (refs >= T.catalogPartly || docs >= T.catalogPartly)
    ),
    [
      `${pct(catalog, inputs)} data refs of recent runs are catalog versions`,
      `${pct(documented.length, evidence.datasets.length)} datasets have a description and an owner${few(
        undocumented.map(n => `${n} lacks them`)
      )}`
    ],
    evidence.datasets.length === 0
      ? 'mlnb datasets register FILE --name NAME'
      : undocumented.length
        ? `mlnb datasets annotate ${undocumented[0]} --description TEXT --owner NAME`
        : "load data with mlnb.catalog.load('name@version')"
  );
}

export function deploymentAnswer({ evidence, windowDays }: DoctorInput): DoctorAnswer {
  const q = 'Can data scientists run the deployment pipeline easily?';
  const scheduled = evidence.jobs.filter(j => j.enabled && j.scheduled);
  const succeeded = evidence.attempts.filter(a => a.status === 'succeeded');
  const failed = evidence.attempts
    .filter(a => a.status !== 'succeeded')
    .map(a => `${a.job} ${a.id.slice(0, 8)}`);
  const s = share(succeeded.length, evidence.attempts.length);
  return answer(
    4,
    q,
    level(
      scheduled.length > 0 && evidence.attempts.length > 0 && s >= T.attemptsYes,
      evidence.jobs.length > 0
    ),
    [
      `${evidence.jobs.length} jobs, ${scheduled.length} on a schedule${few(scheduled.map(j => j.name))}`,
      `${pct(succeeded.length, evidence.attempts.length)} attempts of the last ${windowDays} days succeeded${few(failed.map(f => `failed ${f}`))}`
    ],
    evidence.jobs.length === 0
      ? 'Productionize a notebook (mlnb jobs create NOTEBOOK --name NAME --schedule CRON)'
      : scheduled.length === 0
        ? `give ${evidence.jobs[0].name} a schedule: Edit in the Jobs panel`
        : `mlnb jobs show ${evidence.attempts.find(a => a.status !== 'succeeded')?.job ?? scheduled[0].name} (see why attempts fail)`
  );
}

export function bugsAnswer({ evidence, incidents, windowDays }: DoctorInput): DoctorAnswer {
  const q = 'Is there a system to track bugs end to end (ingestion, features, a bad model)?';
  const failed = evidence.attempts.filter(a => a.status !== 'succeeded');
  const linked = failed.filter(a =>
    incidents.some(
      i => i.affected.jobs.includes(a.job) || (a.runId !== null && i.affected.runs.includes(a.runId))
    )
  );
  const unlinked = failed.filter(a => !linked.includes(a)).map(a => `${a.job} ${a.id.slice(0, 8)}`);
  const open = incidents.filter(i => i.status === 'open');
  return answer(
    5,
    q,
    level(
      incidents.length > 0 && (failed.length === 0 || share(linked.length, failed.length) >= T.linkedYes),
      incidents.length > 0
    ),
    [
      `${incidents.length} incidents, ${open.length} open${few(
        open.map(i => `${i.id} "${i.title}"`),
        3
      )}`,
      `${pct(linked.length, failed.length)} failed attempts of the last ${windowDays} days lie in an incident's lineage${few(
        unlinked.map(u => `unlinked ${u}`)
      )}`
    ],
    unlinked.length || incidents.length === 0
      ? 'mlnb incidents open TARGET --title TEXT (a dataset version, run, model version or job)'
      : 'mlnb incidents list'
  );
}

export function collaborationAnswer({ evidence, engine }: DoctorInput): DoctorAnswer {
  const q = 'Can data scientists collaborate other than by email?';
  const shared = engine === 'postgres';
  const authors = evidence.noteAuthors;
  return answer(
    6,
    q,
    level(shared && authors.length >= 2, shared || authors.length >= 2 || evidence.runUsers.length >= 2),
    [
      shared ? 'a shared PostgreSQL store' : 'a SQLite store on one machine',
      `${authors.length} people wrote notes or incidents${few(authors)}`,
      `${evidence.runUsers.length} people recorded recent runs${few(evidence.runUsers)}`
    ],
    shared ? 'mlnb datasets annotate NAME --note TEXT' : 'mlnb store copy postgres://HOST/DB (a team store)'
  );
}

export function reviewAnswer({ evidence, now }: DoctorInput): DoctorAnswer {
  const q = 'Is there frequent review of dead code paths, configuration and pipelines?';
  const last = evidence.lastReview;
  const days = last ? (now - last.at) / 86_400_000 : Infinity;
  return answer(
    7,
    q,
    level(days <= T.reviewYesDays, days <= T.reviewPartlyDays),
    [
      last
        ? `last review ${new Date(last.at).toISOString().slice(0, 10)} by ${last.by} (${Math.floor(days)} days ago), ${last.findings} findings`
        : 'no review recorded'
    ],
    'mlnb review (then mlnb gc --yes)'
  );
}

export function detectionAnswer({ evidence }: DoctorInput): DoctorAnswer {
  const q = 'Is there a process for detecting bugs (an evaluation step)?';
  const measured = evidence.modelVersions.filter(v => v.measured);
  const gated = evidence.jobs.filter(j => j.gates > 0);
  const gatedAttempts = evidence.attempts.filter(a => a.gated);
  const passed = gatedAttempts.filter(a => a.status === 'succeeded');
  const unmeasured = evidence.modelVersions.filter(v => !v.measured).map(v => v.ref);
  return answer(
    8,
    q,
    level(
      evidence.modelVersions.length > 0 &&
        share(measured.length, evidence.modelVersions.length) >= T.measuredYes &&
        evidence.jobs.length > 0 &&
        share(gated.length, evidence.jobs.length) >= T.gatedYes,
      measured.length > 0 || gated.length > 0
    ),
    [
      `${pct(measured.length, evidence.modelVersions.length)} model versions registered with an evaluation measure${few(
        unmeasured.map(u => `without: ${u}`)
      )}`,
      `${pct(gated.length, evidence.jobs.length)} jobs have gates`,
      `${pct(passed.length, gatedAttempts.length)} gated attempts passed`
    ],
    unmeasured.length
      ? 'mlnb.evaluate(model, data, { measure }) before mlnb models register'
      : 'add a gate to each job (Edit in the Jobs panel): METRIC >= N, no-open-incidents'
  );
}

export function scaleAnswer({ evidence, engine, sharedArtifacts }: DoctorInput): DoctorAnswer {
  const q = 'Do data scientists have access to scalable compute and storage?';
  const external = evidence.jobs.filter(j => j.engine !== 'mlnb');
  const have = [engine === 'postgres', sharedArtifacts, external.length > 0].filter(Boolean).length;
  return answer(
    9,
    q,
    level(have >= 2, have === 1),
    [
      engine === 'postgres' ? 'a team store (PostgreSQL)' : 'a single-machine store (SQLite)',
      sharedArtifacts
        ? 'shared artifacts (MLNB_ARTIFACTS)'
        : 'artifacts beside the store (MLNB_ARTIFACTS unset)',
      `${external.length} jobs on an engine (Airflow, Kubernetes, Argo)${few(external.map(j => `${j.name} on ${j.engine}`))}`
    ],
    engine !== 'postgres'
      ? 'mlnb store copy postgres://HOST/DB'
      : external.length === 0
        ? 'mlnb jobs update NAME --engine airflow (then mlnb jobs deploy NAME)'
        : 'export MLNB_ARTIFACTS=/shared/mlnb-artifacts'
  );
}

export const QUESTIONS = [
  setupAnswer,
  reproducibleAnswer,
  searchAnswer,
  deploymentAnswer,
  bugsAnswer,
  collaborationAnswer,
  reviewAnswer,
  detectionAnswer,
  scaleAnswer
];
