import type { NotebookOutput } from './notebook';

const ERROR_LINE = /^((?:[A-Za-z_$][\w$.]*)?(?:Error|Exception))(?::\s*(.*))?$/;
const TYPE_ERROR_LINE = /^\d+:\d+ - (.*)$/;

/**
 * An nbformat error output from what tslab printed for a failed cell: a runtime error
 * (`RangeError: bad split` after the source excerpt) or TypeScript diagnostics (`1:5 - ...`).
 */
export function errorOutput(printed: string): Extract<NotebookOutput, { output_type: 'error' }> {
  const lines = printed.trim().split('\n');
  for (const line of lines) {
    const runtime = ERROR_LINE.exec(line.trim());
    if (runtime) {
      return { output_type: 'error', ename: runtime[1], evalue: runtime[2] ?? '', traceback: lines };
    }
  }
  const diagnostics = lines
    .map(l => TYPE_ERROR_LINE.exec(l.trim())?.[1])
    .filter((d): d is string => Boolean(d));
  if (diagnostics.length > 0) {
    return {
      output_type: 'error',
      ename: 'TypeScriptError',
      evalue: diagnostics.join('; '),
      traceback: lines
    };
  }
  return { output_type: 'error', ename: 'Error', evalue: lines[0] || 'the cell failed', traceback: lines };
}
