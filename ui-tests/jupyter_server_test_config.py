"""JupyterLab for the galata tests: galata's test settings (port 8888, no token, a temporary
root folder), run as root when CI is root, with a fresh mlnb store per test run."""

import os
import tempfile

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the config object Jupyter passes in)
c.ServerApp.allow_root = True  # noqa: F821

# The kernels and the mlnb service (started by jupyter-server-proxy) inherit this environment;
# playwright.config.js sets it so the specs can read the same store.
os.environ.setdefault("MLNB_STORE", os.path.join(tempfile.mkdtemp(prefix="mlnb-ui-store-"), "store.db"))
