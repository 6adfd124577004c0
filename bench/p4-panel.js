// P4, the panel's side: with N runs in the store (default 100k, made by p4-generate.js), the time
// from opening the Experiments sidebar in a real JupyterLab (Chromium) to its first rows shown.
// Best and worst of several openings (the panel is closed and its list reloaded each time).
// Usage: node bench/p4-panel.js STORE_FILE [openings]
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('@playwright/test');

const root = path.resolve(__dirname, '..');
const [store, openings = '5'] = process.argv.slice(2);
const PORT = Number(process.env.MLNB_BENCH_PORT ?? 8897);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Resolves when `url` answers 200 (JupyterLab has started). */
async function ready(url) {
  for (;;) {
    const ok = await new Promise(resolve =>
      http
        .get(url, res => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on('error', () => resolve(false))
    );
    if (ok) {
      return;
    }
    await new Promise(resolve => global.setTimeout(resolve, 250));
  }
}

(async () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-panel-'));
  const lab = spawn(
    path.join(root, '.venv', 'bin', 'jupyter'),
    [
      'lab',
      '--no-browser',
      `--port=${PORT}`,
      '--ServerApp.token=',
      '--ServerApp.password=',
      '--ServerApp.disable_check_xsrf=True',
      `--ServerApp.root_dir=${workspace}`,
      '--allow-root'
    ],
    { env: { ...process.env, MLNB_STORE: store }, stdio: 'ignore', detached: true }
  );
  const base = `http://127.0.0.1:${PORT}`;
  await ready(`${base}/lab`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu']
  });
  const times = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // The first load starts the service (the sidebars' connection check): what is timed is the panel.
    await page.goto(`${base}/lab?reset`);
    await page.locator('#jp-mlnb-experiments .jp-mlnb-Connection').waitFor({ state: 'attached' });
    for (let i = 0; i < Number(openings); i++) {
      await page.goto(`${base}/lab?reset`); // a fresh layout: the sidebar starts closed
      await page.locator('[data-id="jp-mlnb-experiments"]').waitFor();
      await page.locator('#jp-mlnb-experiments .jp-mlnb-Connection').waitFor({ state: 'attached' });
      const started = Date.now();
      await page.locator('[data-id="jp-mlnb-experiments"]').click();
      await page.locator('#jp-mlnb-experiments .jp-mlnb-Runs-row').first().waitFor();
      times.push(Date.now() - started);
    }
  } finally {
    await browser.close();
    process.kill(-lab.pid, 'SIGTERM');
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  const inOrder = [...times];
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      firstRowsMs: times[Math.floor(times.length / 2)],
      bestMs: times[0],
      worstMs: times.at(-1),
      inOrder
    })
  );
})();
