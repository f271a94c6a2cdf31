//! check_host() (RFC 7208 sections 4 to 6) over a resolver the caller supplies. The core makes no
//! DNS query of its own: every question goes to [`Resolver`], which may answer at once (a zone in
//! memory), fail, or say the answer is not known yet ([`Lookup::Pending`]: the evaluation stops and
//! names the query, so an asynchronous caller can fetch it and run again with the answer cached).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::Serialize;

use super::macros::{self, MacroContext, Piece};
use super::parse::{self, Directive, Qualifier, Spec, TermKind};
use crate::diagnostic::{Code, Severity};

/// The answer to one DNS question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup<T> {
    /// The records of that type (empty: the name exists but has none, a "void" answer).
    Found(Vec<T>),
    /// The name does not exist (NXDOMAIN): a "void" answer.
    NxDomain,
    /// A server failure or timeout: check_host() gives temperror.
    TempError,
    /// Not known yet: the evaluation stops and reports this query in `pending`.
    Pending,
}

/// Answers the DNS questions of check_host(). Names are given without a trailing dot.
pub trait Resolver {
    /// TXT records of `name`, each with its character-strings joined.
    fn txt(&mut self, name: &str) -> Lookup<String>;
    /// A records.
    fn a(&mut self, name: &str) -> Lookup<Ipv4Addr>;
    /// AAAA records.
    fn aaaa(&mut self, name: &str) -> Lookup<Ipv6Addr>;
    /// MX records: (preference, exchange).
    fn mx(&mut self, name: &str) -> Lookup<(u16, String)>;
    /// PTR records of a reverse name such as `4.3.2.1.in-addr.arpa`.
    fn ptr(&mut self, name: &str) -> Lookup<String>;
}

/// The seven results of check_host().
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpfVerdict {
    /// The client is authorised.
    Pass,
    /// The client is not authorised.
    Fail,
    /// Probably not authorised.
    SoftFail,
    /// No assertion.
    Neutral,
    /// No SPF record (or no valid domain to check).
    None,
    /// The records are broken: a syntax error or a limit exceeded.
    PermError,
    /// A DNS error: try later.
    TempError,
}

impl SpfVerdict {
    /// The RFC's word for the result.
    pub fn as_str(self) -> &'static str {
        match self {
            SpfVerdict::Pass => "pass",
            SpfVerdict::Fail => "fail",
            SpfVerdict::SoftFail => "softfail",
            SpfVerdict::Neutral => "neutral",
            SpfVerdict::None => "none",
            SpfVerdict::PermError => "permerror",
            SpfVerdict::TempError => "temperror",
        }
    }
}

/// What check_host() is asked.
#[derive(Clone, Debug)]
pub struct CheckHostInput<'a> {
    /// The client's IP address.
    pub ip: IpAddr,
    /// The domain to check (normally the MAIL FROM domain, or the HELO name).
    pub domain: &'a str,
    /// The MAIL FROM address (`local@domain`); empty means `postmaster@<helo>`.
    pub sender: &'a str,
    /// The HELO/EHLO name.
    pub helo: &'a str,
    /// The receiving host's name, for the `%{r}` macro (`unknown` by default).
    pub receiver: &'a str,
    /// The time for the `%{t}` macro, seconds since the epoch.
    pub now: u64,
}

/// One step of the evaluation, for people to read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TraceStep {
    /// Include/redirect nesting depth (0 for the domain asked about).
    pub depth: u32,
    /// The domain whose record was being evaluated.
    pub domain: String,
    /// `query`, `record`, `term`, `match`, `include`, `redirect`, `result`, `error` or `explanation`.
    pub event: &'static str,
    /// What happened.
    pub detail: String,
}

/// A DNS question the resolver could not answer yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingQuery {
    /// `TXT`, `A`, `AAAA`, `MX` or `PTR`.
    pub query_type: &'static str,
    /// The name asked about.
    pub name: String,
}

/// The outcome of check_host().
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpfResult {
    /// One of the seven results.
    pub result: SpfVerdict,
    /// Why, in one sentence.
    pub reason: String,
    /// For a fail with an `exp=` modifier: the domain's explanation, macros expanded.
    pub explanation: Option<String>,
    /// The term that decided (`-all`, `include:_spf.example.com`, ...) and the domain it is in.
    pub matched: Option<MatchedTerm>,
    /// Terms that queried DNS, counted against the limit of 10.
    pub lookups: u32,
    /// Queries that found nothing, counted against the limit of 2.
    pub void_lookups: u32,
    /// Every step, in order, with the include/redirect depth.
    pub trace: Vec<TraceStep>,
    /// Set when the resolver answered [`Lookup::Pending`]: the query to answer before running again.
    pub pending: Option<PendingQuery>,
}

/// The term that decided the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchedTerm {
    /// The domain whose record holds the term.
    pub domain: String,
    /// The term as written.
    pub term: String,
}

enum Abort {
    Perm(String),
    Temp(String),
    Pending(PendingQuery),
}

const MAX_LOOKUPS: u32 = 10;
const MAX_VOID: u32 = 2;
const MAX_NAMES: usize = 10;
const MAX_DEPTH: u32 = 20;

struct Eval<'r, 'a> {
    resolver: &'r mut dyn Resolver,
    input: &'r CheckHostInput<'a>,
    sender: String,
    lookups: u32,
    voids: u32,
    trace: Vec<TraceStep>,
    matched: Option<MatchedTerm>,
    explanation: Option<String>,
}

/// Whether a domain passes RFC 7208 section 4.3's checks (labels 1 to 63 bytes, more than one label,
/// at most 253 bytes).
fn valid_domain(d: &str) -> bool {
    let d = d.strip_suffix('.').unwrap_or(d);
    !d.is_empty()
        && d.len() <= 253
        && d.contains('.')
        && d.split('.').all(|l| !l.is_empty() && l.len() <= 63)
}

/// Cut an expanded name to 253 bytes by dropping labels from the left (RFC 7208 section 7.3).
fn truncate_name(mut s: String) -> String {
    if s.ends_with('.') {
        s.pop();
    }
    while s.len() > 253 {
        match s.find('.') {
            Some(p) => {
                s.drain(..=p);
            }
            None => break,
        }
    }
    s
}

fn reverse_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v) => {
            let o = v.octets();
            format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
        }
        IpAddr::V6(v) => {
            let mut s = String::with_capacity(72);
            for b in v.octets().iter().rev() {
                for n in [b & 15, b >> 4] {
                    s.push(char::from_digit(u32::from(n), 16).unwrap_or('0'));
                    s.push('.');
                }
            }
            s.push_str("ip6.arpa");
            s
        }
    }
}

/// The client address as the mechanisms see it: an IPv4-mapped IPv6 address is IPv4.
fn client(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v) => v.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn in_net4(ip: Ipv4Addr, net: Ipv4Addr, p: u8) -> bool {
    let m = if p == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(p.min(32)))
    };
    u32::from(ip) & m == u32::from(net) & m
}

fn in_net6(ip: Ipv6Addr, net: Ipv6Addr, p: u8) -> bool {
    let m = if p == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(p.min(128)))
    };
    u128::from(ip) & m == u128::from(net) & m
}

impl<'r, 'a> Eval<'r, 'a> {
    fn step(&mut self, depth: u32, domain: &str, event: &'static str, detail: String) {
        if self.trace.len() < 1000 {
            self.trace.push(TraceStep {
                depth,
                domain: domain.to_string(),
                event,
                detail,
            });
        }
    }

    fn ctx<'c>(&'c self, domain: &'c str, validated: &'c str) -> MacroContext<'c> {
        MacroContext {
            sender: &self.sender,
            domain,
            ip: self.input.ip,
            helo: self.input.helo,
            validated,
            receiver: self.input.receiver,
            now: self.input.now,
        }
    }

    /// Parse and expand the domain-spec at `spec` of `record`.
    fn expand_spec(&mut self, record: &str, spec: Spec, domain: &str) -> Result<String, Abort> {
        let text = record.get(spec.0 as usize..spec.1 as usize).unwrap_or("");
        let pieces = macros::parse(text, false)
            .map_err(|e| Abort::Perm(format!("{domain}: {}", e.message)))?;
        self.expand(&pieces, domain)
    }

    fn expand(&mut self, pieces: &[Piece], domain: &str) -> Result<String, Abort> {
        let needs_p = pieces
            .iter()
            .any(|p| matches!(p, Piece::Macro { letter: 'p', .. }));
        let validated = if needs_p {
            self.validated_name(domain)?
        } else {
            String::new()
        };
        Ok(truncate_name(macros::expand(
            pieces,
            &self.ctx(domain, &validated),
        )))
    }

    fn void(&mut self, depth: u32, domain: &str, what: &str) -> Result<(), Abort> {
        self.voids += 1;
        self.step(
            depth,
            domain,
            "query",
            format!("{what}: no records (void lookup {})", self.voids),
        );
        if self.voids > MAX_VOID {
            return Err(Abort::Perm(format!(
                "more than {MAX_VOID} DNS lookups found nothing (RFC 7208 section 4.6.4)"
            )));
        }
        Ok(())
    }

    fn count_lookup(&mut self, depth: u32, domain: &str, term: &str) -> Result<(), Abort> {
        self.lookups += 1;
        self.step(
            depth,
            domain,
            "term",
            format!("{term} (DNS lookup {} of {MAX_LOOKUPS})", self.lookups),
        );
        if self.lookups > MAX_LOOKUPS {
            return Err(Abort::Perm(format!(
                "more than {MAX_LOOKUPS} DNS-querying terms (RFC 7208 section 4.6.4)"
            )));
        }
        Ok(())
    }

    fn pending(qt: &'static str, name: &str) -> Abort {
        Abort::Pending(PendingQuery {
            query_type: qt,
            name: name.to_string(),
        })
    }

    fn addrs(&mut self, name: &str, want_v6: bool) -> Result<Option<Vec<IpAddr>>, Abort> {
        if want_v6 {
            match self.resolver.aaaa(name) {
                Lookup::Found(v) => Ok(Some(v.into_iter().map(IpAddr::V6).collect())),
                Lookup::NxDomain => Ok(None),
                Lookup::TempError => Err(Abort::Temp(format!("DNS error looking up AAAA {name}"))),
                Lookup::Pending => Err(Self::pending("AAAA", name)),
            }
        } else {
            match self.resolver.a(name) {
                Lookup::Found(v) => Ok(Some(v.into_iter().map(IpAddr::V4).collect())),
                Lookup::NxDomain => Ok(None),
                Lookup::TempError => Err(Abort::Temp(format!("DNS error looking up A {name}"))),
                Lookup::Pending => Err(Self::pending("A", name)),
            }
        }
    }

    /// PTR names of the client that resolve back to it (at most 10 names looked at).
    fn validated_names(&mut self) -> Result<Vec<String>, Abort> {
        let ip = client(self.input.ip);
        let rname = reverse_name(ip);
        let names = match self.resolver.ptr(&rname) {
            Lookup::Found(v) => v,
            Lookup::NxDomain | Lookup::TempError => Vec::new(),
            Lookup::Pending => return Err(Self::pending("PTR", &rname)),
        };
        let mut ok = Vec::new();
        for n in names.into_iter().take(MAX_NAMES) {
            let n = n.trim_end_matches('.').to_string();
            match self.addrs(&n, ip.is_ipv6()) {
                Ok(Some(list)) if list.contains(&ip) => ok.push(n),
                Ok(_) | Err(Abort::Temp(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(ok)
    }

    fn validated_name(&mut self, domain: &str) -> Result<String, Abort> {
        let names = self.validated_names()?;
        let d = domain.to_ascii_lowercase();
        let pick = names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(&d))
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.to_ascii_lowercase().ends_with(&format!(".{d}")))
            })
            .or(names.first());
        Ok(pick.cloned().unwrap_or_else(|| "unknown".to_string()))
    }

    /// check_host() for one domain. Returns the result of that domain's record.
    fn check(&mut self, domain: &str, depth: u32) -> Result<SpfVerdict, Abort> {
        let domain = domain.trim_end_matches('.');
        if depth > MAX_DEPTH {
            return Err(Abort::Perm("include/redirect nesting too deep".into()));
        }
        if !valid_domain(domain) {
            self.step(
                depth,
                domain,
                "result",
                "not a valid multi-label domain name: none".into(),
            );
            return Ok(SpfVerdict::None);
        }
        let txts = match self.resolver.txt(domain) {
            Lookup::Found(v) => v,
            Lookup::NxDomain => {
                self.step(
                    depth,
                    domain,
                    "query",
                    format!("TXT {domain}: no such domain"),
                );
                return Ok(SpfVerdict::None);
            }
            Lookup::TempError => {
                return Err(Abort::Temp(format!("DNS error looking up TXT {domain}")))
            }
            Lookup::Pending => return Err(Self::pending("TXT", domain)),
        };
        let spf: Vec<&String> = txts.iter().filter(|t| parse::has_version(t)).collect();
        self.step(
            depth,
            domain,
            "query",
            format!("TXT {domain}: {} record(s), {} SPF", txts.len(), spf.len()),
        );
        let record = match spf.as_slice() {
            [] => return Ok(SpfVerdict::None),
            [one] => (*one).clone(),
            _ => {
                return Err(Abort::Perm(format!(
                    "{domain} publishes more than one SPF record"
                )))
            }
        };
        self.step(depth, domain, "record", record.clone());
        // The lean check: the messages are written only when the record has an error (the
        // lookup count is this evaluation's to keep, across includes).
        let check = super::check_spf(&record);
        let fatal = |code: Code, severity: Severity| {
            severity == Severity::Error && code != Code::SpfTooManyLookups
        };
        if check
            .findings()
            .any(|(code, severity, _)| fatal(code, severity))
        {
            // The first error in the report's order (errors first, by place), written now.
            let report = check.into_report();
            let first = report
                .diagnostics
                .iter()
                .find(|d| fatal(d.code, d.severity));
            let message = first.map_or("", |d| &d.message);
            return Err(Abort::Perm(format!("{domain}: {message}")));
        }
        // The record as read (quoted strings joined): what the terms' places and the domain
        // specs point into.
        let read = check.text();
        let terms = check.slims();
        let ip = client(self.input.ip);
        let mut redirect = None;
        let mut exp = None;
        for t in terms {
            match &t.directive {
                Directive::Redirect(p) => redirect = Some(*p),
                Directive::Exp(p) => exp = Some(*p),
                _ => {}
            }
        }
        for t in terms.iter().filter(|t| t.kind() == TermKind::Mechanism) {
            let text = read.get(t.start as usize..t.end as usize).unwrap_or("");
            if t.dns_lookup() {
                self.count_lookup(depth, domain, text)?;
            }
            let matched = match &t.directive {
                Directive::All => true,
                Directive::Ip4(net, p) => matches!(ip, IpAddr::V4(a) if in_net4(a, *net, *p)),
                Directive::Ip6(net, p) => matches!(ip, IpAddr::V6(a) if in_net6(a, *net, *p)),
                Directive::A(ds, c4, c6) | Directive::Mx(ds, c4, c6) => {
                    let target = match ds {
                        Some(p) => self.expand_spec(read, *p, domain)?,
                        None => domain.to_string(),
                    };
                    let hosts: Vec<String> = if matches!(t.directive, Directive::Mx(..)) {
                        match self.resolver.mx(&target) {
                            Lookup::Found(v) if v.is_empty() => {
                                self.void(depth, domain, &format!("MX {target}"))?;
                                Vec::new()
                            }
                            Lookup::Found(mut v) => {
                                if v.len() > MAX_NAMES {
                                    return Err(Abort::Perm(format!(
                                        "MX {target} has more than {MAX_NAMES} records"
                                    )));
                                }
                                v.sort();
                                self.step(
                                    depth,
                                    domain,
                                    "query",
                                    format!(
                                        "MX {target}: {}",
                                        v.iter()
                                            .map(|(_, h)| h.as_str())
                                            .collect::<Vec<_>>()
                                            .join(", ")
                                    ),
                                );
                                v.into_iter()
                                    .map(|(_, h)| h.trim_end_matches('.').to_string())
                                    .collect()
                            }
                            Lookup::NxDomain => {
                                self.void(depth, domain, &format!("MX {target}"))?;
                                Vec::new()
                            }
                            Lookup::TempError => {
                                return Err(Abort::Temp(format!(
                                    "DNS error looking up MX {target}"
                                )))
                            }
                            Lookup::Pending => return Err(Self::pending("MX", &target)),
                        }
                    } else {
                        vec![target]
                    };
                    let primary = matches!(t.directive, Directive::A(..));
                    let mut hit = false;
                    for h in &hosts {
                        match self.addrs(h, ip.is_ipv6())? {
                            Some(list) if !list.is_empty() => {
                                hit |= list.iter().any(|a| match (a, ip) {
                                    (IpAddr::V4(a), IpAddr::V4(c)) => in_net4(c, *a, *c4),
                                    (IpAddr::V6(a), IpAddr::V6(c)) => in_net6(c, *a, *c6),
                                    _ => false,
                                });
                            }
                            _ if primary => self.void(
                                depth,
                                domain,
                                &format!("{} {h}", if ip.is_ipv6() { "AAAA" } else { "A" }),
                            )?,
                            _ => {}
                        }
                        if hit {
                            break;
                        }
                    }
                    hit
                }
                Directive::Ptr(ds) => {
                    let target = match ds {
                        Some(p) => self.expand_spec(read, *p, domain)?,
                        None => domain.to_string(),
                    }
                    .to_ascii_lowercase();
                    let names = self.validated_names()?;
                    names.iter().any(|n| {
                        let n = n.to_ascii_lowercase();
                        n == target || n.ends_with(&format!(".{target}"))
                    })
                }
                Directive::Exists(p) => {
                    let name = self.expand_spec(read, *p, domain)?;
                    match self.resolver.a(&name) {
                        Lookup::Found(v) if !v.is_empty() => true,
                        Lookup::Found(_) | Lookup::NxDomain => {
                            self.void(depth, domain, &format!("A {name}"))?;
                            false
                        }
                        Lookup::TempError => {
                            return Err(Abort::Temp(format!("DNS error looking up A {name}")))
                        }
                        Lookup::Pending => return Err(Self::pending("A", &name)),
                    }
                }
                Directive::Include(p) => {
                    let target = self.expand_spec(read, *p, domain)?;
                    self.step(depth, domain, "include", target.clone());
                    let saved = self.matched.take();
                    let r = self.check(&target, depth + 1)?;
                    self.matched = saved;
                    match r {
                        SpfVerdict::Pass => true,
                        SpfVerdict::Fail | SpfVerdict::SoftFail | SpfVerdict::Neutral => false,
                        SpfVerdict::TempError => {
                            return Err(Abort::Temp(format!("include:{target} gave temperror")))
                        }
                        SpfVerdict::None => {
                            return Err(Abort::Perm(format!("include:{target} has no SPF record")))
                        }
                        SpfVerdict::PermError => {
                            return Err(Abort::Perm(format!("include:{target} gave permerror")))
                        }
                    }
                }
                _ => false,
            };
            if matched {
                let q = t.qualifier().unwrap_or(Qualifier::Pass);
                let verdict = match q {
                    Qualifier::Pass => SpfVerdict::Pass,
                    Qualifier::Fail => SpfVerdict::Fail,
                    Qualifier::SoftFail => SpfVerdict::SoftFail,
                    Qualifier::Neutral => SpfVerdict::Neutral,
                };
                self.step(
                    depth,
                    domain,
                    "match",
                    format!("{text} matched: {}", verdict.as_str()),
                );
                self.matched = Some(MatchedTerm {
                    domain: domain.to_string(),
                    term: text.to_string(),
                });
                if verdict == SpfVerdict::Fail {
                    self.explanation = match &exp {
                        Some(p) => self.explain(read, *p, domain, depth)?,
                        None => None,
                    };
                }
                return Ok(verdict);
            }
        }
        if let Some(p) = redirect {
            self.count_lookup(depth, domain, "redirect")?;
            let target = self.expand_spec(read, p, domain)?;
            self.step(depth, domain, "redirect", target.clone());
            return match self.check(&target, depth + 1)? {
                SpfVerdict::None => {
                    Err(Abort::Perm(format!("redirect={target} has no SPF record")))
                }
                r => Ok(r),
            };
        }
        self.step(
            depth,
            domain,
            "result",
            "no mechanism matched: neutral".into(),
        );
        Ok(SpfVerdict::Neutral)
    }

    /// The exp= explanation: one TXT record at the expanded name, macro-expanded. Any problem
    /// gives no explanation (RFC 7208 section 6.2).
    fn explain(
        &mut self,
        record: &str,
        spec: Spec,
        domain: &str,
        depth: u32,
    ) -> Result<Option<String>, Abort> {
        // Any problem gives no explanation; only an unanswered query (Pending) goes back to the
        // caller, so that an asynchronous resolver is asked for the explanation too.
        let pending = |e: Abort| match e {
            Abort::Pending(q) => Err(Abort::Pending(q)),
            _ => Ok(None),
        };
        let name = match self.expand_spec(record, spec, domain) {
            Ok(n) => n,
            Err(e) => return pending(e),
        };
        let txt = match self.resolver.txt(&name) {
            Lookup::Found(v) if v.len() == 1 => v.into_iter().next().unwrap_or_default(),
            Lookup::Pending => return Err(Self::pending("TXT", &name)),
            _ => return Ok(None),
        };
        let Ok(parsed) = macros::parse(&txt, true) else {
            return Ok(None);
        };
        let validated = if parsed
            .iter()
            .any(|p| matches!(p, Piece::Macro { letter: 'p', .. }))
        {
            match self.validated_name(domain) {
                Ok(v) => v,
                Err(e) => return pending(e),
            }
        } else {
            String::new()
        };
        let text = macros::expand(&parsed, &self.ctx(domain, &validated));
        self.step(depth, domain, "explanation", text.clone());
        Ok(Some(text))
    }
}

/// Run check_host() (RFC 7208 section 4) for `input`, asking `resolver` every DNS question.
///
/// ```
/// use deliverkit::spf::{check_host, CheckHostInput, SpfVerdict, Zone};
///
/// let zone = Zone::from_json(r#"{
///   "example.com": [{"TXT": "v=spf1 include:_spf.example.net -all"}],
///   "_spf.example.net": [{"TXT": "v=spf1 ip4:192.0.2.0/24 ~all"}]
/// }"#).unwrap();
/// let input = CheckHostInput {
///     ip: "192.0.2.7".parse().unwrap(), domain: "example.com", sender: "alice@example.com",
///     helo: "mail.example.com", receiver: "unknown", now: 0,
/// };
/// let r = check_host(&input, &mut zone.resolver());
/// assert_eq!(r.result, SpfVerdict::Pass);
/// assert_eq!(r.matched.unwrap().term, "include:_spf.example.net");   // the term of example.com that decided
/// assert_eq!(r.lookups, 1);
/// ```
pub fn check_host(input: &CheckHostInput<'_>, resolver: &mut dyn Resolver) -> SpfResult {
    let sender = if input.sender.is_empty() {
        format!(
            "postmaster@{}",
            if input.helo.is_empty() {
                input.domain
            } else {
                input.helo
            }
        )
    } else if !input.sender.contains('@') {
        format!("postmaster@{}", input.sender)
    } else if input.sender.starts_with('@') {
        format!("postmaster{}", input.sender)
    } else {
        input.sender.to_string()
    };
    let mut ev = Eval {
        resolver,
        input,
        sender,
        lookups: 0,
        voids: 0,
        trace: Vec::new(),
        matched: None,
        explanation: None,
    };
    let outcome = ev.check(input.domain, 0);
    let (result, reason, pending) = match outcome {
        Ok(v) => {
            let why = match (&ev.matched, v) {
                (Some(m), _) => format!("{} matched in the record of {}", m.term, m.domain),
                (None, SpfVerdict::None) if input.domain.trim().is_empty() => {
                    "no domain to check (give a sender, a HELO name or a domain)".to_string()
                }
                (None, SpfVerdict::None) if !valid_domain(input.domain) => {
                    format!("{} is not a valid multi-label domain name", input.domain)
                }
                (None, SpfVerdict::None) => format!("{} has no SPF record", input.domain),
                (None, _) => "no mechanism matched".to_string(),
            };
            (v, why, None)
        }
        Err(Abort::Perm(why)) => (SpfVerdict::PermError, why, None),
        Err(Abort::Temp(why)) => (SpfVerdict::TempError, why, None),
        Err(Abort::Pending(q)) => (
            SpfVerdict::TempError,
            format!("waiting for the answer to {} {}", q.query_type, q.name),
            Some(q),
        ),
    };
    if !matches!(
        result,
        SpfVerdict::Pass | SpfVerdict::Fail | SpfVerdict::SoftFail | SpfVerdict::Neutral
    ) {
        ev.matched = None;
    }
    let d = input.domain.to_string();
    ev.step(0, &d, "result", format!("{}: {reason}", result.as_str()));
    SpfResult {
        result,
        reason,
        explanation: if result == SpfVerdict::Fail {
            ev.explanation
        } else {
            None
        },
        matched: ev.matched,
        lookups: ev.lookups,
        void_lookups: ev.voids,
        trace: ev.trace,
        pending,
    }
}
