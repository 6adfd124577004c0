// Small helpers for the setup steps: run a command loudly, and skip a step whose inputs have not
// changed since it last succeeded (a stamp file holds the hash of its inputs).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VENV = path.join(ROOT, '.venv');
export const VENV_BIN = path.join(VENV, 'bin');
export const AIRFLOW_VENV = path.join(ROOT, '.venv-airflow');
export const MLFLOW_VENV = path.join(ROOT, '.venv-mlflow');
const STAMPS = path.join(ROOT, '.setup');

/** Runs a command with inherited output; exits the whole script when it fails. */
export function sh(command, args, options = {}) {
  console.log(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.error || result.status !== 0) {
    failed(command, args, result.error ? result.error.message : `exit code ${result.status}`, result.status);
  }
}

/** sh without blocking: resolves when the command succeeded (runs beside other steps). */
export function shInBackground(command, args, options = {}) {
  console.log(`$ ${[command, ...args].join(' ')} &`);
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
    child.on('error', error => failed(command, args, error.message, 1));
    child.on('exit', code => (code === 0 ? resolve() : failed(command, args, `exit code ${code}`, code)));
  });
}

function failed(command, args, why, status) {
  console.error(`\nsetup: "${command} ${args.join(' ')}" failed (${why}).`);
  process.exit(status || 1);
}

/** The hash of files and folders (recursively), by content, ignoring build outputs. */
export function hashInputs(inputs) {
  const hash = createHash('sha256');
  const visit = p => {
    if (!fs.existsSync(p)) {
      hash.update(`missing:${p}`);
      return;
    }
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (!['node_modules', 'lib', 'dist', '.ipynb_checkpoints'].includes(name)) {
          visit(path.join(p, name));
        }
      }
    } else {
      hash.update(`${path.relative(ROOT, p)}\0`).update(fs.readFileSync(p));
    }
  };
  inputs.map(i => path.join(ROOT, i)).forEach(visit);
  return hash.digest('hex');
}

/**
 * Runs `step.run()` unless its inputs hash to the value stamped after its last success and
 * `step.done()` (what it produces is there) holds.
 */
export function runStep(step) {
  const finish = startStep(step);
  if (finish) {
    step.run();
    finish();
  }
}

/** runStep for a step whose `run()` returns a promise, so that other steps run meanwhile. */
export async function runStepInBackground(step) {
  const finish = startStep(step);
  if (finish) {
    await step.run();
    finish();
  }
}

/** Null when the step is up to date; else announces it and returns what stamps it done. */
function startStep(step) {
  const stamp = path.join(STAMPS, `${step.id}.sha256`);
  const previous = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') : '';
  if (previous === hashInputs(step.inputs) && step.done()) {
    console.log(`setup: ${step.title}: up to date`);
    return null;
  }
  console.log(`setup: ${step.title}…`);
  const started = Date.now();
  return () => {
    fs.mkdirSync(STAMPS, { recursive: true });
    fs.writeFileSync(stamp, hashInputs(step.inputs));
    console.log(`setup: ${step.title}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
}
