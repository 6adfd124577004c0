"""mlnb for JupyterLab: ships the prebuilt lab extension and the jupyter-server-proxy entry
that starts the mlnb service. The kernel, the CLI and the service are the npm package ``mlnb``."""

__version__ = "0.1.0"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "mlnb-extension"}]
