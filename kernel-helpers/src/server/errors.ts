import type { FastifyError, FastifyInstance } from 'fastify';
import { isPipelineInputProblem } from '../jobs/pipelines/define';
import { RunTakenError } from '../jobs/pipelines/run';
import { ProfileError } from '../profile/errors';
import { FilterError } from '../runs/filter';
import { DatasetError } from '../store/datasets/types';
import { IncidentError } from '../store/incidents/types';
import { JobExistsError } from '../store/jobs/types';
import { ModelError } from '../store/models/types';
import { PipelineExistsError } from '../store/pipelines/types';

/** A thing a request's path names that does not exist: answered 404 (field: which parameter). */
export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(
    message: string,
    readonly field?: string
  ) {
    super(message);
  }
}

/** The body of an error answer: the message, and where the input went wrong when it is known. */
export function errorBody(error: Error & { field?: string; column?: number }): Record<string, unknown> {
  return {
    error: error.message,
    ...(error.field ? { field: error.field } : {}),
    ...(error instanceof FilterError ? { column: error.column } : {})
  };
}

/**
 * The refusals a caller's input causes, and how each answers: unknown things are 404, a state
 * that forbids the change (a taken name, a resolved incident, a stage move) 409, the rest 400.
 * A route throws; it does not catch to answer.
 */
const CALLER_ERRORS: { is: (error: unknown) => boolean; status: (message: string) => number }[] = [
  {
    is: error => error instanceof DatasetError || error instanceof ProfileError,
    status: message => (/^No dataset|has no version/.test(message) ? 404 : 400)
  },
  {
    is: error => error instanceof ModelError,
    status: message => (/^No model|has no version/.test(message) ? 404 : 409)
  },
  {
    is: error => error instanceof IncidentError,
    status: message =>
      /^No incident|names no|^No (dataset|run|model|job) /.test(message)
        ? 404
        : /resolved already/.test(message)
          ? 409
          : 400
  },
  {
    is: error =>
      error instanceof JobExistsError ||
      error instanceof PipelineExistsError ||
      error instanceof RunTakenError,
    status: () => 409
  },
  // A pipeline's input problems include a job's (its steps are jobs).
  { is: error => isPipelineInputProblem(error) || error instanceof FilterError, status: () => 400 }
];

/**
 * One error handler for every route: schema errors (a bad limit, an unknown field) and the
 * caller's refusals answer with one readable message; an error that carries its status
 * (`PathError`, `NotFoundError`) keeps it; anything else is the service's fault, 500.
 */
export function answerErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.validation) {
      return reply.code(400).send({ error: `Invalid request: ${error.message}` });
    }
    const known = CALLER_ERRORS.find(kind => kind.is(error));
    if (known) {
      return reply.code(known.status(error.message)).send(errorBody(error as Error & { field?: string }));
    }
    return reply.code(error.statusCode ?? 500).send(errorBody(error as Error & { field?: string }));
  });
}
