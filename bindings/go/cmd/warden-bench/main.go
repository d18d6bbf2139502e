// Command warden-bench times per-check latency through the Go package on the 20-rule workload.
//
//	warden-bench POLICY ACTIONS.jsonl   (from `warden bench policy --export DIR`)
//
// Modes: CheckJSON (the action already JSON text) and Check (an Action: its JSON encoding,
// then the call). Each call is timed with time.Now().
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	warden "github.com/warden-gateway/warden/bindings/go"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: warden-bench POLICY ACTIONS.jsonl")
		os.Exit(1)
	}
	engine, err := warden.LoadEngine(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f, err := os.Open(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var lines []string
	var actions []warden.Action
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		var a warden.Action
		if err := json.Unmarshal(scanner.Bytes(), &a); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		lines = append(lines, scanner.Text())
		actions = append(actions, a)
	}
	ctx := context.Background()
	measure("CheckJSON", len(lines), func(i int) (warden.Decision, error) { return engine.CheckJSON(ctx, lines[i]) })
	measure("Check", len(actions), func(i int) (warden.Decision, error) { return engine.Check(ctx, actions[i]) })
}

func measure(mode string, n int, check func(int) (warden.Decision, error)) {
	samples := make([]int64, 0, n)
	counts := map[string]int{}
	for round := 0; round < 2; round++ {
		for i := 0; i < n; i++ {
			t0 := nanotime()
			d, err := check(i)
			t1 := nanotime()
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			if round == 1 {
				samples = append(samples, t1-t0)
				counts[d.Decision]++
			}
		}
	}
	sort.Slice(samples, func(a, b int) bool { return samples[a] < samples[b] })
	out, _ := json.Marshal(map[string]any{"binding": "go", "mode": mode, "checks": len(samples), "p50_ns": samples[len(samples)/2],
		"p99_ns": samples[len(samples)*99/100], "allow": counts["allow"], "deny": counts["deny"], "require_approval": counts["require_approval"]})
	fmt.Println(string(out))
}
