package warden

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// deployPolicy, beside the starter policies: deploys need a human's approval.
const deployPolicy = `apiVersion: warden/v1
kind: Policy
metadata: {name: deploy, version: "1"}
spec:
  statements:
    - {sid: ReviewDeploy, effect: review, actions: [deploy.run], reason: deploys need a human}
`

// testGateway is a running `warden serve` with an enrollment secret and an admin secret.
type testGateway struct {
	cli, address, secret, admin, data string
}

// approvals runs `warden approvals ARGS --server ADDRESS` as the admin and returns its stdout.
func (s testGateway) approvals(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(s.cli, append(append([]string{"approvals"}, args...), "--server", s.address)...)
	cmd.Env = append(os.Environ(), "WARDEN_ADMIN_SECRET="+s.admin)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if e, ok := err.(*exec.ExitError); ok {
			stderr = e.Stderr
		}
		t.Fatalf("warden approvals %v: %v %s", args, err, stderr)
	}
	return string(out)
}

// served starts `warden serve` (the CLI built by make test) with the starter policies.
func served(t *testing.T) (address, secret string) {
	s := servedGateway(t)
	return s.address, s.secret
}

// servedGateway starts `warden serve` with the starter policies and the deploy policy.
func servedGateway(t *testing.T) testGateway {
	t.Helper()
	cli, _ := filepath.Abs("../../.build/debug/warden")
	if _, err := os.Stat(cli); err != nil {
		t.Fatalf("the warden CLI is not built at %s (make test builds it first)", cli)
	}
	data := t.TempDir()
	if out, err := exec.Command(cli, "init", filepath.Join(data, "policies")).CombinedOutput(); err != nil {
		t.Fatalf("init: %v %s", err, out)
	}
	if err := os.WriteFile(filepath.Join(data, "policies", "40-deploy.yaml"), []byte(deployPolicy), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(cli, "keys", "create-enrollment", "--name", "go", "--data", data).Output()
	if err != nil {
		t.Fatal(err)
	}
	admin, err := exec.Command(cli, "keys", "create-admin", "--name", "go-admin", "--data", data).Output()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cli, "serve", "--listen", "127.0.0.1:0", "--data", data)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() })
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	m := regexp.MustCompile(`listening on (127\.0\.0\.1:\d+)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("no listening line: %q", line)
	}
	return testGateway{cli: cli, address: m[1], secret: strings.TrimSpace(string(out)), admin: strings.TrimSpace(string(admin)), data: data}
}

func TestGatewayRoundTrip(t *testing.T) {
	address, secret := served(t)
	ctx := context.Background()
	g, err := Connect(address, GatewayOptions{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	reg, err := g.Register(ctx, secret, "go-sdk", "qa", "", map[string]string{"env": "test"})
	if err != nil || !strings.HasPrefix(reg.AgentID, "agt_") {
		t.Fatalf("register: %+v %v", reg, err)
	}
	d, err := g.Check(ctx, Action{Type: "bash.execute", Params: map[string]any{"command": "rm -rf /"}})
	if err != nil || d.Decision.Decision != "deny" || d.Rules()[0] != "DenyRecursiveDelete" || !strings.HasPrefix(d.DecisionID, "dec_") {
		t.Fatalf("check: %+v %v", d, err)
	}
	if d.ApprovalID != "" || d.ApprovalExpiresAt != 0 {
		t.Fatalf("approval fields on a deny: %+v", d)
	}
	reply, err := g.Record(ctx, []map[string]any{{"decision_id": d.DecisionID, "process": map[string]any{"command": "ls", "exit_code": 0}}})
	if err != nil || reply.Count != 1 || reply.ChainHash == "" {
		t.Fatalf("record: %+v %v", reply, err)
	}
	if _, err := g.Register(ctx, "wd_enroll_wrong", "x", "", "", nil); err == nil || !strings.Contains(err.Error(), "unauthenticated") {
		t.Fatalf("bad secret: %v", err)
	}
}

func TestGatewayWaitForApproval(t *testing.T) {
	srv := servedGateway(t)
	ctx := context.Background()
	g, err := Connect(srv.address, GatewayOptions{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if _, err := g.Register(ctx, srv.secret, "go-approvals", "", "", nil); err != nil {
		t.Fatal(err)
	}
	deploy := Action{Type: "deploy.run", Target: "prod", Params: map[string]any{"version": "v7"}}
	pending, err := g.Check(ctx, deploy)
	if err != nil || !pending.RequiresApproval() || pending.Rules()[0] != "ReviewDeploy" ||
		!strings.HasPrefix(pending.ApprovalID, "apr_") || pending.ApprovalExpiresAt <= time.Now().Unix() {
		t.Fatalf("check: %+v %v", pending, err)
	}
	// The decision keeps the gateway's bytes: the engine's.
	local, err := LoadEngine(filepath.Join(srv.data, "policies"))
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	if l, _ := local.Check(ctx, deploy); l.JSON != pending.JSON {
		t.Fatalf("gateway decision %s != local %s", pending.JSON, l.JSON)
	}

	type waited struct {
		a   Approval
		err error
	}
	done := make(chan waited, 1)
	go func() {
		a, err := g.WaitForApproval(ctx, pending.ApprovalID, 30*time.Second)
		done <- waited{a, err}
	}()
	select {
	case w := <-done:
		t.Fatalf("the wait returned while the approval was pending: %+v", w)
	case <-time.After(500 * time.Millisecond):
	}
	srv.approvals(t, "approve", pending.ApprovalID, "--note", "release 7 signed off")
	var w waited
	select {
	case w = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("WaitForApproval did not return after the approval")
	}
	a := w.a
	if w.err != nil || !a.Approved || a.State != "approved" || a.ApprovalID != pending.ApprovalID || a.DecidedBy != "go-admin" ||
		a.Note != "release 7 signed off" || a.Reason != "deploys need a human" {
		t.Fatalf("wait: %+v %v", a, w.err)
	}
	var raw, shown map[string]any
	if err := json.Unmarshal(a.Raw, &raw); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(srv.approvals(t, "show", pending.ApprovalID, "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if a, b := mustJSON(t, raw), mustJSON(t, shown); a != b {
		t.Fatalf("Raw %s != approvals show --json %s", a, b)
	}

	retry, err := g.Check(ctx, deploy)
	if err != nil || !retry.Allowed() || !contains(retry.Rules(), "approval:"+pending.ApprovalID) || retry.ApprovalID != "" {
		t.Fatalf("retry: %+v %v", retry, err)
	}
	again, err := g.Check(ctx, deploy)
	if err != nil || !again.RequiresApproval() || again.ApprovalID == "" || again.ApprovalID == pending.ApprovalID {
		t.Fatalf("again: %+v %v", again, err)
	}

	// Nobody decides it in time: not approved, failing closed; a shorter ctx deadline does the same.
	late, err := g.WaitForApproval(ctx, again.ApprovalID, 200*time.Millisecond)
	if err != nil || late.State != "timed_out" || late.Approved || late.Reason != "no decision within 200 ms; not approved (failing closed)" {
		t.Fatalf("timeout: %+v %v", late, err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	started := time.Now()
	late, err = g.WaitForApproval(short, again.ApprovalID, time.Hour)
	if err != nil || late.State != "timed_out" || late.Approved || time.Since(started) > 10*time.Second {
		t.Fatalf("ctx deadline: %+v %v after %v", late, err, time.Since(started))
	}
	cancelled, cancelNow := context.WithCancel(ctx)
	go func() { time.Sleep(100 * time.Millisecond); cancelNow() }()
	if _, err := g.WaitForApproval(cancelled, again.ApprovalID, 2*time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}

	// Unknown ids are refused as not found; bad arguments name the problem.
	var e *Error
	if _, err := g.WaitForApproval(ctx, "apr_does_not_exist", 5*time.Second); !errors.As(err, &e) || e.Status != "gateway_refused" || e.GRPCCode != "not_found" {
		t.Fatalf("unknown id: %#v", err)
	}
	if _, err := g.WaitForApproval(ctx, "", time.Second); status(err) != "invalid_argument" || !strings.Contains(err.Error(), "approval_id is empty") {
		t.Fatalf("empty id: %v", err)
	}
	if _, err := g.WaitForApproval(ctx, again.ApprovalID, 0); status(err) != "invalid_argument" || !strings.Contains(err.Error(), "timeout_ms must be 1...86400000, got 0") {
		t.Fatalf("zero timeout: %v", err)
	}
	if _, err := g.WaitForApproval(ctx, again.ApprovalID, MaxApprovalWait+time.Millisecond); status(err) != "invalid_argument" {
		t.Fatalf("too long: %v", err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestGatewayUnreachableFailsClosedOrOpen(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	address := l.Addr().String()
	l.Close()
	for _, open := range []bool{false, true} {
		g, err := Connect(address, GatewayOptions{Timeout: 2 * time.Second, FailOpen: open, Token: "a.b.c"})
		if err != nil {
			t.Fatal(err)
		}
		d, err := g.Check(context.Background(), Action{Type: "bash.execute"})
		if err != nil || d.Allowed() != open || d.Rules()[0] != "gateway_unavailable" || !strings.Contains(d.Reason(), "unreachable") || d.DecisionID != "" || d.ApprovalID != "" {
			t.Fatalf("open=%v: %+v %v", open, d, err)
		}
		// Waiting for an approval fails closed whatever the fail mode.
		a, err := g.WaitForApproval(context.Background(), "apr_x", 30*time.Second)
		if err != nil || a.State != "unavailable" || a.Approved || !strings.Contains(a.Reason, "the gateway at "+address+" is unreachable") ||
			!strings.HasSuffix(a.Reason, "; not approved (failing closed)") {
			t.Fatalf("open=%v: wait: %+v %v", open, a, err)
		}
		g.Close()
		if _, err := g.WaitForApproval(context.Background(), "apr_x", time.Second); !errors.Is(err, ErrClosed) {
			t.Fatalf("wait after close: %v", err)
		}
		if _, err := g.Check(context.Background(), Action{Type: "x"}); !errors.Is(err, ErrClosed) {
			t.Fatalf("after close: %v", err)
		}
	}
	if _, err := Connect("no-port", GatewayOptions{}); status(err) != "invalid_argument" {
		t.Fatalf("bad address: %v", err)
	}
}
