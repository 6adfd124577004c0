"""mlnb for JupyterLab.

Ships the prebuilt lab extension and tells jupyter-server-proxy how to start the mlnb service
(the ``jupyter_serverproxy_servers`` entry point). The kernel, the CLI and the service itself
are the npm package ``mlnb``.
"""

import os
import shlex
import shutil
import sys
import sysconfig

__version__ = "0.1.0"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "mlnb-extension"}]


def _mlnb_command():
    """The `mlnb` CLI to run: $MLNB_COMMAND, else `mlnb` beside this Python, else on PATH."""
    configured = os.environ.get("MLNB_COMMAND")
    if configured:
        return shlex.split(configured)
    beside_python = os.path.join(sysconfig.get_path("scripts"), "mlnb")
    if os.path.exists(beside_python):
        return [beside_python]
    found = shutil.which("mlnb")
    if found:
        return [found]
    print(
        "mlnb: the `mlnb` command was not found (npm install -g mlnb, or set MLNB_COMMAND); "
        "the mlnb panels will show the service as unreachable.",
        file=sys.stderr,
    )
    return ["mlnb"]


def _jupyter_root():
    """The Jupyter server's root folder, which contents paths are relative to.

    jupyter-server-proxy starts the service in the server's working folder, which differs from
    the root under ``--notebook-dir`` or ``ServerApp.root_dir``; the service resolves the
    notebook paths the browser sends (Productionize) against this root.
    """
    try:
        from jupyter_server.serverapp import ServerApp

        return ServerApp.instance().root_dir if ServerApp.initialized() else None
    except Exception:  # noqa: BLE001 (an older or different server: keep the working folder)
        return None


def setup_mlnb_service():
    """jupyter-server-proxy: serve `mlnb serve` on a unix socket at <base_url>mlnb/.

    Every request passes Jupyter's authentication first; the socket is private to this user.
    """

    def command(unix_socket):
        root = _jupyter_root()
        # The result is formatted again as a template: braces in the root stay literal.
        given = ["--root", root.replace("{", "{{").replace("}", "}}")] if root else []
        # --exit-with-parent: the service must not outlive a Jupyter server that was killed.
        return [*_mlnb_command(), "serve", "--socket", unix_socket, "--exit-with-parent", *given]

    return {
        "command": command,
        "unix_socket": True,
        "timeout": 30,
        "new_browser_tab": False,
        "launcher_entry": {"enabled": False},
    }
