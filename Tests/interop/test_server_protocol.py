"""The gateway's gRPC server at the protocol's edges, from the stock Python grpcio client.

Warden's server handles HTTP/2 frames directly (docs/architecture.md); these tests hold it to
what gRPC clients expect: unknown methods, undecodable and oversized messages, compression it
does not speak, many concurrent streams, client streaming with backpressure, a server stream
ended by a graceful shutdown, a raw HTTP/2 request with the wrong content type, and TLS.
"""
import concurrent.futures
import json
import os
import re
import signal
import subprocess
import tempfile

import socket

import grpc
import h2.config
import h2.connection
import h2.events
import h2.settings
import pytest

from conftest import WARDEN


def start_gateway():
    data = tempfile.mkdtemp(prefix="warden-proto-")
    subprocess.run([WARDEN, "init", os.path.join(data, "policies")], check=True, capture_output=True)
    secret = subprocess.run([WARDEN, "keys", "create-enrollment", "--name", "proto", "--data", data],
                            check=True, capture_output=True, text=True).stdout.strip()
    proc = subprocess.Popen([WARDEN, "serve", "--listen", "127.0.0.1:0", "--data", data],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
    assert match, f"no listening line: {line!r}"
    return proc, data, secret, f"127.0.0.1:{match.group(1)}"


@pytest.fixture(scope="module")
def server(stubs):
    proc, data, secret, address = start_gateway()
    channel = grpc.insecure_channel(address)
    grpc.channel_ready_future(channel).result(timeout=10)
    pb = stubs["warden.v1.gateway_pb2"]
    api = stubs["warden.v1.gateway_pb2_grpc"].GatewayStub(channel)
    token = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=secret, name="proto")).token
    yield {"channel": channel, "api": api, "pb": pb, "auth": [("authorization", f"Bearer {token}")], "address": address, "data": data}
    channel.close()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0


def raw_call(channel, method, payload, **kwargs):
    call = channel.unary_unary(method, request_serializer=lambda b: b, response_deserializer=lambda b: b)
    return call(payload, **kwargs)


def test_unknown_method_is_unimplemented_and_names_it(server):
    with pytest.raises(grpc.RpcError) as e:
        raw_call(server["channel"], "/warden.v1.Gateway/NoSuchMethod", b"")
    assert e.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert "/warden.v1.Gateway/NoSuchMethod" in e.value.details()


def test_undecodable_request_names_the_message_type(server):
    with pytest.raises(grpc.RpcError) as e:
        raw_call(server["channel"], "/warden.v1.Gateway/CheckPolicy", b"\xff\xff\xff", metadata=server["auth"])
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "warden.v1.CheckPolicyRequest" in e.value.details()


def test_oversized_request_is_resource_exhausted(server):
    with pytest.raises(grpc.RpcError) as e:
        raw_call(server["channel"], "/warden.v1.Gateway/CheckPolicy", b"\x0a" + b"x" * (5 << 20), metadata=server["auth"])
    assert e.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "exceeds the limit" in e.value.details()
    # The connection is still usable afterwards.
    ok = server["api"].GetPublicKeys(server["pb"].GetPublicKeysRequest())
    assert "Ed25519" in ok.jwks_json


def test_compressed_request_is_refused_with_the_reason(server):
    pb = server["pb"]
    with pytest.raises(grpc.RpcError) as e:
        server["api"].CheckPolicy(pb.CheckPolicyRequest(action=pb.Action(type="bash.execute")), metadata=server["auth"],
                                  compression=grpc.Compression.Gzip)
    assert e.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert "compress" in e.value.details()


def test_many_concurrent_calls_all_answer(server):
    pb, api, auth = server["pb"], server["api"], server["auth"]
    request = pb.CheckPolicyRequest(action=pb.Action(type="bash.execute", params_json=json.dumps({"command": "ls"})))

    def work(_):
        outcomes = set()
        for _ in range(40):
            outcomes.add(api.CheckPolicy(request, metadata=auth).decision.outcome)
        return outcomes

    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(work, range(32)))
    assert all(r == {pb.OUTCOME_ALLOW} for r in results)


def burst(address, requests):
    """Sends every (path, metadata, message) in `requests` on one raw HTTP/2 connection in one
    write, so the server reads them as one burst; returns {index: (grpc-status, message bytes)}."""
    host, port = address.split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 1 << 20})
    conn.increment_flow_control_window(16 << 20)
    sock.sendall(conn.data_to_send())
    # Take the server's SETTINGS first: until the client acknowledges them, at most 100 streams
    # may be open (swift-nio-http2's default before the real limit is in force).
    settled = False
    while not settled:
        data = sock.recv(1 << 16)
        assert data, "connection closed during the handshake"
        settled = any(isinstance(e, h2.events.RemoteSettingsChanged) for e in conn.receive_data(data))
    streams = {}
    for i, (path, metadata, message) in enumerate(requests):
        stream = conn.get_next_available_stream_id()
        streams[stream] = i
        conn.send_headers(stream, [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", address),
                                   ("content-type", "application/grpc"), ("te", "trailers")] + metadata)
        conn.send_data(stream, b"\x00" + len(message).to_bytes(4, "big") + message, end_stream=True)
    sock.sendall(conn.data_to_send())
    bodies, statuses = {}, {}
    while len(statuses) < len(requests):
        data = sock.recv(1 << 16)
        assert data, f"connection closed with {len(requests) - len(statuses)} calls unanswered"
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.DataReceived):
                bodies[event.stream_id] = bodies.get(event.stream_id, b"") + event.data
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, (h2.events.TrailersReceived, h2.events.ResponseReceived)):
                headers = dict(event.headers)
                if b"grpc-status" in headers:
                    statuses[event.stream_id] = (int(headers[b"grpc-status"]), headers.get(b"grpc-message", b"").decode())
        sock.sendall(conn.data_to_send())
    sock.close()
    return {streams[s]: (status, message, bodies.get(s, b"")[5:]) for s, (status, message) in statuses.items()}


def test_a_burst_of_calls_on_one_connection_is_decided_audited_and_answered_in_full(server):
    # Calls that arrive together are decided off the event loop in chunks (DecisionLane): every
    # one must still get its own answer, bad ones their own error, and each decision and event
    # must be in the audit log.
    pb, auth = server["pb"], server["auth"]
    check = "/warden.v1.Gateway/CheckPolicy"
    safe = pb.CheckPolicyRequest(action=pb.Action(type="bash.execute", params_json=json.dumps({"command": "ls"}))).SerializeToString()
    rm = pb.CheckPolicyRequest(action=pb.Action(type="bash.execute", params_json=json.dumps({"command": "rm -rf /"}))).SerializeToString()
    bad = pb.CheckPolicyRequest(action=pb.Action(type="bash.execute", params_json="[1]")).SerializeToString()
    event = pb.RecordEventRequest(event=pb.Event(custom=pb.CustomEvent(name="burst"))).SerializeToString()
    requests = []
    for i in range(120):
        if i % 40 == 7:
            requests.append((check, [("authorization", "Bearer not-a-token")], safe))
        elif i % 40 == 19:
            requests.append((check, auth, bad))
        elif i % 10 == 3:
            requests.append(("/warden.v1.Gateway/RecordEvent", auth, event))
        else:
            requests.append((check, auth, rm if i % 2 else safe))
    def entries():
        return subprocess.run([WARDEN, "audit", "query", "--data", server["data"], "--limit", "1000000", "--json"],
                              capture_output=True, text=True, check=True).stdout.count("\n")

    before = entries()
    answers = burst(server["address"], requests)
    assert len(answers) == len(requests)
    decided = recorded = 0
    for i, (path, metadata, message) in enumerate(requests):
        status, text, body = answers[i]
        if metadata[0][1] == "Bearer not-a-token":
            assert status == 16, (i, status, text)
        elif message == bad:
            assert status == 3 and "params_json" in text, (i, status, text)
        elif path.endswith("RecordEvent"):
            assert status == 0, (i, status, text)
            assert pb.RecordEventResponse.FromString(body).sequence > 0
            recorded += 1
        else:
            assert status == 0, (i, status, text)
            reply = pb.CheckPolicyResponse.FromString(body)
            expected = pb.OUTCOME_DENY if message == rm else pb.OUTCOME_ALLOW
            assert reply.decision.outcome == expected, (i, reply)
            assert reply.decision_id.startswith("dec_")
            decided += 1
    assert entries() - before == decided + recorded
    verify = subprocess.run([WARDEN, "audit", "verify", "--data", server["data"]], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    # A lone call afterwards is still answered (decided on the event loop).
    lone = server["api"].CheckPolicy(pb.CheckPolicyRequest.FromString(safe), metadata=server["auth"])
    assert lone.decision.outcome == pb.OUTCOME_ALLOW


def test_client_stream_of_thousands_of_events_is_committed_in_order(server):
    pb, api, auth = server["pb"], server["api"], server["auth"]
    n = 5000

    def events():
        for i in range(n):
            yield pb.RecordEventRequest(event=pb.Event(custom=pb.CustomEvent(name=f"e{i}")))

    reply = api.RecordEvents(events(), metadata=auth)
    assert reply.count == n
    assert reply.last_sequence - reply.first_sequence == n - 1


def test_bad_event_in_a_stream_fails_the_call(server):
    pb, api, auth = server["pb"], server["api"], server["auth"]

    def events():
        yield pb.RecordEventRequest(event=pb.Event(custom=pb.CustomEvent(name="fine")))
        yield pb.RecordEventRequest(event=pb.Event())

    with pytest.raises(grpc.RpcError) as e:
        api.RecordEvents(events(), metadata=auth)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_wrong_content_type_gets_http_415():
    # grpcio cannot send another content type: a raw HTTP/2 request with the `h2` library
    # (installed by `make pydeps`).
    proc, _, _, address = start_gateway()
    try:
        host, port = address.split(":")
        sock = socket.create_connection((host, int(port)), timeout=5)
        conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=True))
        conn.initiate_connection()
        conn.send_headers(1, [(":method", "POST"), (":scheme", "http"), (":path", "/warden.v1.Gateway/GetPublicKeys"),
                              (":authority", address), ("content-type", "application/json")], end_stream=True)
        sock.sendall(conn.data_to_send())
        status = None
        while status is None:
            data = sock.recv(65536)
            assert data, "connection closed before a response"
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.ResponseReceived):
                    status = dict(event.headers)[b":status"]
            sock.sendall(conn.data_to_send())
        assert status == b"415"
        sock.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)


def test_graceful_shutdown_ends_a_health_watch_with_unavailable(stubs):
    proc, _, _, address = start_gateway()
    channel = grpc.insecure_channel(address)
    health_pb = stubs["warden_health.health_pb2"]
    health = stubs["warden_health.health_pb2_grpc"].HealthStub(channel)
    stream = health.Watch(health_pb.HealthCheckRequest(service=""))
    first = next(stream)
    assert first.status == health_pb.HealthCheckResponse.SERVING
    proc.send_signal(signal.SIGTERM)
    with pytest.raises(grpc.RpcError) as e:
        next(stream)
    assert e.value.code() == grpc.StatusCode.UNAVAILABLE
    assert proc.wait(timeout=15) == 0
    channel.close()


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1 and localhost, written as PEM files."""
    import datetime
    import ipaddress
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "warden test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


def test_tls_end_to_end(stubs):
    data = tempfile.mkdtemp(prefix="warden-tls-")
    cert_path, key_path = make_certificate(data)
    subprocess.run([WARDEN, "init", os.path.join(data, "policies")], check=True, capture_output=True)
    secret = subprocess.run([WARDEN, "keys", "create-enrollment", "--name", "tls", "--data", data],
                            check=True, capture_output=True, text=True).stdout.strip()
    proc = subprocess.Popen([WARDEN, "serve", "--listen", "127.0.0.1:0", "--data", data, "--tls-cert", cert_path, "--tls-key", key_path],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+) \(TLS\)", line)
        assert match, f"no TLS listening line: {line!r}"
        with open(cert_path, "rb") as f:
            credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
        channel = grpc.secure_channel(f"localhost:{match.group(1)}", credentials)
        pb = stubs["warden.v1.gateway_pb2"]
        api = stubs["warden.v1.gateway_pb2_grpc"].GatewayStub(channel)
        reg = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=secret, name="tls"), timeout=10)
        auth = [("authorization", f"Bearer {reg.token}")]
        allow = api.CheckPolicy(pb.CheckPolicyRequest(action=pb.Action(type="bash.execute", params_json=json.dumps({"command": "ls"}))), metadata=auth)
        assert allow.decision.outcome == pb.OUTCOME_ALLOW
        channel.close()

        # A plaintext client gets no gRPC answer from the TLS port.
        plain = grpc.insecure_channel(f"127.0.0.1:{match.group(1)}")
        with pytest.raises(grpc.RpcError) as e:
            stubs["warden.v1.gateway_pb2_grpc"].GatewayStub(plain).GetPublicKeys(pb.GetPublicKeysRequest(), timeout=3)
        assert e.value.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
        plain.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0


def test_unreadable_tls_key_stops_serve_with_a_clear_error():
    data = tempfile.mkdtemp(prefix="warden-tls-bad-")
    cert_path, key_path = make_certificate(data)
    with open(key_path, "w") as f:
        f.write("not a key\n")
    subprocess.run([WARDEN, "init", os.path.join(data, "policies")], check=True, capture_output=True)
    out = subprocess.run([WARDEN, "serve", "--listen", "127.0.0.1:0", "--data", data, "--tls-cert", cert_path, "--tls-key", key_path],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 1
    assert "cannot load the TLS certificate or key" in out.stderr
