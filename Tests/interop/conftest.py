"""Shared fixtures for the interop tests: the warden binary and Python stubs generated from proto/."""
import importlib
import os
import sys
import tempfile

import pytest
from grpc_tools import protoc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WARDEN = os.path.abspath(os.environ.get("WARDEN_BIN", os.path.join(ROOT, ".build", "debug", "warden")))
PROTO = os.path.join(ROOT, "proto")


@pytest.fixture(scope="session")
def stubs():
    out = tempfile.mkdtemp(prefix="warden-stubs-")
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    rc = protoc.main(["protoc", f"-I{PROTO}", f"-I{include}", f"--python_out={out}", f"--grpc_python_out={out}", "warden/v1/gateway.proto", "warden/v1/admin.proto"])
    assert rc == 0, "protoc failed for gateway.proto / admin.proto"
    for pkg in ("warden", os.path.join("warden", "v1")):  # regular packages: an installed `warden` SDK must not shadow them
        open(os.path.join(out, pkg, "__init__.py"), "a").close()
    # The health proto is compiled from another path: a Python module named grpc.health.v1 would
    # collide with the installed grpc package. The wire name comes from the proto package.
    health_dir = os.path.join(out, "protos", "warden_health")
    os.makedirs(health_dir)
    with open(os.path.join(PROTO, "grpc", "health", "v1", "health.proto")) as src, open(os.path.join(health_dir, "health.proto"), "w") as dst:
        dst.write(src.read())
    rc = protoc.main(["protoc", f"-I{os.path.join(out, 'protos')}", f"--python_out={out}", f"--grpc_python_out={out}", "warden_health/health.proto"])
    assert rc == 0, "protoc failed for health.proto"
    sys.path.insert(0, out)
    mods = {name: importlib.import_module(name) for name in [
        "warden.v1.gateway_pb2", "warden.v1.gateway_pb2_grpc", "warden.v1.admin_pb2", "warden.v1.admin_pb2_grpc", "warden_health.health_pb2", "warden_health.health_pb2_grpc"]}
    yield mods
    sys.path.remove(out)


