//! Small grammar pieces shared by the record validators: the `tag=value` list of DKIM, DMARC,
//! MTA-STS, TLS-RPT and BIMI records, base64, a minimal DER reader, domain names and URIs.
//!
//! Everything here is hand-written, allocation-light and total: any input gives an answer, never
//! a panic. Offsets are UTF-8 byte offsets into the caller's string.

pub mod base64;
pub mod der;
pub mod domain;
pub mod ip;
pub mod quoted;
pub mod tagvalue;
pub mod uri;

pub use quoted::{unquote_txt, Unquoted};
