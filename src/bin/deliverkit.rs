//! The deliverkit command-line tool. JSON out, for people and for pipelines.
//!
//! ```text
//! deliverkit smtp "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown"
//! tail -f /var/log/mail.log | deliverkit smtp -      # JSON Lines, one object per reply
//! deliverkit spf 'v=spf1 ip4:192.0.2.0/24 include:_spf.example.com ~all'
//! deliverkit spf check --ip 192.0.2.7 --sender a@example.com --helo mx.example.com --zone zone.json
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
        /// Print compact JSON instead of pretty-printed.
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
    /// Decode bounce messages: a file (one message), an mbox, a maildir folder, or `-` for stdin.
    /// Prints a JSON array with one object per failed recipient (with the file it came from).
    Bounce {
        /// Files or folders; `-` reads one message from stdin.
        #[arg(required = true, num_args = 1..)]
        paths: Vec<std::path::PathBuf>,
        /// Print compact JSON instead of pretty-printed.
        #[arg(long)]
        compact: bool,
        /// Messages decoded at once (default: the machine's cores). The output is the same.
        #[arg(short, long)]
        jobs: Option<usize>,
    },
    /// Score messages for deliverability (content, structure, links, authentication headers,
    /// bulk-sender rules): a file, an mbox, a maildir folder, or `-` for stdin. One message prints
    /// one JSON report (score, verdict, findings, summary, trace); several print a JSON array with
    /// the file each came from.
    Score {
        /// Files or folders; `-` reads one message from stdin.
        #[arg(required = true, num_args = 1..)]
        paths: Vec<std::path::PathBuf>,
        /// Remove the receiver's trace headers (Received, Authentication-Results, X-Spam-*, ...)
        /// first, to score the message as its sender wrote it.
        #[arg(long)]
        strip_trace: bool,
        /// Print compact JSON instead of pretty-printed.
        #[arg(long)]
        compact: bool,
        /// Messages scored at once (default: the machine's cores). The output is the same.
        #[arg(short, long)]
        jobs: Option<usize>,
    },
    /// Validate an SPF record (no DNS): JSON with valid, terms, lookupTerms, diagnostics.
    /// `deliverkit spf check ...` evaluates check_host() against a zone file instead.
    #[command(args_conflicts_with_subcommands = true)]
    Spf {
        #[command(subcommand)]
        check: Option<SpfCommand>,
        /// The record, e.g. 'v=spf1 ip4:192.0.2.0/24 -all' (several arguments are joined with spaces).
        record: Vec<String>,
        /// The domain the record is published at (finds includes of itself).
        #[arg(long)]
        domain: Option<String>,
        /// Print compact JSON instead of pretty-printed.
        #[arg(long)]
        compact: bool,
    },
}

#[derive(Subcommand)]
enum SpfCommand {
    /// Evaluate check_host() (RFC 7208) with DNS answers from a zone file. Prints JSON with
    /// result, explanation and trace.
    Check {
        /// The client IP address.
        #[arg(long)]
        ip: String,
        /// The MAIL FROM address (empty: the HELO check).
        #[arg(long, default_value = "")]
        sender: String,
        /// The HELO/EHLO name.
        #[arg(long, default_value = "")]
        helo: String,
        /// The domain to check (default: the sender's domain, else the HELO name).
        #[arg(long)]
        domain: Option<String>,
        /// JSON zone file: {"name": [{"TXT": "..."}, {"A": "192.0.2.1"}, {"MX": [10, "mx.example.com"]}, "TIMEOUT", ...]}.
        #[arg(long)]
        zone: std::path::PathBuf,
        /// Print compact JSON instead of pretty-printed.
        #[arg(long)]
        compact: bool,
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

#[derive(serde::Serialize)]
struct FileRecipient<'a> {
    file: String,
    /// The message's number inside an mbox (1-based), when the file holds several.
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<usize>,
    #[serde(flatten)]
    recipient: &'a deliverkit::BounceRecipient,
}

/// Split an mbox on its `From ` separator lines; a file without them is one message.
fn split_mbox(text: &str) -> Vec<&str> {
    if !text.starts_with("From ") {
        return vec![text];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("From ") && pos > 0 {
            out.push(&text[start..pos]);
            start = pos;
        }
        pos += line.len();
    }
    out.push(&text[start..]);
    // Drop each message's separator line.
    out.into_iter()
        .map(|m| m.split_once('\n').map_or(m, |(_, rest)| rest))
        .collect()
}

/// The files named on the command line: files, folders (maildir cur/ and new/, or any folder of
/// message files) and `-` for stdin, as (name, bytes).
fn read_inputs(paths: &[std::path::PathBuf]) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let mut buf = Vec::new();
            io::Read::read_to_end(&mut io::stdin().lock(), &mut buf)?;
            files.push(("-".into(), buf));
        } else if p.is_dir() {
            // A maildir (cur/ and new/) or any folder of message files.
            let mut entries: Vec<std::path::PathBuf> = Vec::new();
            for sub in [p.join("cur"), p.join("new"), p.clone()] {
                if let Ok(rd) = std::fs::read_dir(&sub) {
                    entries.extend(rd.flatten().map(|e| e.path()).filter(|e| e.is_file()));
                }
            }
            entries.sort();
            for e in entries {
                let bytes = std::fs::read(&e)?;
                files.push((e.display().to_string(), bytes));
            }
        } else {
            let bytes = std::fs::read(p).map_err(|e| {
                io::Error::new(io::ErrorKind::InvalidInput, format!("{}: {e}", p.display()))
            })?;
            files.push((p.display().to_string(), bytes));
        }
    }
    Ok(files)
}

/// Split an mbox file (bytes) into its messages; a file that is not an mbox is one message.
fn split_mbox_bytes(bytes: &[u8]) -> Vec<&[u8]> {
    if !bytes.starts_with(b"From ") {
        return vec![bytes];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(p) = bytes[i..].windows(6).position(|w| w == b"\nFrom ") {
        let at = i + p + 1;
        out.push(&bytes[start..at]);
        start = at;
        i = at;
    }
    out.push(&bytes[start..]);
    // Drop each message's "From " separator line.
    out.into_iter()
        .map(|m| {
            m.iter()
                .position(|&b| b == b'\n')
                .map_or(&m[m.len()..], |p| &m[p + 1..])
        })
        .collect()
}

#[derive(serde::Serialize)]
struct FileScore<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<usize>,
    #[serde(flatten)]
    report: &'a deliverkit::ScoreReport,
}

/// `--jobs`, or the machine's cores (at least one).
fn jobs_or_cores(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1)
}

/// `f` of every item on up to `jobs` threads, the results in the items' order. Threads take
/// runs of a few items from a shared counter (one bounce can cost a hundred times another).
fn par_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    const RUN: usize = 8;
    let jobs = jobs.min(items.len().div_ceil(RUN));
    if jobs <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let from = next.fetch_add(RUN, std::sync::atomic::Ordering::Relaxed);
                        let Some(run) = items.get(from..(from + RUN).min(items.len())) else {
                            break;
                        };
                        if run.is_empty() {
                            break;
                        }
                        out.extend(run.iter().enumerate().map(|(i, x)| (from + i, f(x))));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in done.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots.into_iter().flatten().collect()
}

fn score(
    out: &mut impl Write,
    paths: &[std::path::PathBuf],
    pretty: bool,
    strip_trace: bool,
    jobs: usize,
) -> io::Result<()> {
    let files = read_inputs(paths)?;
    // (file, its message number in an mbox, the message)
    let mut messages = Vec::new();
    for (name, bytes) in &files {
        let split = split_mbox_bytes(bytes);
        let many = split.len() > 1;
        for (i, m) in split.into_iter().enumerate() {
            messages.push((name.as_str(), many.then_some(i + 1), m));
        }
    }
    let reports = par_map(&messages, jobs, |&(name, number, m)| {
        let r = if strip_trace {
            deliverkit::score_message_bytes(&deliverkit::content::strip_trace_headers(m))
        } else {
            deliverkit::score_message_bytes(m)
        };
        (name, number, r)
    });
    if reports.len() == 1 && paths.len() == 1 && !paths[0].is_dir() {
        return print_json(out, &reports[0].2, pretty);
    }
    let rows: Vec<FileScore<'_>> = reports
        .iter()
        .map(|(f, m, r)| FileScore {
            file: f,
            message: *m,
            report: r,
        })
        .collect();
    print_json(out, &rows, pretty)
}

fn bounce(
    out: &mut impl Write,
    paths: &[std::path::PathBuf],
    pretty: bool,
    jobs: usize,
) -> io::Result<()> {
    let files = read_inputs(paths)?;
    let texts: Vec<_> = files
        .iter()
        .map(|(_, bytes)| deliverkit::input::text_from_bytes(bytes).0)
        .collect();
    // (file, its message number in an mbox, the message)
    let mut messages = Vec::new();
    for ((name, _), text) in files.iter().zip(&texts) {
        let split = split_mbox(text);
        let many = split.len() > 1;
        for (i, m) in split.into_iter().enumerate() {
            messages.push((name, many.then_some(i + 1), m));
        }
    }
    let decoded = par_map(&messages, jobs, |&(_, _, m)| deliverkit::decode_bounce(m));
    let mut reports = Vec::new();
    for (&(name, number, _), r) in messages.iter().zip(decoded) {
        if r.recipients.is_empty() {
            let why = r
                .diagnostics
                .last()
                .map_or(String::new(), |d| d.message.to_string());
            eprintln!(
                "deliverkit: {name}{}: {} ({why})",
                number.map_or(String::new(), |n| format!(" #{n}")),
                serde_json::to_string(&r.kind).unwrap_or_default()
            );
        }
        reports.push((name.clone(), number, r));
    }
    let rows: Vec<FileRecipient<'_>> = reports
        .iter()
        .flat_map(|(f, m, r)| {
            r.recipients.iter().map(move |rc| FileRecipient {
                file: f.clone(),
                message: *m,
                recipient: rc,
            })
        })
        .collect();
    print_json(out, &rows, pretty)
}

fn spf_check(
    out: &mut impl Write,
    ip: &str,
    sender: &str,
    helo: &str,
    domain: Option<String>,
    zone: &std::path::Path,
    pretty: bool,
) -> io::Result<()> {
    let bad = |m: String| io::Error::new(io::ErrorKind::InvalidInput, m);
    let ip = ip
        .trim()
        .parse()
        .map_err(|_| bad(format!("--ip {ip:?} is not an IP address")))?;
    let text =
        std::fs::read_to_string(zone).map_err(|e| bad(format!("{}: {e}", zone.display())))?;
    let zone = deliverkit::spf::Zone::from_json(&text)
        .map_err(|e| bad(format!("{}: {e}", zone.display())))?;
    for (name, problem) in &zone.problems {
        eprintln!("deliverkit: zone: {name}: {problem}");
    }
    let domain = domain.unwrap_or_else(|| match sender.rsplit_once('@') {
        Some((_, d)) if !d.is_empty() => d.to_string(),
        _ => helo.to_string(),
    });
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let input = deliverkit::spf::CheckHostInput {
        ip,
        domain: &domain,
        sender,
        helo,
        receiver: "unknown",
        now,
    };
    print_json(
        out,
        &deliverkit::spf::check_host(&input, &mut zone.resolver()),
        pretty,
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match cli.command {
        Command::Spf {
            check:
                Some(SpfCommand::Check {
                    ip,
                    sender,
                    helo,
                    domain,
                    zone,
                    compact,
                }),
            ..
        } => spf_check(&mut out, &ip, &sender, &helo, domain, &zone, !compact),
        Command::Spf {
            check: None,
            record,
            domain,
            compact,
        } => {
            let text = record.join(" ");
            let options = deliverkit::spf::SpfOptions {
                domain: domain.as_deref(),
            };
            print_json(
                &mut out,
                &deliverkit::spf::validate_spf_with(&text, &options),
                !compact,
            )
        }
        Command::Bounce {
            paths,
            compact,
            jobs,
        } => bounce(&mut out, &paths, !compact, jobs_or_cores(jobs)),
        Command::Score {
            paths,
            strip_trace,
            compact,
            jobs,
        } => score(&mut out, &paths, !compact, strip_trace, jobs_or_cores(jobs)),
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
    let result = match result {
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
            eprintln!("deliverkit: {e}");
            return ExitCode::from(2);
        }
        other => other,
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
