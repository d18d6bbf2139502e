package warden

import (
	"bufio"
	"context"
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

// served starts `warden serve` (the CLI built by make test) with the starter policies.
func served(t *testing.T) (address, secret string) {
	t.Helper()
	cli, _ := filepath.Abs("../../.build/debug/warden")
	if _, err := os.Stat(cli); err != nil {
		t.Fatalf("the warden CLI is not built at %s (make test builds it first)", cli)
	}
	data := t.TempDir()
	if out, err := exec.Command(cli, "init", filepath.Join(data, "policies")).CombinedOutput(); err != nil {
		t.Fatalf("init: %v %s", err, out)
	}
	out, err := exec.Command(cli, "keys", "create-enrollment", "--name", "go", "--data", data).Output()
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
	return m[1], strings.TrimSpace(string(out))
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
	reply, err := g.Record(ctx, []map[string]any{{"decision_id": d.DecisionID, "process": map[string]any{"command": "ls", "exit_code": 0}}})
	if err != nil || reply.Count != 1 || reply.ChainHash == "" {
		t.Fatalf("record: %+v %v", reply, err)
	}
	if _, err := g.Register(ctx, "wd_enroll_wrong", "x", "", "", nil); err == nil || !strings.Contains(err.Error(), "unauthenticated") {
		t.Fatalf("bad secret: %v", err)
	}
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
		if err != nil || d.Allowed() != open || d.Rules()[0] != "gateway_unavailable" || !strings.Contains(d.Reason(), "unreachable") || d.DecisionID != "" {
			t.Fatalf("open=%v: %+v %v", open, d, err)
		}
		g.Close()
		if _, err := g.Check(context.Background(), Action{Type: "x"}); !errors.Is(err, ErrClosed) {
			t.Fatalf("after close: %v", err)
		}
	}
	if _, err := Connect("no-port", GatewayOptions{}); status(err) != "invalid_argument" {
		t.Fatalf("bad address: %v", err)
	}
}
