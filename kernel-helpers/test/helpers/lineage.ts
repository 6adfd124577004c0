import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateEvent = ajv.compile(
  JSON.parse(fs.readFileSync(path.join(__dirname, 'openlineage-2-0-2.schema.json'), 'utf8'))
);

/** The ajv errors of an event against the OpenLineage 2-0-2 RunEvent's required fields ([] when valid). */
export function lineageProblems(event: unknown): string[] {
  return validateEvent(event) ? [] : (validateEvent.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}

/**
 * A real OpenLineage HTTP receiver (Marquez's `POST /api/v1/lineage`): keeps what it accepts,
 * answers `refuse` with a 400 and a body while `refusing` is set.
 */
export class LineageReceiver {
  readonly events: any[] = [];
  readonly authorizations: (string | undefined)[] = [];
  refusing: string | null = null;
  private server!: http.Server;

  async start(port = 0): Promise<string> {
    this.server = http.createServer((request, response) => {
      let text = '';
      request.on('data', chunk => (text += chunk));
      request.on('end', () => {
        if (request.method !== 'POST' || request.url !== '/api/v1/lineage') {
          response.writeHead(404).end('no such endpoint');
        } else if (this.refusing) {
          response
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: this.refusing }));
        } else {
          this.events.push(JSON.parse(text));
          this.authorizations.push(request.headers.authorization);
          response.writeHead(201).end();
        }
      });
    });
    await new Promise<void>(resolve => this.server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The events of one run (by mlnb's run id), in the order they arrived. */
  of(runId: string): any[] {
    return this.events.filter(e => e.run.runId.replace(/-/g, '') === runId);
  }

  stop(): Promise<void> {
    return new Promise(resolve => this.server.close(() => resolve()));
  }
}
