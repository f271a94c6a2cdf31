//! The deliverkit command-line tool. JSON out, for people and for pipelines.
//!
//! ```text
//! deliverkit smtp "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown"
//! tail -f /var/log/mail.log | deliverkit smtp -      # JSON Lines, one object per reply
//! deliverkit record 'v=DMARC1; p=none; rua=mailto:d@example.com'
//! deliverkit record - < mta-sts.txt                    # any record, header or policy file
//! deliverkit dmarc check --from example.com --spf pass:mail.example.com --dkim fail:example.com --zone zone.json
//! ```

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use deliverkit::input::text_from_bytes;

#[derive(Parser)]
#[command(
    name = "deliverkit",
    version,
    about = "Email deliverability toolkit: decode SMTP errors, check DNS records, evaluate DMARC. Offline."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode an SMTP reply, MTA log line or DSN Diagnostic-Code. Prints one JSON object.
    /// With `-`, reads stdin and prints one JSON object per reply (JSON Lines); the lines of a
    /// multi-line reply (`550-...` then `550 ...`) are decoded together.
    Smtp {
        /// The text to decode (several arguments are joined with spaces), or `-` for stdin.
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        /// Pretty-print the JSON (default for a single reply).
        #[arg(long)]
        compact: bool,
    },
    /// Check any record: a DMARC, DKIM key, MTA-STS, TLS-RPT, BIMI or SPF TXT record, a
    /// DKIM-Signature header field or an MTA-STS policy file, recognised by its version tag.
    /// Prints one JSON object: kind, form, valid, tags and diagnostics.
    Record {
        /// The record (several arguments are joined with spaces), or `-` to read it from stdin.
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        /// Check DMARC records against RFC 7489 instead of RFC 9989.
        #[arg(long)]
        rfc7489: bool,
        /// The domain a DMARC record is published for (points out third-party report addresses).
        #[arg(long)]
        domain: Option<String>,
        /// One line of JSON instead of pretty-printed JSON.
        #[arg(long)]
        compact: bool,
    },
    /// DMARC evaluation.
    Dmarc {
        #[command(subcommand)]
        command: DmarcCommand,
    },
}

#[derive(Subcommand)]
enum DmarcCommand {
    /// Evaluate DMARC for a message (RFC 9989): policy discovery by DNS tree walk, alignment,
    /// disposition. The DNS is a JSON zone file; nothing is looked up on the network.
    Check {
        /// The RFC5322.From domain.
        #[arg(long)]
        from: String,
        /// The SPF result and the domain it is for, as RESULT:DOMAIN (pass:mail.example.com).
        #[arg(long, value_name = "RESULT:DOMAIN")]
        spf: Option<String>,
        /// A DKIM result and the signature's d= domain, as RESULT:DOMAIN; repeat for each signature.
        #[arg(long, value_name = "RESULT:DOMAIN")]
        dkim: Vec<String>,
        /// A JSON object mapping names to arrays of TXT strings or "TIMEOUT":
        /// {"_dmarc.example.com": ["v=DMARC1; p=reject"], "_dmarc.slow.example": "TIMEOUT"}.
        /// A name exists when it or a name below it is listed.
        #[arg(long, value_name = "FILE")]
        zone: std::path::PathBuf,
        /// One line of JSON instead of pretty-printed JSON.
        #[arg(long)]
        compact: bool,
    },
}

fn identifier(arg: &str) -> Result<deliverkit::dmarc::Identifier, String> {
    let (result, domain) = arg
        .split_once(':')
        .ok_or_else(|| format!("{arg:?}: expected RESULT:DOMAIN, such as pass:example.com"))?;
    Ok(deliverkit::dmarc::Identifier {
        result: result.parse()?,
        domain: domain.to_string(),
    })
}

fn read_zone(path: &std::path::Path) -> Result<deliverkit::dmarc::MapResolver, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let obj = value
        .as_object()
        .ok_or_else(|| format!("{}: the zone must be a JSON object", path.display()))?;
    let mut zone = deliverkit::dmarc::MapResolver::new();
    for (name, v) in obj {
        match v {
            serde_json::Value::String(s) if s == "TIMEOUT" => zone.insert_timeout(name),
            serde_json::Value::Array(items) => {
                let records: Option<Vec<String>> =
                    items.iter().map(|i| i.as_str().map(String::from)).collect();
                let records = records.ok_or_else(|| {
                    format!(
                        "{}: {name}: every TXT record must be a string",
                        path.display()
                    )
                })?;
                zone.insert(name, records);
            }
            _ => {
                return Err(format!(
                    "{}: {name} must map to an array of TXT strings or \"TIMEOUT\"",
                    path.display()
                ))
            }
        }
    }
    Ok(zone)
}

fn now_seconds() -> Option<u64> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

fn print_json<T: serde::Serialize>(out: &mut impl Write, v: &T, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, v)?;
    } else {
        serde_json::to_writer(&mut *out, v)?;
    }
    out.write_all(b"\n")
}

/// Streams stdin: one report per reply, continuation lines of a multi-line reply buffered.
fn smtp_stream(out: &mut impl Write) -> io::Result<()> {
    let stdin = io::stdin();
    let mut reader = stdin.lock();
    let mut raw = Vec::new();
    let mut pending = String::new();
    let mut pending_lossy = false;
    let flush = |out: &mut dyn Write, text: &str, lossy: bool| -> io::Result<()> {
        let mut r = deliverkit::decode_smtp(text);
        if lossy {
            r.diagnostics
                .push(deliverkit::catalog::input_replacement_chars());
        }
        serde_json::to_writer(&mut *out, &r)?;
        out.write_all(b"\n")
    };
    loop {
        raw.clear();
        // Lines longer than the decoder's limit are still read whole; decode_smtp cuts and says so.
        if reader.read_until(b'\n', &mut raw)? == 0 {
            break;
        }
        let (line, lossy) = text_from_bytes(&raw);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            continue;
        }
        let b = line.trim_start().as_bytes();
        let continues = b.len() >= 4 && b[..3].iter().all(u8::is_ascii_digit) && b[3] == b'-';
        if !pending.is_empty() {
            pending.push('\n');
        }
        pending.push_str(line);
        pending_lossy |= lossy.is_some();
        if !continues {
            flush(out, &pending, pending_lossy)?;
            pending.clear();
            pending_lossy = false;
        }
    }
    if !pending.is_empty() {
        flush(out, &pending, pending_lossy)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match cli.command {
        Command::Record {
            text,
            rfc7489,
            domain,
            compact,
        } => {
            let text = if text.len() == 1 && text[0] == "-" {
                let mut raw = Vec::new();
                if let Err(e) = io::Read::read_to_end(&mut io::stdin(), &mut raw) {
                    eprintln!("deliverkit: {e}");
                    return ExitCode::FAILURE;
                }
                text_from_bytes(&raw).0.into_owned()
            } else {
                text.join(" ")
            };
            let opts = deliverkit::record::RecordOptions {
                dmarc: deliverkit::dmarc::DmarcOptions {
                    spec: if rfc7489 {
                        deliverkit::dmarc::DmarcSpec::Rfc7489
                    } else {
                        deliverkit::dmarc::DmarcSpec::Rfc9989
                    },
                    domain,
                },
                now: now_seconds(),
            };
            print_json(
                &mut out,
                &deliverkit::validate_record_with(&text, &opts),
                !compact,
            )
        }
        Command::Dmarc {
            command:
                DmarcCommand::Check {
                    from,
                    spf,
                    dkim,
                    zone,
                    compact,
                },
        } => {
            let input = (|| -> Result<_, String> {
                Ok(deliverkit::dmarc::DmarcInput {
                    from,
                    spf: spf.as_deref().map(identifier).transpose()?,
                    dkim: dkim
                        .iter()
                        .map(|d| identifier(d))
                        .collect::<Result<_, _>>()?,
                })
            })();
            let zone = read_zone(&zone);
            match (input, zone) {
                (Ok(input), Ok(mut zone)) => print_json(
                    &mut out,
                    &deliverkit::evaluate_dmarc(&input, &mut zone),
                    !compact,
                ),
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("deliverkit: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        Command::Smtp { text, compact } => {
            if text.len() == 1 && text[0] == "-" {
                smtp_stream(&mut out)
            } else {
                print_json(
                    &mut out,
                    &deliverkit::decode_smtp(&text.join(" ")),
                    !compact,
                )
            }
        }
    };
    match result.and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("deliverkit: {e}");
            ExitCode::FAILURE
        }
    }
}
