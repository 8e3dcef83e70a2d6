"""A pytest fixture that starts `miniplane up` for one test and hands it to the official Python
client: in memory, on a free loopback port (the ready line says which), with its own kubeconfig.

The command is `miniplane` (installed with `npm install -g miniplane`, or on the PATH through
`npx`); set MINIPLANE to run another, e.g. MINIPLANE="node packages/cli/bin/miniplane.js".
"""
import os
import re
import shlex
import subprocess
import threading
from types import SimpleNamespace

import pytest
from kubernetes import client, config

READY = re.compile(r"^miniplane ready at (\S+) \(kubeconfig: (.+)\)$")


@pytest.fixture
def miniplane(tmp_path):
    cmd = shlex.split(os.environ.get("MINIPLANE", "miniplane")) + [
        "up", "--listen", "127.0.0.1:0", "--data-dir", str(tmp_path), "--in-memory", "--nodes", "0",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    # A server that never gets ready must not hang the suite.
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    line = proc.stdout.readline().strip()
    watchdog.cancel()
    ready = READY.match(line)
    if not ready:
        proc.kill()
        proc.wait()
        raise RuntimeError(f"miniplane did not start: {line!r}")
    api = config.new_client_from_config(config_file=ready.group(2))
    try:
        yield SimpleNamespace(url=ready.group(1), kubeconfig=ready.group(2), api=api, core=client.CoreV1Api(api))
    finally:
        api.close()
        proc.terminate()
        proc.wait(timeout=30)
