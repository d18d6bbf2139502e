#!/usr/bin/env python3
"""Human-in-the-loop approval against a running `warden serve`, with the stock grpcio client.

    make run                                                      # terminal 1: prints an enrollment secret
    python3 examples/python/approval.py --secret wd_enroll_...    # terminal 2: asks, then waits
    export WARDEN_ADMIN_SECRET=$(.build/debug/warden keys create-admin --name me --data .warden)
    .build/debug/warden approvals list                            # terminal 3: see it ...
    .build/debug/warden approvals approve apr_...                 # ... and approve (or reject) it

The starter policies make fetching an external URL require approval. The example checks
web.fetch of https://example.com, gets an approval id at once, waits on the WaitForApproval
stream, and, once approved, checks again: the same action is now allowed, exactly once.
"""
import argparse
import json
import os
import sys
import tempfile

import grpc
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
    parser.add_argument("--url", default="https://example.com/")
    parser.add_argument("--wait", type=float, default=300, help="seconds to wait for a decision (then: not approved)")
    args = parser.parse_args()
    pb, pb_grpc = stubs()
    api = pb_grpc.GatewayStub(grpc.insecure_channel(args.address))
    reg = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=args.secret, name="approval-example", team="demo"))
    auth = [("authorization", f"Bearer {reg.token}")]
    check = pb.CheckPolicyRequest(action=pb.Action(type="web.fetch", params_json=json.dumps({"url": args.url})))

    first = api.CheckPolicy(check, metadata=auth)
    print(f"web.fetch {args.url}: {pb.Outcome.Name(first.decision.outcome)} — {first.decision.reason}")
    if first.decision.outcome != pb.OUTCOME_REQUIRE_APPROVAL:
        return
    print(f"approval {first.approval_id} is pending; approve it with:  warden approvals approve {first.approval_id}")
    try:
        final = next(iter(api.WaitForApproval(pb.WaitForApprovalRequest(approval_id=first.approval_id), metadata=auth, timeout=args.wait)))
    except grpc.RpcError as e:
        if e.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
            raise
        print(f"no decision within {args.wait:g} s: not approved (fail closed)")
        return
    print(f"approval {final.approval_id}: {pb.ApprovalState.Name(final.state)} by {final.decided_by or '-'} {final.note}")
    for attempt in ("retry", "second retry"):
        reply = api.CheckPolicy(check, metadata=auth)
        print(f"{attempt}: {pb.Outcome.Name(reply.decision.outcome)} — {reply.decision.reason}")


if __name__ == "__main__":
    main()
