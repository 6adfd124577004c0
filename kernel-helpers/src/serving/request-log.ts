import * as os from 'node:os';
import { columnsToCsv } from '../catalog/csv';
import { registerColumns } from '../catalog/register';
import type { Store } from '../store/engine/store';

export interface RequestLogOptions {
  /** Share of scored rows kept (0–1); 1 keeps every row. */
  sampleRate: number;
  /** Rows per version of the dataset: a full buffer is written as the next version. */
  rowsPerVersion: number;
  /**
   * The most rows kept per hour: under heavy traffic, profiling and writing every row would take
   * the CPU that answers requests; past the cap, rows wait for the next hour.
   */
  capPerHour: number;
  /** Told when a version could not be written (the server keeps answering). */
  warn(message: string): void;
  /** After a version is written (the server checks drift then). */
  written?(dataset: string): void;
}

/** One scored row as monitoring keeps it. */
export interface LoggedRow {
  requestId: string;
  version: number;
  features: number[];
  prediction: string | number | null;
  shadow?: string | number | null;
}

/** The catalog dataset of a model's served requests. */
export const requestsDataset = (model: string): string => `${model}-requests`;

/**
 * A sample of the requests and predictions (up to a cap per hour), written as versions of the catalog dataset
 * `<model>-requests`: a version per `rowsPerVersion` rows or per day, whichever comes first, and
 * what is left at close. Each row names the model version that answered (`model_version`), so
 * the dataset's lineage to the registry is in its rows; the dataset is tagged `served-model`.
 */
export class RequestLog {
  private rows: (LoggedRow & { at: string })[] = [];
  private day = today();
  private hour = '';
  private keptThisHour = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly model: string,
    private readonly features: string[],
    private readonly shadowed: boolean,
    private readonly options: RequestLogOptions
  ) {}

  add(rows: LoggedRow[]): void {
    const at = new Date().toISOString();
    if (at.slice(0, 10) !== this.day) {
      this.write();
      this.day = at.slice(0, 10);
    }
    if (at.slice(0, 13) !== this.hour) {
      this.hour = at.slice(0, 13);
      this.keptThisHour = 0;
    }
    for (const row of rows) {
      if (this.keptThisHour >= this.options.capPerHour) {
        break;
      }
      if (this.options.sampleRate >= 1 || Math.random() < this.options.sampleRate) {
        this.rows.push({ ...row, at });
        this.keptThisHour += 1;
      }
    }
    if (this.rows.length >= this.options.rowsPerVersion) {
      this.write();
    }
  }

  /** Writes what is buffered (at close); resolves when every write so far is done. */
  flush(): Promise<void> {
    this.write();
    return this.writing;
  }

  private write(): void {
    const rows = this.rows;
    this.rows = [];
    if (rows.length === 0) {
      return;
    }
    this.writing = this.writing.then(() => this.register(rows));
  }

  private async register(rows: (LoggedRow & { at: string })[]): Promise<void> {
    const columns: Record<string, unknown[]> = {
      time: rows.map(r => r.at),
      request_id: rows.map(r => r.requestId),
      model_version: rows.map(r => r.version)
    };
    this.features.forEach((f, j) => (columns[f] = rows.map(r => r.features[j])));
    columns.prediction = rows.map(r => r.prediction);
    if (this.shadowed) {
      columns.shadow_prediction = rows.map(r => r.shadow ?? null);
    }
    const name = requestsDataset(this.model);
    try {
      const { record } = await registerColumns(this.store, columns, columnsToCsv(columns), {
        name,
        description: `Requests served by the model ${this.model} (mlnb models serve), with its predictions.`,
        tags: ['served-model'],
        createdBy: os.userInfo().username
      });
      this.options.written?.(`${record.name}@${record.version}`);
    } catch (error) {
      this.options.warn(
        `could not write ${rows.length} logged requests to ${name}: ${(error as Error).message}`
      );
    }
  }
}

const today = () => new Date().toISOString().slice(0, 10);
