import { IDisposable } from '@lumino/disposable';
import { ISignal } from '@lumino/signaling';
import { DoctorApi, type DoctorReport } from '../api';
import { ILiveState, LiveQuery } from '../live';

/** Any change can move an answer; a second's wait gathers a busy store's changes into one look. */
const HEALTH_REFRESH_MS = 1000;

/** The Health view's state: the doctor's report of the served store, kept current. */
export class HealthModel implements IDisposable {
  private readonly query = new LiveQuery<DoctorReport>({
    fetch: () => DoctorApi.report(),
    isRelevant: () => true,
    delayMs: HEALTH_REFRESH_MS
  });

  get state(): ILiveState<DoctorReport> {
    return this.query.state;
  }

  get changed(): ISignal<LiveQuery<DoctorReport>, ILiveState<DoctorReport>> {
    return this.query.changed;
  }

  start(): void {
    this.query.start();
  }

  refresh(): Promise<void> {
    return this.query.refresh();
  }

  get isDisposed(): boolean {
    return this.query.isDisposed;
  }

  dispose(): void {
    this.query.dispose();
  }
}
