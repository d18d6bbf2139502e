// swift-tools-version: 6.1
import PackageDescription

// Warden: a policy gateway for AI agents.
//
// Layering (see docs/architecture.md): `WardenPolicy` is the pure core (no file, network or
// database access); the `warden` executable is a thin CLI on top. Later targets (crypto,
// store, proto, gateway, FFI) slot in beside the core without moving it.
let package = Package(
    name: "warden",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "warden", targets: ["warden"]),
        .library(name: "WardenPolicy", targets: ["WardenPolicy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "WardenPolicy",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "warden",
            dependencies: [
                "WardenPolicy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "WardenPolicyTests",
            dependencies: ["WardenPolicy"]
        ),
        .testTarget(
            name: "WardenCLITests",
            dependencies: ["WardenPolicy"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
