// swift-tools-version: 6.1
import PackageDescription

// Warden: a policy gateway for AI agents.
//
// Layering (see docs/architecture.md): `WardenPolicy` is the pure core (no file, network or
// database access); the `warden` executable is a thin CLI on top. Later targets (crypto,
// store, proto, gateway, FFI) slot in beside the core without moving it.
// `make` sets WARDEN_STRICT=1: warnings in our own targets fail the build (dependencies are
// left alone; their warnings are not ours to fix).
let strict: [SwiftSetting] = Context.environment["WARDEN_STRICT"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : []

let package = Package(
    name: "warden",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "warden", targets: ["warden"]),
        .library(name: "WardenPolicy", targets: ["WardenPolicy"]),
        .library(name: "WardenDetect", targets: ["WardenDetect"]),
        .library(name: "WardenCrypto", targets: ["WardenCrypto"]),
        .library(name: "WardenStore", targets: ["WardenStore"]),
        .library(name: "WardenProto", targets: ["WardenProto"]),
        .library(name: "WardenClient", targets: ["WardenClient"]),
        // libwarden: the C ABI (ffi/include/warden.h). `make ffi` builds it self-contained and
        // installs it as build/lib/libwarden.so.
        .library(name: "wardenffi", type: .dynamic, targets: ["WardenFFI", "WardenFFIGateway"]),
        // The same ABI without the gateway client: what the fuzz target links (`make fuzz-build`).
        .library(name: "wardenffi-core", type: .dynamic, targets: ["WardenFFI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.36.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
    ],
    targets: [
        .target(
            name: "WardenPolicy",
            dependencies: ["WardenDetect", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // PII, secret and prompt-injection detectors, the tool-argument scanner and redaction:
        // pure Swift, no dependencies, no I/O.
        .target(
            name: "WardenDetect",
            swiftSettings: strict
        ),
        // Reads policy files from disk for the engine (kept out of the pure core).
        .target(
            name: "WardenPolicyFiles",
            dependencies: ["WardenPolicy"],
            swiftSettings: strict
        ),
        // libsodium (Ed25519, SHA-256, HMAC, constant-time compare) and SQLite from the system.
        .systemLibrary(name: "CSodium", path: "Sources/CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "WardenCrypto",
            dependencies: ["CSodium"],
            swiftSettings: strict
        ),
        .target(
            name: "WardenStore",
            dependencies: ["CSQLite", "WardenCrypto"],
            swiftSettings: strict
        ),
        // Generated from proto/ by `make proto` (protoc + plugins built from the dependencies);
        // committed, so no build plugin runs.
        .target(
            name: "WardenProto",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ]
        ),
        .target(
            name: "WardenGateway",
            dependencies: [
                "WardenDetect", "WardenPolicy", "WardenPolicyFiles", "WardenCrypto", "WardenStore", "WardenProto",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The gRPC server: HTTP/2 frames handled directly on SwiftNIO event loops (see
        // docs/architecture.md for why not grpc-swift's server), plus the route tables that
        // adapt the Gateway, Admin and Health services to `GatewayCore`.
        .target(
            name: "WardenServer",
            dependencies: [
                "WardenGateway", "WardenProto", "WardenPolicy", "WardenStore",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The C ABI: the engine and token verification (no gRPC, no SQLite).
        .target(
            name: "WardenFFI",
            dependencies: ["WardenPolicy", "WardenPolicyFiles", "WardenCrypto", "WardenDetect"],
            swiftSettings: strict
        ),
        // The C ABI's gateway client (grpc-swift-2's client inside libwarden).
        .target(
            name: "WardenFFIGateway",
            dependencies: [
                "WardenFFI", "WardenPolicy", "WardenClient", "WardenProto",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "WardenClient",
            dependencies: [
                "WardenCrypto", "WardenProto",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "warden",
            dependencies: [
                "WardenPolicy",
                "WardenDetect",
                "WardenPolicyFiles",
                "WardenStore",
                "WardenCrypto",
                "WardenGateway",
                "WardenServer",
                "WardenProto",
                "WardenClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WardenPolicyTests",
            dependencies: ["WardenPolicy"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WardenDetectTests",
            dependencies: ["WardenDetect"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WardenCryptoTests",
            dependencies: ["WardenCrypto"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WardenStoreTests",
            dependencies: ["WardenStore", "CSQLite"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WardenGatewayTests",
            dependencies: [
                "WardenGateway", "WardenServer", "WardenClient", "WardenProto", "WardenCrypto", "WardenStore", "WardenPolicy", "CSQLite",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WardenCLITests",
            dependencies: ["WardenPolicy"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
