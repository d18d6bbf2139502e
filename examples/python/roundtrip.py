#!/usr/bin/env python3
"""A complete round trip against a running `warden serve` with the stock grpcio client.

    make run                                            # terminal 1: prints an enrollment secret
    python3 examples/python/roundtrip.py --secret wd_enroll_...   # terminal 2

Generates Python stubs from proto/ into a temporary directory, registers an agent, asks about
one safe and one dangerous shell command, records an event, and verifies the agent token
against the gateway's JWKS with PyJWT.
"""
import argparse
import json
import os
import sys
import tempfile

import grpc
import jwt
from grpc_tools import protoc

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO = os.path.join(HERE, "..", "..", "proto")


def stubs():
    out = tempfile.mkdtemp(prefix="warden-stubs-")
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    if protoc.main(["protoc", f"-I{PROTO}", f"-I{include}", f"--python_out={out}", f"--grpc_python_out={out}", "warden/v1/gateway.proto"]) != 0:
        sys.exit("protoc failed")
    sys.path.insert(0, out)
    from warden.v1 import gateway_pb2, gateway_pb2_grpc
    return gateway_pb2, gateway_pb2_grpc


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", default="127.0.0.1:50051")
    parser.add_argument("--secret", required=True, help="enrollment secret printed by make run / warden keys create-enrollment")
    args = parser.parse_args()
    pb, pb_grpc = stubs()
    channel = grpc.insecure_channel(args.address)
    api = pb_grpc.GatewayStub(channel)

    reg = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=args.secret, name="roundtrip-example", team="demo"))
    print(f"registered {reg.agent_id}; token expires at {reg.expires_at}")
    auth = [("authorization", f"Bearer {reg.token}")]

    for command in ["git status", "rm -rf /"]:
        action = pb.Action(type="bash.execute", params_json=json.dumps({"command": command}))
        reply = api.CheckPolicy(pb.CheckPolicyRequest(action=action), metadata=auth)
        print(f"{command!r}: {pb.Outcome.Name(reply.decision.outcome)} — {reply.decision.reason} {list(reply.decision.rules)}")

    ack = api.RecordEvent(pb.RecordEventRequest(event=pb.Event(tool_call=pb.ToolCall(tool="bash", arguments_json="{}"))), metadata=auth)
    print(f"event recorded as audit entry {ack.sequence} (chain hash {ack.chain_hash[:16]}…)")

    jwks = json.loads(api.GetPublicKeys(pb.GetPublicKeysRequest()).jwks_json)
    kid = jwt.get_unverified_header(reg.token)["kid"]
    key = next(k for k in jwks["keys"] if k["kid"] == kid)
    claims = jwt.decode(reg.token, key=jwt.PyJWK(key), algorithms=["EdDSA"], issuer="warden")
    print(f"token verified offline with PyJWT: sub={claims['sub']} team={claims['team']}")


if __name__ == "__main__":
    main()
