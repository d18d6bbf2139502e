package warden

/*
#include <stdlib.h>
#include "warden.h"
*/
import "C"

import (
	"encoding/json"
	"unsafe"
)

// Finding is one thing a detector found; it never holds the matched text itself. Start and
// End are UTF-8 byte offsets (half-open) into the scanned text, or into the argument's value
// for tool arguments: text[f.Start:f.End] is the match.
type Finding struct {
	// Category is pii, secret, injection or tool.
	Category string `json:"category"`
	// Kind is the kind within the category: email, aws_access_key_id, instruction_override, ssrf...
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Severity is low, medium, high or critical.
	Severity string `json:"severity"`
	// Score is the confidence, 0...1.
	Score float64 `json:"score"`
	// Field is the argument's dotted name for tool arguments (options.url, files[1]); "" for text.
	Field string `json:"field,omitempty"`
}

// ScanResult is what Scan found in one text.
type ScanResult struct {
	// Findings in text order.
	Findings []Finding
	// InjectionScore is the whole text's injection score, 0...1 (0 when injection is not scanned).
	InjectionScore float64
	// InjectionSeverity is "" under 0.5, then medium, high from 0.75, critical from 0.9.
	InjectionSeverity string
	// Redacted is the redacted text when ScanOptions.Redact was set, else nil.
	Redacted *string
}

// ScanOptions choose what Scan does; the zero value scans for everything and redacts nothing.
type ScanOptions struct {
	// Categories are the detectors to run, from pii, secret and injection (nil: all three).
	Categories []string
	// Redact also returns the text with PII and secrets replaced: "redact" (a label such as
	// [EMAIL_REDACTED]), "mask" (asterisks, keeping the last four digits of cards and IBANs)
	// or "remove". "" redacts nothing.
	Redact string
	// InjectionThreshold reports injection findings from this score (0...1); nil means 0.5.
	InjectionThreshold *float64
}

func (o ScanOptions) json() (string, bool) {
	m := map[string]any{}
	if o.Categories != nil {
		m["categories"] = o.Categories
	}
	if o.Redact != "" {
		m["redact"] = o.Redact
	}
	if o.InjectionThreshold != nil {
		m["injection_threshold"] = *o.InjectionThreshold
	}
	if len(m) == 0 {
		return "", false
	}
	b, _ := json.Marshal(m) // strings, a list of strings and a float: always encodable
	return string(b), true
}

// Scan scans text (at most 1 MiB) for personal data, secrets and prompt injection, and redacts
// them when opts.Redact is set. Bad option values give an *Error (Status invalid_argument or
// invalid_json) whose Message is libwarden's and names the option; text that is not UTF-8
// gives invalid_utf8. Safe for concurrent use.
func Scan(text string, opts ScanOptions) (ScanResult, error) {
	var result ScanResult
	ctext, err := cString(text, "text")
	if err != nil {
		return result, err
	}
	defer C.free(unsafe.Pointer(ctext))
	var coptions *C.char
	if options, ok := opts.json(); ok {
		if coptions, err = cString(options, "options"); err != nil {
			return result, err
		}
		defer C.free(unsafe.Pointer(coptions))
	}
	var out, errText *C.char
	if s := C.wd_scan(ctext, coptions, &out, &errText); s != C.WD_OK {
		return result, failure(s, errText)
	}
	var raw struct {
		Findings  []Finding `json:"findings"`
		Injection struct {
			Score    float64 `json:"score"`
			Severity *string `json:"severity"`
		} `json:"injection"`
		Redacted *string `json:"redacted"`
	}
	if err := json.Unmarshal([]byte(takeString(out)), &raw); err != nil {
		return result, err
	}
	result.Findings, result.InjectionScore, result.Redacted = raw.Findings, raw.Injection.Score, raw.Redacted
	if result.Findings == nil {
		result.Findings = []Finding{}
	}
	if raw.Injection.Severity != nil {
		result.InjectionSeverity = *raw.Injection.Severity
	}
	return result, nil
}

// Redact returns text with its personal data and secrets replaced according to mode
// ("redact", "mask" or "remove"; see ScanOptions.Redact).
func Redact(text string, mode string) (string, error) {
	if mode == "" {
		return "", &Error{Status: "invalid_argument", Message: "mode is empty (expected redact, mask or remove)"}
	}
	r, err := Scan(text, ScanOptions{Categories: []string{"pii", "secret"}, Redact: mode})
	if err != nil {
		return "", err
	}
	if r.Redacted == nil {
		return text, nil
	}
	return *r.Redacted, nil
}

// ScanArguments checks a tool call's arguments for shell injection, path traversal, sensitive
// paths, SSRF and destructive SQL. Each string value is read as what its argument's name
// suggests (command, file_path, url, query...); nested maps become dotted names (options.url)
// and slice elements indexed ones (files[1]), which is what each Finding's Field holds.
func ScanArguments(args map[string]any) ([]Finding, error) {
	if args == nil {
		args = map[string]any{}
	}
	text, err := json.Marshal(args)
	if err != nil {
		return nil, &Error{Status: "invalid_json", Message: "arguments cannot be encoded as JSON: " + err.Error()}
	}
	ctext, err := cString(string(text), "arguments")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(ctext))
	var out, errText *C.char
	if s := C.wd_scan_arguments(ctext, &out, &errText); s != C.WD_OK {
		return nil, failure(s, errText)
	}
	var raw struct {
		Findings []Finding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(takeString(out)), &raw); err != nil {
		return nil, err
	}
	if raw.Findings == nil {
		raw.Findings = []Finding{}
	}
	return raw.Findings, nil
}
