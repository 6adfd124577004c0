/** Rows as aligned columns under a header, for terminal listings. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  return [header, ...rows]
    .map(r =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}

/** A listing: one row per item under the header, or the line `none` when there are no items. */
export function formatList<T>(
  items: T[],
  none: string,
  header: string[],
  row: (item: T) => string[]
): string {
  return items.length === 0 ? none : formatTable(header, items.map(row));
}
