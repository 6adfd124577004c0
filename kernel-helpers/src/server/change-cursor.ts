/**
 * Where a feed has read up to, by the writers' `updated_at` (ms). A write committed in the same
 * millisecond as the last look must still be found, so each look reaches back one millisecond
 * (`since`) and what was already announced at its time is left out (`fresh`).
 */
export class ChangeCursor {
  private at = Date.now();
  /** What was last announced per key, at the times the next look can still return. */
  private readonly announced = new Map<string, number>();

  /** For changedSince (which returns rows with updated_at greater than this). */
  get since(): number {
    return this.at - 1;
  }

  /** The changes not announced yet; moves the cursor past them. */
  fresh<T extends { updatedAt: number }>(changes: T[], key: (change: T) => string): T[] {
    const news = changes.filter(change => (this.announced.get(key(change)) ?? -1) < change.updatedAt);
    for (const change of news) {
      this.announced.set(key(change), change.updatedAt);
      this.at = Math.max(this.at, change.updatedAt);
    }
    for (const [name, at] of this.announced) {
      if (at < this.since) {
        this.announced.delete(name);
      }
    }
    return news;
  }
}
