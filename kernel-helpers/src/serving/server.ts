import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { InvocationsResponse, ScoredRow, ServingStatus, TfServingResponse } from '../contracts';
import { hasToken, TOKEN_REQUIRED } from '../server/token';
import type { Store } from '../store/engine/store';
import { MicroBatcher } from './batcher';
import { FeedbackLoop } from './feedback';
import { readJson, sendJson, sendText } from './http';
import { InputError, mlflowRows, tfServingRows } from './input';
import { ServingMetrics } from './metrics';
import { RequestLog, type LoggedRow } from './request-log';
import type { Reading, ServedModel } from './served-model';
import { Shadow } from './shadow';
import { ModelSlot } from './slot';

export type ServingEndpoint = { socket: string } | { port: number; host: string; token?: string };

export interface ModelServerOptions {
  store: Store;
  /** `name@production`, `name@3`, `name`: a stage is followed (a promotion swaps the version in). */
  ref: string;
  /** Where tfjs is resolved from (the project's folder). */
  cwd: string;
  endpoint: ServingEndpoint;
  /** Also score every request with this version (`name@staging`); the client sees no change. */
  shadow?: string;
  /** Micro-batching: the longest a request waits for others, and the rows that send a batch at once. */
  batch?: { maxWaitMs: number; maxRows: number };
  /** Monitoring: the share of rows written to `<model>-requests`, the rows per version and per hour. */
  log?: { sampleRate: number; rowsPerVersion: number; capPerHour?: number };
  /** How often (ms) a followed stage is checked for a promotion; PostgreSQL also pushes changes. */
  pollMs?: number;
  /** After each `<model>-requests` version is written (drift checks). */
  written?(dataset: string): void;
  /** Where the server says what it does (a swap, a refused version, a failed write). */
  tell?(message: string): void;
}

export interface RunningModelServer {
  address: string;
  /** The token requests need (TCP); undefined on a unix socket. */
  token?: string;
  slot: ModelSlot;
  status(): ServingStatus;
  /** Writes the buffered requests, forgets the server in the registry and stops listening. */
  close(): Promise<void>;
}

const HEARTBEAT_MS = 10_000;

/**
 * `mlnb models serve`: a model version behind HTTP. On a TCP port every request needs the token
 * (generated when not given); on a unix socket (behind Jupyter) the socket's permissions guard it.
 */
export async function startModelServer(options: ModelServerOptions): Promise<RunningModelServer> {
  const { store } = options;
  const tell = options.tell ?? ((message: string) => console.log(message));
  const slot = await ModelSlot.open(store, options.ref, options.cwd, tell);
  const shadow = options.shadow ? await Shadow.open(store, options.shadow, options.cwd, tell) : null;
  const name = slot.name;
  const metrics = new ServingMetrics();
  const feedback = new FeedbackLoop(store, name);
  const log = new RequestLog(store, name, slot.current.features, shadow !== null, {
    sampleRate: options.log?.sampleRate ?? 1,
    rowsPerVersion: options.log?.rowsPerVersion ?? 10_000,
    capPerHour: options.log?.capPerHour ?? 10_000,
    warn: tell,
    written: options.written
  });
  const batcher = new MicroBatcher<ServedModel>({
    maxWaitMs: options.batch?.maxWaitMs ?? 2,
    maxRows: options.batch?.maxRows ?? 1024,
    score: rows => {
      const scorer = slot.current; // read once: a swap between batches, never inside one
      return { outputs: scorer.predict(rows), scorer };
    },
    scored: ({ rows, scorer }) => {
      metrics.batchRows.observe(rows.length);
      metrics.rows.inc({ version: String(scorer.version.version) }, rows.length);
    }
  });
  const token =
    'socket' in options.endpoint ? undefined : options.endpoint.token || randomBytes(24).toString('hex');
  const expected = token ? Buffer.from(token) : null;
  const startedAt = new Date().toISOString();
  let address = '';

  const status = (): ServingStatus => ({
    model: name,
    version: slot.current.version.version,
    stage: slot.current.version.stage,
    following: slot.following,
    warm: true,
    address,
    startedAt,
    heartbeatAt: new Date().toISOString(),
    shadow: shadow?.agreement() ?? null
  });

  /** Scores rows (parsed by `parse`) and answers with the version and a request id per row. */
  async function score(rows: number[][]): Promise<{ scorer: ServedModel; scored: ScoredRow[] }> {
    const { outputs, scorer } = await batcher.submit(rows);
    const readings = scorer.read(outputs);
    const scored = readings.map((reading, i) => {
      const requestId = randomUUID();
      feedback.keep(requestId, scorer.version.version, reading, scorer.labels);
      return { requestId, label: reading.label, value: reading.value, scores: outputs[i] };
    });
    // Monitoring and the shadow run after the answer is sent: the client never waits for them.
    setImmediate(() => afterScoring(rows, scored, readings, scorer));
    return { scorer, scored };
  }

  let shadowFailed = false;
  function afterScoring(
    rows: number[][],
    scored: ScoredRow[],
    readings: Reading[],
    scorer: ServedModel
  ): void {
    let shadowReadings: Reading[] | undefined;
    try {
      shadowReadings = shadow?.compare(rows, readings);
    } catch (error) {
      // A shadow that cannot score these rows (other features) is reported once, never thrown.
      if (!shadowFailed) {
        shadowFailed = true;
        tell(`shadow: ${shadow!.slot.name} could not score: ${(error as Error).message}`);
      }
    }
    const logged: LoggedRow[] = scored.map((row, i) => ({
      requestId: row.requestId,
      version: scorer.version.version,
      features: rows[i],
      prediction: row.label ?? row.value,
      shadow: shadowReadings ? (shadowReadings[i].label ?? shadowReadings[i].value) : undefined
    }));
    log.add(logged);
    if (shadow) {
      metrics.shadowAgreement.set(shadow.agreement().agreement ?? 0);
    }
  }

  const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => Promise<number>> = {
    'GET /ping': async (_req, res) => (sendText(res, 200, '\n'), 200),
    'GET /health': async (_req, res) => (sendJson(res, 200, status()), 200),
    'GET /metrics': async (_req, res) => {
      metrics.version.set(slot.current.version.version);
      sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
      return 200;
    },
    'POST /invocations': async (req, res) => {
      const rows = mlflowRows(await readJson(req), slot.current.features);
      const { scorer, scored } = await score(rows);
      const body: InvocationsResponse = { model: name, version: scorer.version.version, predictions: scored };
      sendJson(res, 200, body);
      return 200;
    },
    [`POST /v1/models/${name}:predict`]: async (req, res) => {
      const rows = tfServingRows(await readJson(req), slot.current.features);
      const { scorer, scored } = await score(rows);
      const body: TfServingResponse = {
        model: name,
        version: scorer.version.version,
        predictions: scored.map(s => s.scores),
        requestIds: scored.map(s => s.requestId)
      };
      sendJson(res, 200, body);
      return 200;
    },
    'POST /feedback': async (req, res) => {
      const answer = await feedback.receive(await readJson(req));
      if (answer === 'unknown') {
        sendJson(res, 404, {
          error: 'No prediction with this requestId is kept (unknown, already labelled, or too old).',
          field: 'requestId'
        });
        return 404;
      }
      sendJson(res, 200, answer);
      return 200;
    }
  };

  const server = http.createServer((req, res) => {
    const route = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
    const done = metrics.time(routes[route] ? route : 'other');
    if (expected && !hasToken(req.headers.authorization, expected)) {
      res.setHeader('WWW-Authenticate', 'token');
      sendJson(res, 401, { error: TOKEN_REQUIRED });
      done(401);
      req.resume();
      return;
    }
    const handler = routes[route];
    if (!handler) {
      sendJson(res, 404, { error: `No such endpoint: ${route}` });
      done(404);
      req.resume();
      return;
    }
    handler(req, res).then(done, error => {
      const bad = error instanceof InputError;
      const code = bad ? 400 : 500;
      if (bad && error.field === 'body') {
        res.setHeader('connection', 'close'); // a refused body is not read to its end
      }
      sendJson(
        res,
        code,
        bad ? { error: error.message, field: error.field } : { error: (error as Error).message }
      );
      done(code);
    });
  });

  if ('socket' in options.endpoint) {
    fs.rmSync(options.endpoint.socket, { force: true });
    await listen(server, options.endpoint.socket);
    fs.chmodSync(options.endpoint.socket, 0o600); // only this user may connect
    address = options.endpoint.socket;
  } else {
    await listen(server, options.endpoint.port, options.endpoint.host);
    const port = (server.address() as { port: number }).port;
    address = `http://${options.endpoint.host}:${port}/`;
  }

  const checks = [slot, ...(shadow ? [shadow.slot] : [])];
  // The registry hears of the server at start, after a swap and at each heartbeat.
  const serving = () => `${slot.current.version.version} ${shadow?.slot.current.version.version ?? ''}`;
  let saved = '';
  const save = async () => {
    saved = serving();
    await store.models.saveServer(status());
  };
  const check = () =>
    void Promise.all(checks.map(s => s.check()))
      .then(() => (serving() !== saved ? save() : undefined))
      .catch(error => tell(`checking the registry failed: ${(error as Error).message}`));
  const poll = setInterval(check, options.pollMs ?? 1000);
  const heartbeat = setInterval(() => void save().catch(() => undefined), HEARTBEAT_MS);
  const stopListening = store.onChange ? await store.onChange(check).catch(() => null) : null;
  await save();

  return {
    address,
    token,
    slot,
    status,
    async close() {
      clearInterval(poll);
      clearInterval(heartbeat);
      await stopListening?.();
      batcher.flush();
      const closed = new Promise(resolve => server.close(resolve));
      server.closeAllConnections();
      await closed;
      await new Promise(resolve => setImmediate(resolve)); // the last answers' monitoring
      await log.flush();
      await store.models.removeServer(address);
    }
  };
}

function listen(server: http.Server, ...at: [string] | [number, string]): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(...(at as [number, string]), () => {
      server.off('error', reject);
      resolve();
    });
  });
}
