//! IP address literals as records write them, read without allocation.
//!
//! The standard library's parsers are correct but general; SPF records list many networks, and
//! these byte loops read them several times faster. Both accept exactly the RFC 4291 section 2.2
//! text forms for IPv6 and the strict dotted quad for IPv4 (four decimal parts, no leading
//! zeros: `010.0.0.1` could mean octal to some readers), and the tests hold them to the standard
//! library's answers.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The strict dotted quad: four parts of 1 to 3 digits, each at most 255, no leading zero.
///
/// ```
/// use deliverkit::syntax::ip::ipv4;
/// assert_eq!(ipv4("192.0.2.1"), Some(std::net::Ipv4Addr::new(192, 0, 2, 1)));
/// assert_eq!(ipv4("192.0.2.01"), None);
/// assert_eq!(ipv4("192.0.2"), None);
/// ```
pub fn ipv4(s: &str) -> Option<Ipv4Addr> {
    ipv4_bytes(s.as_bytes()).map(Ipv4Addr::from)
}

fn ipv4_bytes(b: &[u8]) -> Option<u32> {
    ipv4_quad(b).and_then(|(a, n)| (n == b.len()).then_some(a))
}

/// The dotted quad at the start of `b` and the length of its text: each part 1 to 3 digits
/// without a leading zero, at most 255, and no digit right after the last. Read digit by digit,
/// unrolled (SPF's ip4 terms, most of what records hold, come through here).
pub(crate) fn ipv4_quad(b: &[u8]) -> Option<(u32, usize)> {
    let digit = |i: usize| match b.get(i) {
        Some(&c) if c.is_ascii_digit() => Some(u32::from(c - b'0')),
        _ => None,
    };
    let mut addr = 0u32;
    let mut i = 0;
    for part in 0..4 {
        if part > 0 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let mut x = digit(i)?;
        i += 1;
        if x > 0 {
            if let Some(d) = digit(i) {
                x = x * 10 + d;
                i += 1;
                if let Some(d) = digit(i) {
                    x = x * 10 + d;
                    i += 1;
                }
            }
        }
        // A fourth digit, or one after a leading zero, is not a part.
        if x > 255 || digit(i).is_some() {
            return None;
        }
        addr = addr << 8 | x;
    }
    Some((addr, i))
}

/// The value of each byte as a hex digit, 16 for a byte that is not one: one load instead of
/// three range tests per digit.
const HEX: [u8; 256] = {
    let mut t = [16u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

fn hex(c: u8) -> Option<u16> {
    let d = HEX[usize::from(c)];
    (d < 16).then_some(u16::from(d))
}

/// An IPv6 address in any RFC 4291 text form: eight groups, one `::` for a run of zero groups,
/// and an IPv4 dotted quad in place of the last two groups.
///
/// ```
/// use deliverkit::syntax::ip::ipv6;
/// assert_eq!(ipv6("2001:db8::1"), "2001:db8::1".parse().ok());
/// assert_eq!(ipv6("::ffff:192.0.2.1"), "::ffff:192.0.2.1".parse().ok());
/// assert_eq!(ipv6("2001:db8:::1"), None);
/// ```
pub fn ipv6(s: &str) -> Option<Ipv6Addr> {
    let b = s.as_bytes();
    // The groups as written, and where the `::` stands among them (the zeros go there).
    let mut g = [0u16; 8];
    let mut n = 0usize;
    let mut gap: Option<usize> = None;
    let mut i = 0;
    if b.starts_with(b"::") {
        gap = Some(0);
        i = 2;
        if i == b.len() {
            return Some(Ipv6Addr::UNSPECIFIED);
        }
    }
    loop {
        if n == 8 {
            return None;
        }
        let start = i;
        let mut v: u16 = 0;
        while i < b.len() && i - start < 4 {
            match hex(b[i]) {
                Some(d) => {
                    v = (v << 4) | d;
                    i += 1;
                }
                None => break,
            }
        }
        if i == start {
            return None;
        }
        if b.get(i) == Some(&b'.') {
            // The IPv4 quad ends the address and fills two groups.
            if n > 6 {
                return None;
            }
            let q = ipv4_bytes(&b[start..])?;
            g[n] = (q >> 16) as u16;
            g[n + 1] = q as u16;
            n += 2;
            break;
        }
        g[n] = v;
        n += 1;
        if i == b.len() {
            break;
        }
        if b[i] != b':' {
            return None;
        }
        i += 1;
        if b.get(i) == Some(&b':') {
            if gap.is_some() {
                return None;
            }
            gap = Some(n);
            i += 1;
            if i == b.len() {
                break;
            }
        } else if i == b.len() {
            return None;
        }
    }
    match gap {
        // The groups after the `::` move to the end; zeros fill the run.
        Some(at) if n <= 7 => {
            // Element by element from the last: copy_within and fill call memmove and memset,
            // which cost more than the move itself for at most seven groups.
            for i in (at..n).rev() {
                g[i + 8 - n] = g[i];
                g[i] = 0;
            }
        }
        None if n == 8 => {}
        _ => return None,
    }
    Some(Ipv6Addr::from(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_reads_what_std_reads() {
        // std's parser takes exactly the dotted quad without leading zeros: an independent oracle.
        let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut accepted = 0;
        for _ in 0..200_000 {
            let s: String = if next() % 2 == 0 {
                (0..4)
                    .map(|_| match next() % 8 {
                        0 => format!("0{}", next() % 10),
                        1 => (next() % 1200).to_string(),
                        _ => (next() % 256).to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(".")
            } else {
                (0..next() % 18)
                    .map(|_| ['.', '0', '1', '9', '2', '5', 'x', '/'][(next() % 8) as usize])
                    .collect()
            };
            let want = s.parse::<Ipv4Addr>().ok();
            assert_eq!(ipv4(&s), want, "{s:?}");
            accepted += usize::from(want.is_some());
        }
        assert!(accepted > 10_000, "{accepted}");
    }

    /// The standard library's IPv4 parser with the dotted-quad rule this module adds.
    fn std4(s: &str) -> Option<Ipv4Addr> {
        let quad = s.split('.').count() == 4
            && s.split('.')
                .all(|p| !p.is_empty() && (p == "0" || !p.starts_with('0')));
        s.parse().ok().filter(|_| quad)
    }

    const CASES: &[&str] = &[
        "",
        ":",
        "::",
        ":::",
        "::1",
        "1::",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::8",
        "1::2::3",
        "1:2:3:4:5:6:1.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::1.2.3.4",
        "::ffff:192.0.2.128",
        "::ffff:192.0.2.0128",
        "1.2.3.4",
        "12345::",
        "0000:0:0:0:0:0:0:1",
        "00000::1",
        "2001:DB8::A",
        "2001:db8::/32",
        "2001:db8:9656::",
        "1:",
        ":1",
        "1:2:3:4:5:6:7:",
        "g::",
        "::1.2.3",
        "::1.2.3.4.5",
        "::01.2.3.4",
        "1:2:3:4:5:6:7:8:",
        "fe80::1%eth0",
        "0.0.0.0",
        "255.255.255.255",
        "256.1.1.1",
        "1.2.3.04",
        "1..2.3",
        "1.2.3.4.",
        " 1.2.3.4",
        "1.2.3.4 ",
        "01.2.3.4",
        "1.2.3.-4",
        "1.2.3.+4",
        "999.0.0.0",
        "1.2.3.4/24",
    ];

    #[test]
    fn agree_with_std_on_hand_cases() {
        for s in CASES {
            assert_eq!(ipv6(s), s.parse::<Ipv6Addr>().ok(), "ipv6 {s:?}");
            assert_eq!(ipv4(s), std4(s), "ipv4 {s:?}");
        }
    }

    #[test]
    fn agree_with_std_on_generated_strings() {
        // Strings over the alphabet addresses are made of, from a fixed-seed generator.
        let alphabet = b"0123456789abcdefABCDEF:.:.:0x";
        let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..200_000 {
            let len = (next() % 24) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
                .collect();
            assert_eq!(ipv6(&s), s.parse::<Ipv6Addr>().ok(), "ipv6 {s:?}");
            assert_eq!(ipv4(&s), std4(&s), "ipv4 {s:?}");
        }
        // Real-looking addresses, mutated one byte at a time.
        for base in [
            "2001:db8:a7fe::12:1",
            "::ffff:192.0.2.1",
            "192.168.100.200",
            "fe80::",
        ] {
            for i in 0..base.len() {
                for c in b"0:.9fx" {
                    let mut v = base.as_bytes().to_vec();
                    v[i] = *c;
                    let s = String::from_utf8(v).unwrap();
                    assert_eq!(ipv6(&s), s.parse::<Ipv6Addr>().ok(), "ipv6 {s:?}");
                    assert_eq!(ipv4(&s), std4(&s), "ipv4 {s:?}");
                }
            }
        }
    }
}
