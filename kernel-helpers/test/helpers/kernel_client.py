"""Drives a real kernel over the Jupyter protocol with jupyter_client, for the jest tests.

Usage: python kernel_client.py KERNEL_JSON_ARGV REQUESTS_JSON [--abandon]
Starts the kernel from the given argv (a kernel.json "argv" list), sends each request in order
(execute, complete or kernel_info) and prints one JSON list of replies with their iopub output.
With --abandon it prints {"results": [...], "kernel_pid": N} and exits at once without shutting
the kernel down, as a Jupyter server that is killed would.
"""
import json
import os
import sys
import time

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec


def shell_reply(kc, msg_id, timeout=120):
    """The reply to msg_id; late replies to wait_for_ready's kernel_info probes are skipped."""
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def collect(kc, msg_id, reply):
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind in ("stream", "execute_result", "display_data", "update_display_data", "clear_output", "error"):
            outputs.append({"type": kind, "content": msg["content"]})
    return {"reply": reply["content"], "outputs": outputs}


def main():
    argv = json.loads(sys.argv[1])
    requests = json.loads(sys.argv[2])
    km = KernelManager()
    km._kernel_spec = KernelSpec(argv=argv, display_name="test", language="typescript")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    results = []
    try:
        kc.wait_for_ready(timeout=60)
        for request in requests:
            kind = request["type"]
            if kind == "execute":
                # JupyterLab sends the notebook cell id in the request's metadata.
                msg = kc.session.msg(
                    "execute_request",
                    {"code": request["code"], "silent": request.get("silent", False), "store_history": True,
                     "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
                    metadata={"cellId": request.get("cellId")} if request.get("cellId") else {},
                )
                kc.shell_channel.send(msg)
                msg_id = msg["header"]["msg_id"]
                reply = shell_reply(kc, msg_id)
                results.append(collect(kc, msg_id, reply))
                if reply["content"]["status"] == "error":
                    # Like ipykernel, tslab aborts requests queued within 200 ms of an error
                    # ("stop on error"); a person's next cell comes later than that.
                    time.sleep(0.3)
            elif kind == "complete":
                msg_id = kc.complete(request["code"], request["cursor"])
                results.append({"reply": shell_reply(kc, msg_id)["content"], "outputs": []})
            elif kind == "kernel_info":
                msg_id = kc.kernel_info()
                results.append({"reply": shell_reply(kc, msg_id)["content"], "outputs": []})
        if "--abandon" in sys.argv[3:]:
            print(json.dumps({"results": results, "kernel_pid": km.provisioner.process.pid}), flush=True)
            os._exit(0)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
