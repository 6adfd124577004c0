import { IRunRecord } from './types';

/** A CSV cell: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line per run: its attributes, every param and the latest value of every metric. */
export function runsToCsv(runs: IRunRecord[]): string {
  const params = [...new Set(runs.flatMap(r => Object.keys(r.params)))].sort();
  const metrics = [...new Set(runs.flatMap(r => Object.keys(r.metrics)))].sort();
  const header = [
    'id',
    'name',
    'experiment',
    'status',
    'source',
    'user',
    'start_time',
    'end_time',
    ...params.map(p => `params.${p}`),
    ...metrics.map(m => `metrics.${m}`)
  ];
  const lines = runs.map(run => [
    run.id,
    run.name,
    run.experiment,
    run.status,
    run.source,
    run.user,
    run.startTime,
    run.endTime,
    ...params.map(p => run.params[p]?.value),
    ...metrics.map(m => run.metrics[m]?.[run.metrics[m].length - 1]?.value)
  ]);
  return [header, ...lines].map(line => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Offers `text` to the browser as a file download. */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
