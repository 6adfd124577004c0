import { createConverter, Converter } from 'tslab/dist/converter';
import { ConsoleInterface, ConverterSet, createExecutor, Executor } from 'tslab/dist/executor';
import { expandMagics } from '../magics/expand';
import { API_IDENTIFIER, MagicError, MagicRegistry } from '../magics/registry';
import { PACKAGE_ROOT } from '../version';

/** tslab's converters, created on first use (the browser one is rarely needed). */
class LazyConverters implements ConverterSet {
  private nodeConverter?: Converter;
  private browserConverter?: Converter;

  get node(): Converter {
    return (this.nodeConverter ??= createConverter({ isJS: false, isBrowser: false }));
  }

  get browser(): Converter {
    return (this.browserConverter ??= createConverter({ isJS: false, isBrowser: true }));
  }

  close(): void {
    this.nodeConverter?.close();
    this.browserConverter?.close();
  }
}

/**
 * tslab's executor with mlnb's steps around it: magics are expanded before compilation, and
 * the mlnb API is imported once as `mlnb` so every cell can use it with full type hints.
 * Completion and inspection see magic lines blanked out, keeping cursor offsets valid.
 */
export class MlnbExecutor implements Executor {
  private constructor(
    private readonly inner: Executor,
    private readonly magics: MagicRegistry,
    private readonly out: ConsoleInterface
  ) {}

  /** Creates the executor and runs the prelude that brings `mlnb` into scope. */
  static async create(options: {
    rootDir: string;
    magics: MagicRegistry;
    console?: ConsoleInterface;
  }): Promise<MlnbExecutor> {
    const out = options.console ?? { log: console.log, error: console.error };
    const inner = createExecutor(options.rootDir, new LazyConverters(), out);
    const executor = new MlnbExecutor(inner, options.magics, out);
    const prelude = `import * as ${API_IDENTIFIER} from ${JSON.stringify(PACKAGE_ROOT)};`;
    if (!(await inner.execute(prelude))) {
      out.error(`mlnb: could not import the mlnb API from ${PACKAGE_ROOT}; magics will fail.`);
    }
    return executor;
  }

  get locals(): { [key: string]: unknown } {
    return this.inner.locals;
  }

  async execute(src: string): Promise<boolean> {
    let code: string;
    try {
      code = expandMagics(src, this.magics);
    } catch (err) {
      if (err instanceof MagicError) {
        this.out.error(`MagicError: ${err.message}`);
        return false;
      }
      throw err;
    }
    return this.inner.execute(code);
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

  close(): void {
    this.inner.close();
  }
}

/** Replaces magic lines with spaces of the same length, so offsets into `src` stay valid. */
function blankMagicLines(src: string): string {
  return src.replace(/^[ \t]*%.*$/gm, line => ' '.repeat(line.length));
}
