"""Starts an mlnb kernel for the kernelspecs this package installs.

Jupyter runs ``python -m mlnb_lab.kernel CONNECTION_FILE [--kernel mlnb-js]`` (it puts its own
Python first); this replaces the process with ``mlnb kernel start`` of the npm package found as
the service's command is (``MLNB_COMMAND``, beside this Python, or on PATH), so signals and the
parent-process watch reach the kernel itself.
"""

import os
import sys

from . import _mlnb_command


def main(args):
    command = [*_mlnb_command(), "kernel", "start", *args]
    try:
        os.execvp(command[0], command)
    except OSError as error:
        print(
            f"mlnb: cannot start the kernel with {command[0]} ({error.strerror}): "
            "install the npm package (npm install -g mlnb) or set MLNB_COMMAND.",
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
