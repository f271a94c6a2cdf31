#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bimi;
pub mod bounce;
pub mod catalog;
pub mod content;
pub mod diagnostic;
pub mod dkim;
pub mod dmarc;
pub mod input;
pub mod mtasts;
pub mod record;
pub mod smtp;
pub mod spf;
pub mod syntax;
pub mod tables;
pub mod tlsrpt;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use bimi::{validate_bimi, BimiReport};
pub use bounce::{decode_bounce, BounceKind, BounceRecipient, BounceReport};
pub use content::{score_message, score_message_bytes, ScoreReport};
pub use diagnostic::{Code, Diagnostic, LineIndex, Location, Severity, Span};
pub use dkim::{validate_dkim_key, validate_dkim_signature, DkimKeyReport, DkimSignatureReport};
pub use dmarc::{evaluate_dmarc, validate_dmarc, DmarcReport};
pub use mtasts::{
    validate_mta_sts_policy, validate_mta_sts_txt, MtaStsPolicyReport, MtaStsTxtReport,
};
pub use record::{validate_record, validate_record_with, RecordKind, RecordReport};
pub use smtp::{decode_smtp, decode_smtp_lines, Advice, ReasonSource, ReplyClass, SmtpReport};
pub use tables::Reason;
pub use tlsrpt::{validate_tls_rpt, TlsRptReport};

/// The crate version, as the npm package and the CLI report it.
///
/// ```
/// assert_eq!(deliverkit::version(), env!("CARGO_PKG_VERSION"));
/// ```
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[cfg(test)]
pub(crate) mod testing {
    /// A fixed-seed xorshift generator for the unit tests that compare a fast path with a plain
    /// one on generated inputs: the same cases on every run.
    pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }
}
