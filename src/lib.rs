#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod catalog;
pub mod diagnostic;
pub mod dkim;
pub mod dmarc;
pub mod input;
pub mod record;
pub mod smtp;
pub mod syntax;
pub mod tables;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use diagnostic::{Code, Diagnostic, LineIndex, Location, Severity, Span};
pub use dkim::{validate_dkim_key, validate_dkim_signature, DkimKeyReport, DkimSignatureReport};
pub use dmarc::{evaluate_dmarc, validate_dmarc, DmarcReport};
pub use smtp::{decode_smtp, decode_smtp_lines, Advice, ReasonSource, ReplyClass, SmtpReport};
pub use tables::Reason;

/// The crate version, as the npm package and the CLI report it.
///
/// ```
/// assert_eq!(deliverkit::version(), env!("CARGO_PKG_VERSION"));
/// ```
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
