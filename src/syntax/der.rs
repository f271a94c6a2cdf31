//! Just enough DER (ITU-T X.690) to find the size of a public key in a DKIM record: a
//! tag-length-value reader with bounds checks, and the two shapes RSA keys are published in.
//! No cryptography: nothing here checks that a key is a valid key, only how it is laid out.

/// One DER element: its tag byte and contents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier octet (only single-octet tags are read).
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;

/// rsaEncryption, 1.2.840.113549.1.1.1 (RFC 8017 appendix A.1).
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// id-Ed25519, 1.3.101.112 (RFC 8410 section 3).
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// Read one element from the front of `data`; returns it and the bytes after it.
/// `None` for a truncated element, a multi-octet tag, an indefinite or non-minimal length.
pub fn read(data: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = data.split_first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        first as usize
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let mut len = 0usize;
        for &b in &rest[..n] {
            len = (len << 8) | b as usize;
        }
        if len < 0x80 || rest[0] == 0 {
            return None; // DER requires the shortest length form
        }
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return None;
    }
    Some((
        Tlv {
            tag,
            content: &rest[..len],
        },
        &rest[len..],
    ))
}

fn read_exact(data: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (t, rest) = read(data)?;
    (t.tag == tag).then_some((t.content, rest))
}

/// How a public key in a DKIM `p=` tag is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyShape {
    /// An RSA key in a SubjectPublicKeyInfo (RFC 5280 section 4.1), as nearly everyone publishes
    /// it; `bits` is the modulus size.
    RsaSpki {
        /// Modulus size in bits.
        bits: usize,
    },
    /// A bare RSAPublicKey (RFC 8017 appendix A.1.1), which RFC 6376 section 3.6.1 names but few
    /// publish.
    RsaPkcs1 {
        /// Modulus size in bits.
        bits: usize,
    },
    /// An Ed25519 key wrapped in a SubjectPublicKeyInfo; RFC 8463 wants the bare 32 bytes.
    Ed25519Spki,
    /// A SubjectPublicKeyInfo for another algorithm.
    OtherSpki,
    /// Not DER this reader understands.
    Unknown,
}

fn integer_bits(content: &[u8]) -> usize {
    let mut c = content;
    while let [0, rest @ ..] = c {
        c = rest;
    }
    match c.first() {
        None => 0,
        Some(&b) => (c.len() - 1) * 8 + (8 - b.leading_zeros() as usize),
    }
}

fn rsa_public_key_bits(der: &[u8]) -> Option<usize> {
    let (seq, rest) = read_exact(der, SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (n, after) = read_exact(seq, INTEGER)?;
    let (_e, end) = read_exact(after, INTEGER)?;
    end.is_empty().then(|| integer_bits(n))
}

/// Work out what a decoded `p=` value holds.
///
/// ```
/// use deliverkit::syntax::der::{key_shape, KeyShape};
/// // SEQUENCE { INTEGER 0x00C5 (8 bits after the sign byte), INTEGER 3 }
/// assert_eq!(key_shape(&[0x30, 0x07, 0x02, 0x02, 0x00, 0xc5, 0x02, 0x01, 0x03]), KeyShape::RsaPkcs1 { bits: 8 });
/// assert_eq!(key_shape(b"nonsense"), KeyShape::Unknown);
/// ```
pub fn key_shape(der: &[u8]) -> KeyShape {
    if let Some(bits) = rsa_public_key_bits(der) {
        return KeyShape::RsaPkcs1 { bits };
    }
    let spki = || -> Option<KeyShape> {
        let (seq, rest) = read_exact(der, SEQUENCE)?;
        if !rest.is_empty() {
            return None;
        }
        let (alg, after) = read_exact(seq, SEQUENCE)?;
        let (bits, end) = read_exact(after, BIT_STRING)?;
        if !end.is_empty() {
            return None;
        }
        let (oid, _params) = read_exact(alg, OID)?;
        let (&unused, key) = bits.split_first()?;
        if oid == OID_RSA {
            if unused != 0 {
                return None;
            }
            rsa_public_key_bits(key).map(|bits| KeyShape::RsaSpki { bits })
        } else if oid == OID_ED25519 {
            Some(KeyShape::Ed25519Spki)
        } else {
            Some(KeyShape::OtherSpki)
        }
    };
    spki().unwrap_or(KeyShape::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(read(&[0x02, 0x01, 0x05]).unwrap().0.content, &[5]);
        assert!(read(&[0x02, 0x02, 0x05]).is_none()); // truncated
        assert!(read(&[0x02, 0x81, 0x01, 0x05]).is_none()); // long form for a short length
        assert!(read(&[0x02, 0x80]).is_none()); // indefinite
        assert!(read(&[0x1f, 0x01, 0x00]).is_none()); // multi-octet tag
        assert!(read(&[]).is_none());
        let mut long = vec![0x04, 0x82, 0x01, 0x00];
        long.extend(std::iter::repeat_n(0u8, 256));
        assert_eq!(read(&long).unwrap().0.content.len(), 256);
    }

    #[test]
    fn bits() {
        assert_eq!(integer_bits(&[0x00, 0x80]), 8);
        assert_eq!(integer_bits(&[0x01, 0x00]), 9);
        assert_eq!(integer_bits(&[]), 0);
    }

    #[test]
    fn ed25519_spki() {
        let mut k = vec![
            0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
        ];
        k.extend([7u8; 32]);
        assert_eq!(key_shape(&k), KeyShape::Ed25519Spki);
    }
}
