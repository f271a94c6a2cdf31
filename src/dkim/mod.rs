//! DKIM: the key record published at `<selector>._domainkey.<domain>` (RFC 6376 section 3.6.1,
//! RFC 8463 for Ed25519, RFC 8301 for key sizes and hashes) and the `DKIM-Signature` header field
//! (RFC 6376 section 3.5). Both read the tag list first (`parse`), then judge it (`lint`).
//!
//! No cryptography happens here: a key's size is read from its DER layout, and a signature is
//! checked for its form, not verified.

mod key;
mod signature;

pub use key::{validate_dkim_key, DkimKey, DkimKeyReport, KeyFormat, KeyType};
pub use signature::{
    validate_dkim_signature, validate_dkim_signature_with, Canonicalization, DkimSignature,
    DkimSignatureOptions, DkimSignatureReport,
};

#[cfg(test)]
mod tests;
