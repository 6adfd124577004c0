import { ChangeEvent, PipelinesApi, PipelineView } from '../api';
import { ILiveState } from '../live';
import { IActionsState, LiveActionsModel } from './actions-model';

export type IPipeline = PipelineView;

export interface IPipelinesState extends IActionsState {
  pipelines: IPipeline[];
}

/**
 * The pipelines shown in the Jobs panel, each with its latest run, live: refreshed on pipeline
 * events (runs the service starts), step attempts' job events, and run events (a run started by
 * `mlnb pipelines run` in another process shows through its steps' runs).
 */
export class PipelinesModel extends LiveActionsModel<IPipelinesState, IPipeline[]> {
  constructor() {
    super({ pipelines: [], error: null, busy: new Set() });
  }

  async runNow(item: IPipeline): Promise<void> {
    await this.act(item.pipeline.id, item.pipeline.name, () => PipelinesApi.run(item.pipeline.id));
  }

  /** Re-runs the latest run's failed steps with the outputs its other steps registered. */
  async resume(item: IPipeline): Promise<void> {
    const run = item.lastRun;
    if (run) {
      await this.act(item.pipeline.id, item.pipeline.name, () =>
        PipelinesApi.resume(item.pipeline.id, run.id)
      );
    }
  }

  protected async fetch(): Promise<IPipeline[]> {
    return (await PipelinesApi.list()).sort((a, b) => a.pipeline.name.localeCompare(b.pipeline.name));
  }

  protected isRelevant(event: ChangeEvent): boolean {
    return event.type.startsWith('pipeline-') || event.type === 'job-changed' || event.type === 'run-changed';
  }

  protected fromLive({ value, error }: ILiveState<IPipeline[]>): Partial<IPipelinesState> {
    return { pipelines: value ?? [], error: this.errorToShow(error) };
  }
}
