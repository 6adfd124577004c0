import { performance } from 'node:perf_hooks';
import { format } from 'node:util';
import { createConverter, Converter } from 'tslab/dist/converter';
import { ConsoleInterface, ConverterSet, createExecutor, Executor } from 'tslab/dist/executor';
import { installAutolog, prepareTfjsBackend } from '../capture/autolog';
import type { RunRecorder } from '../capture/recorder';
import { expandMagics } from '../magics/expand';
import { API_IDENTIFIER, MagicError, MagicRegistry } from '../magics/registry';
import { typescript } from '../typescript';
import { apiModule } from './api-module';
import { MLNB_KERNELS } from './kernels';
import { includeOnlyGlobalTypesOf } from './global-types';
import type { ParametersCellWatcher } from './parameters-cell';
import { expandShorthandProperties } from './shorthand';

/** tslab's converters, created on first use (the browser one is rarely needed). */
export class LazyConverters implements ConverterSet {
  private nodeConverter?: Converter;
  private browserConverter?: Converter;

  /** `isJS`: cells are JavaScript (tslab's jslab mode), else TypeScript. */
  constructor(readonly isJS = false) {
    includeOnlyGlobalTypesOf(typescript().sys);
  }

  get node(): Converter {
    return (this.nodeConverter ??= createConverter({ isJS: this.isJS, isBrowser: false }));
  }

  get browser(): Converter {
    return (this.browserConverter ??= createConverter({ isJS: this.isJS, isBrowser: true }));
  }

  close(): void {
    this.nodeConverter?.close();
    this.browserConverter?.close();
  }
}

export interface ExecutorOptions {
  rootDir: string;
  magics: MagicRegistry;
  /** Converters already warmed up (the runner's child starts them before its work arrives). */
  converters?: LazyConverters;
  /** Records each executed cell; without one, cells run untracked. */
  recorder?: RunRecorder;
  /** Records the parameters cell's values when it runs (interactive kernels). */
  parametersCell?: ParametersCellWatcher;
  console?: ConsoleInterface;
}

/**
 * tslab's executor with mlnb's steps around it: magics are expanded and object shorthands
 * rewritten before compilation, each cell is recorded (what ran, in order, with timing and
 * status), and the mlnb API is imported once as `mlnb` so every cell can use it with full type
 * hints. Completion and inspection see magic lines blanked out, keeping cursor offsets valid.
 */
export class MlnbExecutor implements Executor {
  private executionCount = 0;
  private languageTaggedRun: string | null = null;
  private readonly cellIds = new Map<string, (string | null)[]>();
  private constructor(
    private readonly inner: Executor,
    private readonly options: ExecutorOptions,
    private readonly out: ConsoleInterface,
    /** What the current cell wrote as errors, filled by the console tee. */
    private readonly errors: string[]
  ) {}

  /** Creates the executor and runs the prelude that brings `mlnb` into scope. */
  static async create(options: ExecutorOptions): Promise<MlnbExecutor> {
    const out = options.console ?? { log: console.log, error: console.error };
    const errors: string[] = [];
    // Errors pass through us too, so a failed cell's record says why it failed.
    const tee: ConsoleInterface = {
      log: (...args: unknown[]) => out.log(...args),
      error: (...args: unknown[]) => {
        errors.push(format(...args));
        out.error(...args);
      }
    };
    if (options.recorder) {
      installAutolog();
    }
    const inner = createExecutor(options.rootDir, options.converters ?? new LazyConverters(), tee);
    const executor = new MlnbExecutor(inner, options, out, errors);
    const api = apiModule();
    const prelude = `import * as ${API_IDENTIFIER} from ${JSON.stringify(api)};`;
    if (!(await inner.execute(prelude))) {
      out.error(`mlnb: could not import the mlnb API from ${api}; magics will fail.`);
    }
    return executor;
  }

  get locals(): { [key: string]: unknown } {
    return this.inner.locals;
  }

  /** Tells the executor which notebook cell the next execution of `code` comes from. */
  expectCell(code: string, cellId: string | null): void {
    const waiting = this.cellIds.get(code) ?? [];
    waiting.push(cellId);
    this.cellIds.set(code, waiting);
  }

  async execute(src: string): Promise<boolean> {
    const count = ++this.executionCount;
    const recorder = this.options.recorder;
    const cellId = this.takeCellId(src);
    recorder?.beginCell(src, cellId, count);
    this.tagLanguage();
    this.errors.length = 0;
    const started = performance.now();
    let ok = false;
    try {
      const backend = await prepareTfjsBackend(src, this.options.rootDir);
      if (backend !== undefined) {
        recorder?.setTfjsBackend(backend);
      }
      ok = await this.inner.execute(this.compile(src));
      if (ok && recorder) {
        this.options.parametersCell?.onCellExecuted(cellId, src, recorder);
      }
    } catch (err) {
      if (!(err instanceof MagicError)) {
        throw err;
      }
      this.out.error(`MagicError: ${err.message}`);
      this.errors.push(err.message);
    } finally {
      await recorder?.endCell(
        ok,
        this.errors.join('\n').slice(0, 10_000) || null,
        performance.now() - started
      );
    }
    return ok;
  }

  /** Tags each run of JavaScript cells with its kernel, so a re-run uses JavaScript too. */
  private tagLanguage(): void {
    const run = this.options.recorder?.run;
    if (this.options.converters?.isJS && run && run.id !== this.languageTaggedRun) {
      const kernel = MLNB_KERNELS.find(k => k.language === 'javascript')!;
      this.options.recorder!.tags({ 'mlnb.kernel': kernel.name });
      this.languageTaggedRun = run.id;
    }
  }

  /** What tslab compiles for a cell: magics expanded, shorthand properties written out. */
  compile(src: string): string {
    const language = this.options.converters?.isJS ? 'javascript' : 'typescript';
    return expandShorthandProperties(expandMagics(src, this.options.magics, language));
  }

  inspect(src: string, position: number): ReturnType<Executor['inspect']> {
    return this.inner.inspect(blankMagicLines(src), position);
  }

  complete(src: string, position: number): ReturnType<Executor['complete']> {
    return this.inner.complete(blankMagicLines(src), position);
  }

  reset(): void {
    this.inner.reset();
  }

  interrupt(): void {
    this.inner.interrupt();
  }

  /** Kernel shutdown or restart: the run ends here (a restarted kernel starts a new one). */
  close(): void {
    void this.options.recorder?.finish('finished');
    this.inner.close();
  }

  private takeCellId(code: string): string | null {
    const waiting = this.cellIds.get(code);
    const id = waiting?.shift() ?? null;
    if (waiting && waiting.length === 0) {
      this.cellIds.delete(code);
    }
    return id;
  }
}

/** Replaces magic lines with spaces of the same length, so offsets into `src` stay valid. */
function blankMagicLines(src: string): string {
  return src.replace(/^[ \t]*%.*$/gm, line => ' '.repeat(line.length));
}
