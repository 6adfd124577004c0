/**
 * galata (Playwright) against a real JupyterLab in Debian's Chromium: Playwright's own browser
 * download cannot work on our machines (see shared/RECIPES.md).
 */
const crypto = require('node:crypto');
const path = require('node:path');
const base = require('@jupyterlab/galata/lib/playwright-config');

/** The store the tests' JupyterLab writes to; `npm start` empties it first. */
const STORE = path.join(__dirname, '.store', 'store.db');
/**
 * JupyterLab's port: MLNB_UI_PORT, else one derived from this checkout's path, so that two
 * checkouts (worktrees) testing side by side never reuse each other's running JupyterLab.
 */
const PORT =
  process.env.MLNB_UI_PORT ||
  String(8800 + (crypto.createHash('sha256').update(__dirname).digest()[0] % 200));

process.env.MLNB_STORE = STORE; // for the specs that read the store with the mlnb CLI
module.exports = {
  ...base,
  testDir: './tests',
  workers: 1, // One JupyterLab, two cores: tests in sequence are faster than fighting for CPU.
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    ...base.use,
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update']
    },
    video: 'off', // Playwright's own ffmpeg is not installed here.
    trace: 'retain-on-failure'
  },
  webServer: {
    command: 'npm start',
    url: `http://localhost:${PORT}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI,
    // SIGTERM lets Jupyter shut its kernels down; a SIGKILL left them running (they live in
    // their own sessions), and Playwright then waited forever for the output pipes they held.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    // An Airflow URL where nothing listens: the Jobs panel links Airflow jobs and Run now reaches out.
    env: { ...process.env, MLNB_STORE: STORE, MLNB_UI_PORT: PORT, MLNB_AIRFLOW_URL: 'http://127.0.0.1:9' }
  }
};
