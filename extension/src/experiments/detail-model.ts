import { RunEdit, RunsApi } from '../api';
import { LiveQuery } from '../live';
import { IRunRecord } from './types';

/** One run, live while it runs (each of its change events refetches it), and what can be done to it. */
export class RunDetailModel extends LiveQuery<IRunRecord> {
  constructor(readonly runId: string) {
    super({
      fetch: () => RunsApi.get(runId),
      isRelevant: event =>
        (event.type === 'run-changed' || event.type === 'run-deleted') && event.id === runId
    });
  }

  /** Renames, tags or annotates the run, then shows it as the service now has it. */
  async edit(change: RunEdit): Promise<void> {
    try {
      await RunsApi.edit(this.runId, change);
    } finally {
      await this.refresh();
    }
  }

  remove(): Promise<void> {
    return RunsApi.remove(this.runId);
  }

  artifactUrl(path: string): string {
    return RunsApi.artifactUrl(this.runId, path);
  }

  artifactText(path: string): Promise<string> {
    return RunsApi.artifactText(this.runId, path);
  }

  artifactJson<T>(path: string): Promise<T> {
    return RunsApi.artifactJson<T>(this.runId, path);
  }
}
