"""JupyterLab for the galata tests: galata's test settings (no token, a temporary root folder)
on port MLNB_UI_PORT (default 8888), run as root when CI is root, with a fresh mlnb store per
test run."""

import os
import tempfile

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the config object Jupyter passes in)
# galata sets 8888; another port lets a second checkout run its tests at the same time.
c.ServerApp.port = int(os.environ.get("MLNB_UI_PORT", "8888"))  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821

# The kernels and the mlnb service (started by jupyter-server-proxy) inherit this environment;
# playwright.config.js sets it so the specs can read the same store.
os.environ.setdefault("MLNB_STORE", os.path.join(tempfile.mkdtemp(prefix="mlnb-ui-store-"), "store.db"))
