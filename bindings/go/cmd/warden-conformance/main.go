// Command warden-conformance is the Go conformance runner: the line protocol of
// conformance/README.md over this package.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	warden "github.com/warden-gateway/warden/bindings/go"
)

func errorObject(err error) map[string]any {
	var we *warden.Error
	if errors.As(err, &we) {
		o := map[string]any{"status": we.Status, "message": we.Message}
		if we.Reason != "" {
			o["reason"] = we.Reason
		}
		if we.Diagnostics != nil {
			o["diagnostics"] = we.Diagnostics
		}
		return o
	}
	return map[string]any{"status": "runner", "message": err.Error()}
}

// scanLine answers SCAN: the result rebuilt from the package's typed ScanResult, in
// libwarden's JSON shape.
func scanLine(textJSON, optionsJSON string) (any, error) {
	var text string
	if err := json.Unmarshal([]byte(textJSON), &text); err != nil {
		return nil, fmt.Errorf("SCAN text is not a JSON string: %v", err)
	}
	var raw struct {
		Categories         []string `json:"categories"`
		Redact             string   `json:"redact"`
		InjectionThreshold *float64 `json:"injection_threshold"`
	}
	if optionsJSON != "" {
		if err := json.Unmarshal([]byte(optionsJSON), &raw); err != nil {
			return nil, fmt.Errorf("SCAN options: %v", err)
		}
	}
	r, err := warden.Scan(text, warden.ScanOptions{Categories: raw.Categories, Redact: raw.Redact, InjectionThreshold: raw.InjectionThreshold})
	if err != nil {
		return nil, err
	}
	var severity any
	if r.InjectionSeverity != "" {
		severity = r.InjectionSeverity
	}
	out := map[string]any{"findings": r.Findings, "injection": map[string]any{"score": r.InjectionScore, "severity": severity}}
	if r.Redacted != nil {
		out["redacted"] = *r.Redacted
	}
	return out, nil
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var engine *warden.Engine
	emit := func(v any) {
		b, _ := json.Marshal(v)
		out.Write(b)
		out.WriteByte('\n')
	}
	for {
		line, err := in.ReadString('\n')
		if line == "" && err != nil {
			break
		}
		f := strings.SplitN(strings.TrimSuffix(line, "\n"), "\t", 6)
		switch {
		case f[0] == "ENGINE" && len(f) == 2:
			if engine != nil {
				engine.Close()
				engine = nil
			}
			e, err := warden.LoadEngine(f[1])
			if err != nil {
				emit(map[string]any{"error": errorObject(err)})
			} else {
				engine = e
				emit(map[string]any{"ok": true})
			}
		case f[0] == "CHECK" && len(f) >= 3 && engine != nil:
			at, _ := strconv.ParseInt(f[1], 10, 64)
			d, err := engine.CheckJSON(context.Background(), strings.Join(f[2:], "\t"), warden.CheckOptions{At: at})
			if err != nil {
				emit(map[string]any{"error": errorObject(err)})
			} else {
				out.WriteString(d.JSON + "\n")
			}
		case f[0] == "TOKEN" && len(f) == 6:
			now, _ := strconv.ParseInt(f[1], 10, 64)
			leeway, _ := strconv.ParseInt(f[2], 10, 64)
			c, err := warden.VerifyToken(f[4], f[5], warden.VerifyOptions{Now: now, Issuer: f[3], Leeway: leeway})
			if err != nil {
				emit(map[string]any{"valid": false, "error": errorObject(err)})
			} else {
				emit(map[string]any{"valid": true, "claims": c})
			}
		case f[0] == "SCAN" && len(f) == 3:
			if r, err := scanLine(f[1], f[2]); err != nil {
				emit(map[string]any{"error": errorObject(err)})
			} else {
				emit(r)
			}
		default:
			emit(map[string]any{"error": map[string]any{"status": "runner", "message": fmt.Sprintf("bad protocol line %q", f[0])}})
		}
	}
}
