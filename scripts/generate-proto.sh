#!/usr/bin/env bash
# Regenerates Sources/WardenProto from proto/ with Debian's protoc and the protoc-gen-swift and
# protoc-gen-grpc-swift-2 plugins built from this package's own dependencies (the SwiftPM build
# plugin is not used: it compiles a vendored protoc on every clean build).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v protoc >/dev/null || { echo "error: protoc not found (apt-get install protobuf-compiler)"; exit 1; }
SCRATCH=.build-protoc
swift build -c release --scratch-path "$SCRATCH" --product protoc-gen-swift
swift build -c release --scratch-path "$SCRATCH" --product protoc-gen-grpc-swift-2
BIN="$SCRATCH/release"
OUT=Sources/WardenProto
rm -f "$OUT"/*.pb.swift "$OUT"/*.grpc.swift "$OUT"/Placeholder.swift
PROTOS=(warden/v1/gateway.proto warden/v1/admin.proto grpc/health/v1/health.proto)
protoc --proto_path=proto \
  --plugin=protoc-gen-swift="$BIN/protoc-gen-swift" \
  --swift_out="$OUT" --swift_opt=Visibility=Public --swift_opt=FileNaming=PathToUnderscores \
  "${PROTOS[@]}"
protoc --proto_path=proto \
  --plugin=protoc-gen-grpc-swift-2="$BIN/protoc-gen-grpc-swift-2" \
  --grpc-swift-2_out="$OUT" --grpc-swift-2_opt=Visibility=Public --grpc-swift-2_opt=FileNaming=PathToUnderscores \
  "${PROTOS[@]}"
ls "$OUT"
