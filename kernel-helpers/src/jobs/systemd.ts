import * as os from 'node:os';
import * as path from 'node:path';
import { locateStore } from '../store/engine/locate';

/** The mlnb CLI of this installation (dist/jobs/systemd.js → bin/mlnb.js). */
const MLNB_BIN = path.resolve(__dirname, '..', '..', 'bin', 'mlnb.js');

/**
 * A systemd unit for `mlnb scheduler` on one machine: this Node and this mlnb, the store this
 * shell resolves (pinned as MLNB_STORE, so the service finds the same one from any folder), and
 * a restart when it stops. Values are quoted for systemd (`"` and `\` escaped, `%` doubled).
 */
export function systemdUnit(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const store = locateStore({ cwd, env });
  const quote = (value: string) => `"${value.replace(/[\\"]/g, c => `\\${c}`).replace(/%/g, '%%')}"`;
  return `# Install: save as /etc/systemd/system/mlnb-scheduler.service, then
#   systemctl daemon-reload && systemctl enable --now mlnb-scheduler
[Unit]
Description=mlnb job scheduler (${store.display.replace(/%/g, '%%')})
After=network-online.target${store.target.startsWith('postgres') ? ' postgresql.service' : ''}

[Service]
Type=simple
User=${os.userInfo().username}
WorkingDirectory=${cwd.replace(/%/g, '%%')}
Environment=${quote(`MLNB_STORE=${store.target}`)}
ExecStart=${quote(process.execPath)} ${quote(MLNB_BIN)} scheduler
Restart=on-failure
RestartSec=5
KillSignal=SIGTERM
TimeoutStopSec=30

[Install]
WantedBy=multi-user.target`;
}
