import { ISignal } from '@lumino/signaling';
import { Token } from '@lumino/coreutils';
import type { Health } from './api';
import type { OpenIncidentsModel } from './health/incidents';

/** What the service says about itself (schemas/health.schema.json). */
export type IHealth = Health;

export type ConnectionState =
  { status: 'checking' } | { status: 'connected'; health: IHealth } | { status: 'error'; message: string };

/** The browser's link to the mlnb service, shared by every mlnb panel. */
export interface IMlnbConnection {
  readonly state: ConnectionState;
  readonly stateChanged: ISignal<IMlnbConnection, ConnectionState>;
  /** Checks the service now; resolves when the new state is known. */
  refresh(): Promise<void>;
}

export const IMlnbConnection = new Token<IMlnbConnection>(
  'mlnb-extension:IMlnbConnection',
  'The connection to the mlnb service: its version, store and whether it answers.'
);

/** The open incidents and what they affect, live; the panels' incident badges read it. */
export interface IMlnbIncidents {
  readonly model: OpenIncidentsModel;
}

export const IMlnbIncidents = new Token<IMlnbIncidents>(
  'mlnb-extension:IMlnbIncidents',
  'The open incidents and everything downstream of them in the lineage, for badges.'
);
