import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a model server counts, in Prometheus' text format at `GET /metrics` (prom-client). */
export class ServingMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'mlnb_serving_requests_total',
    help: 'Requests answered, by route and HTTP status',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry]
  });
  readonly latency = new Histogram({
    name: 'mlnb_serving_request_seconds',
    help: 'Time from a request to its answer, by route',
    labelNames: ['route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry]
  });
  readonly batchRows = new Histogram({
    name: 'mlnb_serving_batch_rows',
    help: 'Rows scored per tensor call (micro-batches)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 1024, 4096],
    registers: [this.registry]
  });
  readonly rows = new Counter({
    name: 'mlnb_serving_rows_total',
    help: 'Rows scored, by model version',
    labelNames: ['version'] as const,
    registers: [this.registry]
  });
  readonly version = new Gauge({
    name: 'mlnb_serving_version',
    help: 'The model version answering requests',
    registers: [this.registry]
  });
  readonly shadowAgreement = new Gauge({
    name: 'mlnb_serving_shadow_agreement',
    help: 'Share of rows the shadow version scored as the serving one did',
    registers: [this.registry]
  });

  /** The timer of one request; call the result with the status when answering. */
  time(route: string): (status: number) => void {
    const end = this.latency.startTimer({ route });
    return status => {
      end();
      this.requests.inc({ route, status: String(status) });
    };
  }
}
