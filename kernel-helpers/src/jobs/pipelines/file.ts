import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import schema from '../../contracts/pipeline.schema.json';
import type { PipelineFile } from '../../store/pipelines/types';
import type { JobSchedule } from '../../store/jobs/types';
import { PipelineInput, PipelineInputError } from './define';

let validate: ReturnType<Ajv2020['compile']> | undefined;

/** schemas/pipeline.schema.json's `$defs/file` as an ajv validator (the package carries its copy). */
function fileValidator() {
  if (!validate) {
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
  return pipelineFromSpec(data, file, path.dirname(path.resolve(file)), defaultZone);
}

/**
 * A pipeline definition in the file's shape (`$defs/file`: a parsed *.pipeline.yaml, or the body
 * of POST /api/pipelines), checked against the schema, as what createPipeline takes. `source`
 * names it in problems; notebook paths are relative to `dir`.
 */
export function pipelineFromSpec(
  data: unknown,
  source: string,
  dir: string,
  defaultZone: string
): PipelineInput {
  const check = fileValidator();
  if (!check(data)) {
    const problems = (check.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message}`);
    throw new PipelineInputError(`${source} is not a pipeline definition: ${problems.join('; ')}.`, 'file');
  }
  const spec = data as PipelineFile;
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
