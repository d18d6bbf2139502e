#!/bin/sh
# Instructions executed per libwarden check, counted by valgrind (lackey): a deterministic
# figure for comparing changes on a machine whose clock speed drifts.
#
#   scripts/instructions_per_check.sh BENCH_CHECK POLICY ACTIONS.jsonl [N]
#
# Runs BENCH_CHECK (ffi/bench/bench_check.c, which checks every action twice) over the first
# action alone and over the first N (default 20000), and prints
# (instructions(N) - instructions(1)) / (2 * (N - 1)): start-up, policy load and the one-off
# costs cancel out. Needs valgrind; `make bench-instructions` runs it.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 BENCH_CHECK POLICY ACTIONS.jsonl [N]" >&2; exit 2; }
bench=$1 policy=$2 actions=$3 n=${4:-20000}
command -v valgrind >/dev/null || { echo "$0: valgrind is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -n 1 "$actions" > "$tmp/one.jsonl"
head -n "$n" "$actions" > "$tmp/many.jsonl"
lines=$(wc -l < "$tmp/many.jsonl")
[ "$lines" -ge 2 ] || { echo "$0: $actions needs at least 2 actions" >&2; exit 1; }
count() {
    valgrind --tool=lackey --basic-counts=yes "$bench" "$policy" "$1" 2>&1 >/dev/null \
        | awk '/guest instrs:/ { gsub(",", "", $NF); print $NF }'
}
one=$(count "$tmp/one.jsonl")
many=$(count "$tmp/many.jsonl")
[ -n "$one" ] && [ -n "$many" ] || { echo "$0: valgrind gave no instruction count" >&2; exit 1; }
echo "{\"binding\":\"c\",\"checks\":$lines,\"instructions_per_check\":$(( (many - one) / (2 * (lines - 1)) ))}"
