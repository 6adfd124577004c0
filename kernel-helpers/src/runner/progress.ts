import type { OutputEvent } from './outputs';
import type { RunEvent } from './run';

export interface ReporterOptions {
  /** A progress line redrawn in place (a terminal only). */
  progress: boolean;
  /** Each cell's output written as it comes (papermill's `--log-output`). */
  logOutput: boolean;
  /** The line's width (a terminal's columns). */
  columns?: number;
}

/**
 * What `mlnb run` tells a person while it works, on stderr (stdout holds the run id): papermill's
 * "Executing: 50% 6/12 cells" line with the running cell, elapsed time and tfjs epochs, and the
 * cells' output as it comes. Returns the run's observer, and `stop` to end the line.
 */
export function runReporter(
  out: { write(text: string): unknown },
  options: ReporterOptions
): { observe: (event: RunEvent) => void; stop: () => void } {
  const start = Date.now();
  let cell: Extract<RunEvent, { type: 'cell' }> | null = null;
  let epoch: { epoch: number; epochs: number } | null = null;
  let shown = false;
  let outputEndsLine = true;

  const line = () => {
    if (!cell) {
      return 'Starting';
    }
    const percent = Math.floor((cell.position / cell.total) * 100);
    // The cell's source last: it is what a narrow terminal cuts.
    const parts = [
      `Executing: ${percent}% ${cell.position}/${cell.total} cells`,
      elapsed(Date.now() - start),
      ...(epoch ? [`epoch ${epoch.epoch}/${epoch.epochs}`] : []),
      `cell ${cell.position + 1}: ${firstLine(cell.source)}`
    ];
    return parts.join(' | ');
  };
  const draw = () => {
    if (options.progress && outputEndsLine) {
      const text = line();
      const width = Math.max(20, (options.columns || 80) - 1);
      out.write(`\r\x1b[K${text.length > width ? text.slice(0, width - 1) + '…' : text}`);
      shown = true;
    }
  };
  const clearLine = () => {
    if (shown) {
      out.write('\r\x1b[K');
      shown = false;
    }
  };
  const timer = options.progress ? setInterval(draw, 1000) : null;
  timer?.unref();

  const observe = (event: RunEvent) => {
    if (event.type === 'cell') {
      cell = event;
      epoch = null;
      if (options.logOutput && !options.progress) {
        out.write(`Executing cell ${event.position + 1} of ${event.total}\n`);
      }
    } else if (event.type === 'epoch') {
      epoch = event;
    } else if (event.type === 'output' && options.logOutput) {
      clearLine();
      const text = outputText(event.output);
      if (text) {
        out.write(text);
        outputEndsLine = text.endsWith('\n');
      }
    } else if (event.type === 'end') {
      stop(event.ok);
      return;
    }
    draw();
  };
  let stopped = false;
  const stop = (ok?: boolean) => {
    if (stopped) {
      return;
    }
    stopped = true;
    if (timer) {
      clearInterval(timer);
    }
    if (options.progress) {
      clearLine();
      if (!outputEndsLine) {
        out.write('\n');
      }
      const total = cell?.total ?? 0;
      const done = ok ? total : (cell?.position ?? 0);
      out.write(
        `${ok ? 'Executed' : 'Stopped after'} ${done}/${total} cells in ${elapsed(Date.now() - start)}\n`
      );
    }
  };
  return { observe, stop: () => stop() };
}

function firstLine(source: string): string {
  return source.trim().split('\n')[0] ?? '';
}

function elapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** An output as text for a log: streams as printed, displays by their text, errors by name. */
function outputText(output: OutputEvent): string {
  if (output.kind === 'stream') {
    return output.text;
  }
  if (output.kind === 'display') {
    const plain = output.data['text/plain'];
    const text = typeof plain === 'string' ? plain : `[${Object.keys(output.data).join(', ')}]`;
    return text.endsWith('\n') ? text : text + '\n';
  }
  if (output.kind === 'error') {
    return `${output.ename}: ${output.evalue}\n`;
  }
  return '';
}
