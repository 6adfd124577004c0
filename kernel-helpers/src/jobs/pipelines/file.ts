import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { PipelineFile } from '../../store/pipelines/types';
import type { JobSchedule } from '../../store/jobs/types';
import { PipelineInput, PipelineInputError } from './define';

/** schemas/pipeline.schema.json, from the package's checkout (dist/jobs/pipelines → repo root). */
const SCHEMA_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'schemas', 'pipeline.schema.json');

let validate: ReturnType<Ajv2020['compile']> | undefined;

function fileValidator() {
  if (!validate) {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    ajv.addSchema(schema);
    validate = ajv.getSchema(`${schema.$id}#/$defs/file`)!;
  }
  return validate;
}

/**
 * Reads a `*.pipeline.yaml` (the `yaml` parser, then the schema's `$defs/file` with ajv) into
 * what createPipeline takes; notebook paths are relative to the file. Problems name the file and
 * the place in it.
 */
export function readPipelineFile(file: string, defaultZone: string): PipelineInput {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new PipelineInputError(
      `Cannot read the pipeline file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'file'
    );
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split('\n')[0] : (error as Error).message;
    throw new PipelineInputError(`${file} is not valid YAML: ${detail}`, 'file');
  }
  const check = fileValidator();
  if (!check(data)) {
    const problems = (check.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message}`);
    throw new PipelineInputError(`${file} is not a pipeline file: ${problems.join('; ')}.`, 'file');
  }
  const spec = data as PipelineFile;
  const dir = path.dirname(path.resolve(file));
  const schedule: JobSchedule | null = spec.schedule
    ? { cron: spec.schedule.cron, timezone: spec.schedule.timezone ?? defaultZone }
    : null;
  return {
    name: spec.name,
    schedule,
    onNewVersion: spec.onNewVersion ?? null,
    maxParallel: spec.maxParallel,
    enabled: !spec.paused,
    steps: spec.steps.map(step => ({
      notebook: path.resolve(dir, step.notebook),
      name: step.name,
      after: step.after,
      params: step.params,
      retries: step.retries,
      timeoutSeconds: step.timeoutSeconds,
      gates: step.gates
    }))
  };
}
