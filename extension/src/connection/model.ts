import { IPoll, Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';
import { ServiceApi } from '../api';
import { ConnectionState, IHealth, IMlnbConnection } from '../tokens';

/** Fetches the service's health; injectable so the model stays free of transport details. */
export type HealthSource = () => Promise<IHealth>;

/** Owns the connection state; checks it at start, on demand and every `intervalSeconds`. */
export class ConnectionModel implements IMlnbConnection {
  private _state: ConnectionState = { status: 'checking' };
  private readonly _stateChanged = new Signal<IMlnbConnection, ConnectionState>(this);
  private readonly poll: Poll;

  constructor(
    private readonly fetchHealth: HealthSource = ServiceApi.health,
    intervalSeconds = 30
  ) {
    this.poll = new Poll({
      factory: () => this.check(),
      frequency: Private.frequency(intervalSeconds),
      name: 'mlnb-extension:connection',
      standby: 'when-hidden'
    });
  }

  get state(): ConnectionState {
    return this._state;
  }

  get stateChanged(): ISignal<IMlnbConnection, ConnectionState> {
    return this._stateChanged;
  }

  /** Seconds between checks; 0 checks only at start and on refresh. */
  set intervalSeconds(seconds: number) {
    this.poll.frequency = Private.frequency(seconds);
  }

  async refresh(): Promise<void> {
    this.setState({ status: 'checking' });
    await this.poll.refresh();
    await this.poll.tick;
  }

  dispose(): void {
    this.poll.dispose();
    Signal.clearData(this);
  }

  private async check(): Promise<void> {
    try {
      this.setState({ status: 'connected', health: await this.fetchHealth() });
    } catch (error) {
      this.setState({ status: 'error', message: (error as Error).message });
    }
  }

  private setState(state: ConnectionState): void {
    this._state = state;
    this._stateChanged.emit(state);
  }
}

namespace Private {
  export function frequency(seconds: number): IPoll.Frequency {
    const interval = seconds > 0 ? seconds * 1000 : Poll.NEVER;
    return { interval, backoff: false, max: interval };
  }
}
