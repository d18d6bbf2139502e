"""Starts `warden serve` for the benchmark scripts: a fresh data directory with the starter policies."""
import os
import re
import subprocess
import sys
import tempfile


def start(warden, name="bench"):
    """A gateway on a free loopback port; returns (process, data directory, enrollment secret, address).
    The data directory is created with mode 0700 inside a new temporary folder."""
    data = os.path.join(tempfile.mkdtemp(prefix="warden-bench-"), "data")
    os.mkdir(data, 0o700)
    subprocess.run([warden, "init", os.path.join(data, "policies")], check=True, capture_output=True)
    secret = subprocess.run([warden, "keys", "create-enrollment", "--name", name, "--data", data],
                            check=True, capture_output=True, text=True).stdout.strip()
    proc = subprocess.Popen([warden, "serve", "--listen", "127.0.0.1:0", "--data", data],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    match = re.search(r"listening on (127\.0\.0\.1:\d+)", proc.stdout.readline())
    if not match:
        proc.kill()
        sys.exit("warden serve did not start")
    return proc, data, secret, match.group(1)
