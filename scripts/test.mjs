// `npm test`: sets up what is missing (npm packages, .venv, build, kernelspec, Chromium), then
// runs every test: lint, jest (units and integration against real parts) and galata (a real
// JupyterLab in Chromium). Prints one summary line and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup } from './setup.mjs';
import { ROOT, sh } from './steps.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RESULTS = path.join(ROOT, '.setup', 'results');

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) {
    return;
  }
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    console.log("setup: installing Debian's Chromium for the UI tests…");
    sh('apt-get', ['update', '-qq']);
    sh('apt-get', ['install', '-y', '-qq', 'chromium']);
    return;
  }
  console.error(
    `npm test: the UI tests need Chromium at ${CHROMIUM}. Install it (sudo apt-get install chromium) ` +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.'
  );
  process.exit(1);
}

/**
 * Runs one suite; resolves to its exit code without stopping the others. A suite still running
 * after `minutes` is killed with everything it started (its process group), so a hung test
 * fails the run with a message instead of holding CI until its own limit.
 */
function suite(title, command, args, { minutes, ...options }) {
  console.log(`\n=== ${title}`);
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: ROOT, detached: true, ...options });
    const killGroup = signal => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    // Its own process group: Ctrl-C in the terminal reaches only us, so pass it on.
    const forward = signal => () => killGroup(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt).on('SIGTERM', onTerm);
    const deadline = setTimeout(() => {
      console.error(`\nnpm test: ${title} still running after ${minutes} min; stopping it.`);
      killGroup('SIGKILL');
    }, minutes * 60_000);
    child.once('error', error => console.error(`npm test: could not start ${command}: ${error.message}`));
    child.once('close', code => {
      clearTimeout(deadline);
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
      resolve(code ?? 1);
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

await setup({ forTests: true });
ensureChromium();
fs.rmSync(RESULTS, { recursive: true, force: true });
fs.mkdirSync(RESULTS, { recursive: true });

const jestJson = path.join(RESULTS, 'jest.json');
const uiJson = path.join(ROOT, 'ui-tests', 'test-results', 'results.json');
fs.rmSync(uiJson, { force: true });
// Deadlines at about three times a clean run on a 2-core machine (lint 1, jest 10, galata 7 min).
const codes = [
  await suite('lint', 'npm', ['run', 'lint'], { minutes: 5 }),
  // Two suites at a time even on 2 cores (jest's default there is one): most of a suite's time is
  // spent waiting on the kernels, servers and pip it starts. Measured: 8.9 against 12.3 min.
  await suite(
    'jest: units and integration',
    'npx',
    [
      'jest',
      `--maxWorkers=${Math.max(2, os.availableParallelism() - 1)}`,
      '--json',
      `--outputFile=${jestJson}`
    ],
    { minutes: 35 }
  ),
  await suite('galata: JupyterLab in Chromium', 'npx', ['playwright', 'test'], {
    minutes: 25,
    cwd: path.join(ROOT, 'ui-tests'),
    env: { ...process.env, CI: process.env.CI ?? '1' }
  })
];

const jest = readJson(jestJson);
const ui = readJson(uiJson)?.stats;
const passed = (jest?.numPassedTests ?? 0) + (ui?.expected ?? 0);
const failed = (jest?.numFailedTests ?? 0) + (ui?.unexpected ?? 0) + (ui?.flaky ?? 0);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
const failedSuites = codes.filter(code => code !== 0).length;
if (failedSuites > 0 || failed > 0) {
  console.error(`npm test: ${failedSuites} of ${codes.length} suites failed.`);
  process.exit(1);
}
