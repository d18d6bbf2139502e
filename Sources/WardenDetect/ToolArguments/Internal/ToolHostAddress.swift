extension ToolArgumentScanner {
    /// Internal destinations a URL host can name, and how hosts are read into them.
    enum InternalHost {
        /// Cloud instance metadata (169.254.169.254, fd00:ec2::254, metadata.google.internal...).
        case metadata
        /// 127.0.0.0/8, ::1, `localhost`.
        case loopback
        /// 0.0.0.0/8 and `::`, which reach the local host on most systems.
        case unspecified
        /// 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10.
        case privateNetwork
        /// 169.254/16, fe80::/10.
        case linkLocal
        /// 100.64/10 (carrier-grade NAT, also used by some VPN meshes: medium).
        case sharedAddressSpace

        var severity: Severity {
            switch self {
            case .metadata: .critical
            case .loopback, .unspecified, .privateNetwork, .linkLocal: .high
            case .sharedAddressSpace: .medium
            }
        }

        var score: Double { self == .sharedAddressSpace ? 0.6 : 1.0 }

        /// The class of an IPv4 address, or `nil` for a public one.
        static func classify(ipv4 a: UInt32) -> InternalHost? {
            switch a {
            case 0xA9FE_A9FE, 0xA9FE_AA02, 0x6464_64C8:  // 169.254.169.254, 169.254.170.2 (ECS), 100.100.100.200 (Alibaba)
                return .metadata
            default:
                break
            }
            switch a >> 24 {
            case 127: return .loopback
            case 0: return .unspecified
            case 10: return .privateNetwork
            default: break
            }
            if a & 0xFFF0_0000 == 0xAC10_0000 || a & 0xFFFF_0000 == 0xC0A8_0000 { return .privateNetwork }
            if a & 0xFFFF_0000 == 0xA9FE_0000 { return .linkLocal }
            if a & 0xFFC0_0000 == 0x6440_0000 { return .sharedAddressSpace }
            return nil
        }

        /// The class of an IPv6 address, and whether it was an IPv4 address in disguise
        /// (mapped, compatible, NAT64, 6to4).
        static func classify(ipv6 g: [UInt16]) -> (InternalHost, embedsIPv4: Bool)? {
            let v4 = UInt32(g[6]) << 16 | UInt32(g[7])
            let firstFiveZero = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0
            if firstFiveZero && g[5] == 0 {
                if g[6] == 0 && g[7] == 0 { return (.unspecified, false) }
                if g[6] == 0 && g[7] == 1 { return (.loopback, false) }
                return classify(ipv4: v4).map { ($0, true) }  // ::a.b.c.d (compatible)
            }
            if firstFiveZero && g[5] == 0xFFFF { return classify(ipv4: v4).map { ($0, true) } }  // ::ffff:a.b.c.d
            if g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0xFFFF && g[5] == 0 {
                return classify(ipv4: v4).map { ($0, true) }  // ::ffff:0:a.b.c.d (translated)
            }
            if g[0] == 0x0064 && g[1] == 0xFF9B && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0 {
                return classify(ipv4: v4).map { ($0, true) }  // 64:ff9b::/96 (NAT64)
            }
            if g[0] == 0x2002 {
                return classify(ipv4: UInt32(g[1]) << 16 | UInt32(g[2])).map { ($0, true) }  // 6to4
            }
            if g == [0xFD00, 0x0EC2, 0, 0, 0, 0, 0, 0x0254] { return (.metadata, false) }
            if g[0] & 0xFE00 == 0xFC00 || g[0] & 0xFFC0 == 0xFEC0 { return (.privateNetwork, false) }
            if g[0] & 0xFFC0 == 0xFE80 { return (.linkLocal, false) }
            return nil
        }

        /// True when the last dot-separated label of `host` is a number (decimal, or hex with
        /// `0x`): such a host is an IPv4 address, however spelled, or invalid.
        static func endsInNumber(_ host: [UInt8]) -> Bool {
            var end = host.count
            if end > 0, host[end - 1] == UInt8(ascii: ".") { end -= 1 }
            var start = end
            while start > 0, host[start - 1] != UInt8(ascii: ".") { start -= 1 }
            guard start < end else { return false }
            if host[start..<end].allSatisfy(Bytes.isDigit) { return true }
            if end - start >= 2, host[start] == UInt8(ascii: "0"), host[start + 1] | 0x20 == UInt8(ascii: "x") {
                return host[(start + 2)..<end].allSatisfy { Bytes.hexValue($0) != nil }
            }
            return false
        }

        /// Reads `host` as an IPv4 address the way `inet_aton` and URL parsers do: one to four
        /// dot-separated parts, each decimal, octal (leading `0`) or hex (`0x`), the last part
        /// filling the remaining bytes (`127.1`, `2130706433`, `0x7f.0.0.1`).
        /// - Returns: the address and whether it was written in the canonical dotted-quad form.
        static func parseIPv4(_ host: [UInt8]) -> (address: UInt32, isCanonical: Bool)? {
            var end = host.count
            if end > 0, host[end - 1] == UInt8(ascii: ".") { end -= 1 }
            guard end > 0, end <= 64 else { return nil }
            var parts: [UInt64] = []
            var canonical = true
            var i = 0
            while i <= end {
                var j = i
                while j < end, host[j] != UInt8(ascii: ".") { j += 1 }
                guard j > i, parts.count < 4 else { return nil }
                var radix: UInt64 = 10
                var k = i
                if j - i >= 2, host[i] == UInt8(ascii: "0"), host[i + 1] | 0x20 == UInt8(ascii: "x") {
                    radix = 16
                    k = i + 2
                    canonical = false
                } else if j - i >= 2, host[i] == UInt8(ascii: "0") {
                    radix = 8
                    k = i + 1
                    canonical = false
                }
                var value: UInt64 = 0
                while k < j {
                    guard let digit = Bytes.hexValue(host[k]), UInt64(digit) < radix else { return nil }
                    value = value * radix + UInt64(digit)
                    if value > 0xFFFF_FFFF { return nil }
                    k += 1
                }
                parts.append(value)
                i = j + 1
            }
            if parts.count != 4 { canonical = false }
            var address: UInt64 = 0
            for (index, part) in parts.enumerated() {
                if index < parts.count - 1 {
                    guard part < 256 else { return nil }
                    address |= part << (8 * UInt64(3 - index))
                } else {
                    let remainingBytes = UInt64(5 - parts.count)
                    guard part < (1 << (8 * remainingBytes)) else { return nil }
                    address |= part
                }
            }
            return (UInt32(address), canonical)
        }

        /// Reads an IPv6 address (RFC 4291 text form: `::` compression, a trailing dotted
        /// IPv4 part), without brackets or zone.
        static func parseIPv6(_ b: [UInt8]) -> [UInt16]? {
            let n = b.count
            guard n >= 2, n <= 64 else { return nil }
            var address = [UInt16](repeating: 0, count: 8)
            var piece = 0
            var compress: Int?
            var p = 0
            let colon = UInt8(ascii: ":")
            if b[0] == colon {
                guard b[1] == colon else { return nil }
                p = 2
                piece = 1
                compress = 1
            }
            while p < n {
                guard piece < 8 else { return nil }
                if b[p] == colon {
                    guard compress == nil else { return nil }
                    p += 1
                    piece += 1
                    compress = piece
                    continue
                }
                var value = 0
                var length = 0
                while length < 4, p < n, let h = Bytes.hexValue(b[p]) {
                    value = value * 16 + Int(h)
                    p += 1
                    length += 1
                }
                if p < n, b[p] == UInt8(ascii: ".") {
                    guard length > 0, piece <= 6 else { return nil }
                    p -= length
                    var numbersSeen = 0
                    while p < n {
                        if numbersSeen > 0 {
                            guard b[p] == UInt8(ascii: "."), numbersSeen < 4 else { return nil }
                            p += 1
                        }
                        guard p < n, Bytes.isDigit(b[p]) else { return nil }
                        var octet = -1
                        while p < n, Bytes.isDigit(b[p]) {
                            let d = Int(b[p] - 0x30)
                            if octet == -1 { octet = d } else if octet == 0 { return nil } else { octet = octet * 10 + d }
                            guard octet <= 255 else { return nil }
                            p += 1
                        }
                        address[piece] = address[piece] &* 0x100 &+ UInt16(octet)
                        numbersSeen += 1
                        if numbersSeen == 2 || numbersSeen == 4 { piece += 1 }
                    }
                    guard numbersSeen == 4 else { return nil }
                    break
                } else if p < n, b[p] == colon {
                    p += 1
                    guard p < n else { return nil }
                } else if p < n {
                    return nil
                }
                address[piece] = UInt16(value)
                piece += 1
            }
            if let compress {
                var swaps = piece - compress
                piece = 7
                while piece != 0 && swaps > 0 {
                    address.swapAt(piece, compress + swaps - 1)
                    piece -= 1
                    swaps -= 1
                }
            } else if piece != 8 {
                return nil
            }
            return address
        }
    }
}
