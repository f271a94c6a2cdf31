//! The deliverkit command-line tool. JSON out, for people and for pipelines.
//!
//! ```text
//! deliverkit smtp "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown"
//! tail -f /var/log/mail.log | deliverkit smtp -      # JSON Lines, one object per reply
//! ```

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use deliverkit::input::text_from_bytes;

#[derive(Parser)]
#[command(
    name = "deliverkit",
    version,
    about = "Email deliverability toolkit: decode SMTP errors, offline."
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
