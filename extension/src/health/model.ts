import { DoctorApi, type DoctorReport } from '../api';
import { ILiveState, LiveModel } from '../live';

/** Any change can move an answer; a second's wait gathers a busy store's changes into one look. */
const HEALTH_REFRESH_MS = 1000;

/** The Health view's state: the doctor's report of the served store, kept current. */
export class HealthModel extends LiveModel<ILiveState<DoctorReport>, DoctorReport> {
  constructor() {
    super({ value: null, loading: false, error: null }, { delayMs: HEALTH_REFRESH_MS });
  }

  protected fetch(): Promise<DoctorReport> {
    return DoctorApi.report();
  }

  protected isRelevant(): boolean {
    return true;
  }

  protected fromLive(live: ILiveState<DoctorReport>): ILiveState<DoctorReport> {
    return live;
  }
}
