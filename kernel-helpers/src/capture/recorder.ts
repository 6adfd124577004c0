import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactRecord, DataRef, ParamValue, RunStatus } from '../store/runs/types';
import type { Store } from '../store/engine/store';
import { lineageConfig } from '../lineage/config';
import type { LineageEventType } from '../lineage/event';
import { captureSlowParts, codeVersion, experimentOf } from './code-version';
import { sha256, sha256File, storeArtifact } from './files';
import { captureGit } from './git';
import { importablePackagesVersion, importedPackages } from './environment';
import { MetricBuffer } from './metric-buffer';
import { HEARTBEAT_MS, METRIC_FLUSH_MS, RecorderOptions } from './recorder-options';
import { checkSeed, drawsSinceSeeded, randomSeed, seedMathRandom } from './seeded-random';
import {
  ActiveRun,
  defaultRunName,
  newActiveRun,
  prefetchMachine,
  RunInfo,
  runRecordAtStart
} from './run-opening';
import { StoreWriter } from './store-writer';
import { checkName, paramValue } from './values';

export type { RunInfo } from './run-opening';

/**
 * Records runs as they happen: one run at a time, its cells in execution order, params,
 * metrics, tags, data refs and artifacts. Writes go through one queue in call order; metric
 * points are batched and written at least every half second and at the end of each cell, so a
 * crash loses at most the cell in flight. Store problems are reported once and switch tracking
 * off for this process; they never fail the user's code.
 */
export class RunRecorder {
  private readonly writer: StoreWriter;
  private current: ActiveRun | undefined;
  private readonly metrics = new MetricBuffer();
  private timers: NodeJS.Timeout[] = [];
  private paused = false;
  /** Resolves when every finished run's last write is queued. */
  private finishing: Promise<void> = Promise.resolve();
  /** The cell running now, in the run it started in (`%run new` may start another meanwhile). */
  private openCell: { runId: string; seq: number } | undefined;
  /** Git state captured by prepare(), used by the first run only (later runs capture afresh). */
  private prefetchedGit: ReturnType<typeof captureGit> | undefined;
  /** OpenLineage deliveries under way: a finishing run waits for them (each is bounded). */
  private lineage: Promise<void> = Promise.resolve();

  /** The notebook file; JupyterLab tells a kernel when its notebook is renamed. */
  private notebookPath: string | null;
  /** The seed chosen by `--seed` or `mlnb.seed`: later runs start from it too. */
  private chosenSeed: number | null;

  constructor(private readonly options: RecorderOptions) {
    this.writer = new StoreWriter(options);
    this.notebookPath = options.notebookPath ?? null;
    this.chosenSeed = options.seed ?? null;
  }

  /** The notebook was renamed or moved: the current and later runs belong to its new path. */
  setNotebookPath(notebook: string): void {
    if (notebook === this.notebookPath) {
      return;
    }
    this.notebookPath = notebook;
    const run = this.current;
    if (!run) {
      return;
    }
    this.writer.enqueue(async store => {
      run.experiment = experimentOf(notebook, store, this.options.cwd);
      const { code } = await codeVersion({
        runId: run.id,
        experiment: run.experiment,
        notebook,
        git: run.git ?? null,
        store
      });
      if (run.autoNamed) {
        run.name = defaultRunName(notebook, run.startTime);
      }
      await store.runs.update(run.id, { experiment: run.experiment, code, name: run.name });
    });
  }

  /**
   * Does the one-time work ahead of the first cell (open and migrate the store, read the
   * static environment), so that the first cell does not pay for it. Errors surface on use.
   */
  prepare(): void {
    this.writer.open().catch(() => undefined);
    // Capturing the machine and spawning git and nvidia-smi cost a few ms: do it before the first cell.
    prefetchMachine();
    this.prefetchedGit = captureGit(this.codeDir());
  }

  /** The folder whose git state is the run's code version: the notebook's, else the cwd. */
  private codeDir(): string {
    return this.notebookPath ? path.dirname(this.notebookPath) : this.options.cwd;
  }

  get run(): RunInfo | undefined {
    return (
      this.current && {
        id: this.current.id,
        name: this.current.name,
        experiment: this.current.experiment,
        source: this.current.source,
        seed: this.current.seed
      }
    );
  }

  /** Whether cells are being recorded (`%capture off` pauses it). */
  get capturing(): boolean {
    return !this.paused;
  }

  setCapturing(on: boolean): void {
    this.paused = !on;
  }

  /** The current run, started on first need. */
  /** The store this recorder writes to (opened on first use), for the catalog API. */
  store(): Promise<Store> {
    return this.writer.open();
  }

  /** The directory relative paths in the notebook resolve from. */
  get cwd(): string {
    return this.options.cwd;
  }

  ensureRun(name?: string): RunInfo {
    if (!this.current) {
      this.start(name);
    }
    return this.run!;
  }

  /** Ends the current run (finished) and starts another. */
  newRun(name?: string): RunInfo {
    if (this.current) {
      void this.finish('finished');
    }
    this.start(name);
    return this.run!;
  }

  beginCell(source: string, cellId: string | null, executionCount: number | null): void {
    if (this.paused) {
      return;
    }
    const run = this.ensureRunState();
    const seq = ++run.seq;
    const started = Date.now();
    this.openCell = { runId: run.id, seq };
    const sourceSha256 = sha256(source);
    this.writer.enqueue(store =>
      store.runs.startCell(run.id, { seq, cellId, executionCount, sourceSha256, source, startTime: started })
    );
    this.notePackages(importedPackages(source));
  }

  endCell(ok: boolean, error: string | null, durationMs: number): Promise<void> {
    const cell = this.openCell;
    this.openCell = undefined;
    if (cell) {
      this.writer.enqueue(store =>
        store.runs.finishCell(cell.runId, cell.seq, {
          durationMs,
          status: ok ? 'ok' : 'error',
          error: ok ? null : error
        })
      );
    }
    return this.flush();
  }

  /**
   * `%seed N`: Math.random restarts from `seed` now, and runs started later (`%run new`) start
   * from it too. When nothing was drawn since the run opened, the run is recorded as started
   * from `seed`; otherwise its recorded seed stays, and re-executing its cells repeats this call.
   */
  seed(seed: number): number {
    checkSeed(seed, 'mlnb.seed: the seed');
    this.chosenSeed = seed;
    if (!this.current) {
      this.start();
      return seed;
    }
    const run = this.current;
    const unused = drawsSinceSeeded() === 0;
    seedMathRandom(seed);
    if (unused && run.seed !== seed) {
      run.seed = seed;
      this.writer.enqueue(store => store.runs.update(run.id, { seed }));
    }
    return seed;
  }

  log(metrics: Record<string, number>, step?: number): void {
    MetricBuffer.check(metrics, step);
    this.ensureRunState(); // Before buffering: a new run starts every series at 0.
    this.metrics.add(metrics, step);
  }

  params(values: Record<string, unknown>): void {
    const params: Record<string, ParamValue> = {};
    for (const [name, value] of Object.entries(values)) {
      params[checkName('parameter', name)] = paramValue(value);
    }
    const run = this.ensureRunState();
    this.writer.enqueue(store => store.runs.logParams(run.id, params));
  }

  tags(values: Record<string, string>): void {
    for (const [key, value] of Object.entries(values)) {
      checkName('tag', key);
      if (typeof value !== 'string') {
        throw new TypeError(`mlnb.tag: tag "${key}" must be a string, not ${typeof value}`);
      }
    }
    const run = this.ensureRunState();
    this.writer.enqueue(store => store.runs.setTags(run.id, values));
  }

  /** Notes the tfjs backend that trained (wasm, cpu, tensorflow) in the run's environment. */
  setTfjsBackend(backend: string | null): void {
    const run = this.ensureRunState();
    if (run.environment.tfjsBackend === backend) {
      return;
    }
    this.writer.enqueue(store => {
      run.environment = { ...run.environment, tfjsBackend: backend };
      return store.runs.update(run.id, { environment: run.environment });
    });
  }

  /** Copies a file or directory into the run's artifacts and records it. */
  async artifact(source: string, kind: ArtifactRecord['kind'] = 'file'): Promise<ArtifactRecord> {
    const file = path.resolve(this.options.cwd, source);
    if (!fs.existsSync(file)) {
      throw new Error(`mlnb.artifact: ${file} does not exist`);
    }
    const run = this.ensureRunState();
    const store = await this.writer.open();
    const relative = path.posix.join(run.id, path.basename(file));
    const stored = await storeArtifact(file, path.join(store.artifactRoot, relative));
    const record: ArtifactRecord = { path: relative, kind, ...stored };
    this.writer.enqueue(s => s.runs.addArtifact(run.id, record));
    await this.flush();
    return record;
  }

  /** Records a data file this run read (or wrote), with its content hash. */
  async dataRef(
    source: string,
    role: DataRef['role'] = 'input',
    extra: Partial<DataRef> = {}
  ): Promise<DataRef> {
    const file = path.resolve(this.options.cwd, source);
    const ref: DataRef = {
      uri: extra.uri ?? file,
      dataset: extra.dataset ?? null,
      sha256: extra.sha256 ?? (fs.existsSync(file) ? await sha256File(file) : null),
      role,
      rows: extra.rows ?? null
    };
    const run = this.ensureRunState();
    this.writer.enqueue(async store => {
      // A file read directly that the catalog holds (one version with this content) is linked to it.
      const versions = !ref.dataset && ref.sha256 ? await store.datasets.versionsWithContent(ref.sha256) : [];
      await store.runs.addDataRef(run.id, versions.length === 1 ? { ...ref, dataset: versions[0] } : ref);
    });
    return ref;
  }

  /** Writes what is buffered; resolves when every queued write is done. */
  flush(): Promise<void> {
    const run = this.current;
    const points = run ? this.metrics.take() : [];
    if (run && points.length > 0) {
      this.writer.enqueue(store => store.runs.logMetrics(run.id, points));
    }
    return this.writer.drained();
  }

  /** Ends the current run with `status`; resolves when it is written. */
  finish(status: RunStatus): Promise<void> {
    const run = this.current;
    if (!run) {
      return this.writer.drained();
    }
    this.flush();
    this.current = undefined;
    this.stopTimers();
    const endTime = Date.now();
    // After the slow captures' write, so that once this resolves nothing of the run is pending
    // (a caller may close the store then).
    const closed = (run.captured ?? Promise.resolve()).then(() => {
      this.writer.enqueue(store => store.runs.update(run.id, { status, endTime }));
      if (this.options.emitsLineageEnd !== false) {
        this.emitLineage(run.id);
      }
    });
    // Earlier runs' finishes (from run.new) are waited for too.
    this.finishing = Promise.all([this.finishing, closed]).then(() => undefined);
    return this.finishing.then(() => this.writer.drained()).then(() => this.lineage);
  }

  /**
   * Queues the run's OpenLineage event after the writes queued so far (so that it reads them),
   * without holding up later writes: delivery runs beside them. No type: the status's event.
   */
  private emitLineage(runId: string, type?: LineageEventType): void {
    if (!lineageConfig()) {
      return;
    }
    this.writer.enqueue(async store => {
      const { emitRunEvent } = await import('../lineage/emit');
      const warn = (message: string) => this.writer.warnOnce(message.replace(/^mlnb: /, ''));
      this.lineage = Promise.all([this.lineage, emitRunEvent(store, runId, type, warn)]).then(
        () => undefined
      );
    });
  }

  private ensureRunState() {
    if (!this.current) {
      this.start();
    }
    return this.current!;
  }

  private start(name?: string): void {
    const notebook = this.notebookPath;
    const run = newActiveRun(name, notebook, this.options.source, this.chosenSeed ?? randomSeed());
    // From the run's start, so that a run repeats given its seed (see seeded-random.ts).
    if (this.options.seedsMathRandom !== false) {
      seedMathRandom(run.seed);
    }
    this.current = run;
    this.metrics.reset();
    this.writer.enqueue(async store => {
      run.experiment = this.options.experiment || experimentOf(notebook, store, this.options.cwd);
      await store.runs.create(runRecordAtStart(run, notebook, this.options.jobId ?? null));
    });
    // The slow parts (git, nvidia-smi, hashing the notebook) run beside the cells, not before.
    const git = this.prefetchedGit ?? captureGit(this.codeDir());
    this.prefetchedGit = undefined;
    run.captured = captureSlowParts(run, {
      git,
      writer: this.writer,
      notebook: () => this.notebookPath
    });
    // With the code version: the START event carries the source code location.
    void run.captured.then(() => this.emitLineage(run.id, 'START'));
    this.startTimers(run.id);
  }

  /** Adds the resolved versions of newly imported packages to the run's environment. */
  private notePackages(names: string[]): void {
    const run = this.current;
    const fresh = names.filter(n => run && !run.packages.has(n));
    if (!run || fresh.length === 0) {
      return;
    }
    fresh.forEach(n => run.packages.add(n));
    const versions = importablePackagesVersion(this.options.cwd, fresh);
    if (Object.keys(versions).length === 0) {
      return;
    }
    this.writer.enqueue(store => {
      run.environment = { ...run.environment, packages: { ...run.environment.packages, ...versions } };
      return store.runs.update(run.id, { environment: run.environment });
    });
  }

  private startTimers(id: string): void {
    this.stopTimers();
    const beat = setInterval(
      () => this.writer.enqueue(store => store.runs.heartbeat([id], Date.now())),
      HEARTBEAT_MS
    );
    const flush = setInterval(() => void this.flush(), METRIC_FLUSH_MS);
    for (const timer of [beat, flush]) {
      timer.unref(); // Never keep a finished script alive.
      this.timers.push(timer);
    }
  }

  private stopTimers(): void {
    this.timers.forEach(clearInterval);
    this.timers = [];
  }
}
