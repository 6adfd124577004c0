/** Small formatting helpers for run lists and details. */

export function formatDuration(start: string, end: string | null, now = Date.now()): string {
  const ms = (end ? Date.parse(end) : now) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? formatMilliseconds(ms) : '';
}

/** "4.2 s", "12 min 3 s", "2 h 5 min". */
export function formatMilliseconds(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes} min ${Math.round(seconds % 60)} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return `${date.toLocaleDateString()} ${date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

export function formatNumber(value: number): string {
  return Math.abs(value) >= 1000 || value === Math.round(value)
    ? String(Number(value.toPrecision(6)))
    : value.toPrecision(4);
}
