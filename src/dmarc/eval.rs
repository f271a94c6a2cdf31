//! DMARC evaluation without I/O (RFC 9989 sections 4.10 and 5.3): find the policy record and the
//! Organizational Domains with the DNS tree walk, check identifier alignment, apply the policy.
//!
//! DNS answers come from a [`DmarcResolver`] the caller supplies; [`MapResolver`] answers from a
//! map (what the JavaScript bindings and the CLI use). No public suffix list is used: the tree walk
//! replaces it (RFC 9989 section 4.10).

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::lint::has_valid_rua;
use super::parse::{AlignmentMode, DmarcRecord, Policy, Psd};
use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::syntax::domain;

/// The most DNS queries one tree walk makes (RFC 9989 section 4.10).
pub const MAX_TREE_WALK_QUERIES: usize = 8;

/// The answer to one TXT query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TxtAnswer {
    /// The TXT records at the name (each one already joined from its character-strings).
    Records(Vec<String>),
    /// No TXT record: NXDOMAIN or NODATA.
    NotFound,
    /// A transient failure (timeout, SERVFAIL).
    TempError,
}

/// The DNS, as the caller answers it.
pub trait DmarcResolver {
    /// The TXT records at `name` (a lower-case name such as `_dmarc.example.com`).
    fn txt(&mut self, name: &str) -> TxtAnswer;

    /// Whether `name` exists in the DNS (any record at it or below it; RFC 9989 appendix A.4),
    /// for the `np` policy. `None` when unknown, which is read as "exists".
    fn exists(&mut self, name: &str) -> Option<bool> {
        let _ = name;
        None
    }
}

/// A resolver that answers from a map of names to TXT records, for tests, the CLI's zone files
/// and the JavaScript bindings. A name exists when it or a name below it is in the map (so list
/// `example.com` with no records to say that it exists).
///
/// ```
/// use deliverkit::dmarc::{DmarcResolver, MapResolver, TxtAnswer};
///
/// let mut zone = MapResolver::new();
/// zone.insert("_dmarc.Example.com.", vec!["v=DMARC1; p=reject".into()]);
/// zone.insert_timeout("_dmarc.slow.example");
/// assert_eq!(zone.txt("_dmarc.example.com"), TxtAnswer::Records(vec!["v=DMARC1; p=reject".into()]));
/// assert_eq!(zone.txt("_dmarc.slow.example"), TxtAnswer::TempError);
/// assert_eq!(zone.txt("_dmarc.other.example"), TxtAnswer::NotFound);
/// assert_eq!(zone.exists("example.com"), Some(true));
/// assert_eq!(zone.exists("nope.example.com"), Some(false));
/// ```
#[derive(Clone, Debug, Default)]
pub struct MapResolver {
    names: HashMap<String, Option<Vec<String>>>,
}

impl MapResolver {
    /// An empty zone.
    pub fn new() -> MapResolver {
        MapResolver::default()
    }

    /// Publish TXT records at `name` (case and a trailing dot are ignored).
    pub fn insert(&mut self, name: &str, records: Vec<String>) {
        self.names.insert(domain::normalize(name), Some(records));
    }

    /// Make queries for `name` time out.
    pub fn insert_timeout(&mut self, name: &str) {
        self.names.insert(domain::normalize(name), None);
    }
}

impl DmarcResolver for MapResolver {
    fn txt(&mut self, name: &str) -> TxtAnswer {
        match self.names.get(&domain::normalize(name)) {
            Some(Some(r)) if r.is_empty() => TxtAnswer::NotFound,
            Some(Some(r)) => TxtAnswer::Records(r.clone()),
            Some(None) => TxtAnswer::TempError,
            None => TxtAnswer::NotFound,
        }
    }

    fn exists(&mut self, name: &str) -> Option<bool> {
        let name = domain::normalize(name);
        Some(self.names.keys().any(|k| domain::is_within(k, &name)))
    }
}

/// An SPF or DKIM result, as RFC 8601 names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthResult {
    /// Authenticated.
    Pass,
    /// Not authenticated.
    Fail,
    /// SPF softfail.
    Softfail,
    /// SPF neutral / DKIM neutral.
    Neutral,
    /// No result.
    None,
    /// A transient error.
    Temperror,
    /// A permanent error.
    Permerror,
    /// DKIM `policy` (the signature was not accepted for local policy reasons).
    Policy,
}

impl FromStr for AuthResult {
    type Err = String;
    fn from_str(s: &str) -> Result<AuthResult, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "pass" => AuthResult::Pass,
            "fail" => AuthResult::Fail,
            "softfail" => AuthResult::Softfail,
            "neutral" => AuthResult::Neutral,
            "none" => AuthResult::None,
            "temperror" => AuthResult::Temperror,
            "permerror" => AuthResult::Permerror,
            "policy" => AuthResult::Policy,
            other => return Err(format!("unknown result {other:?} (pass, fail, softfail, neutral, none, temperror, permerror, policy)")),
        })
    }
}

/// An authentication result and the domain it authenticated (SPF: the MAIL FROM or HELO domain;
/// DKIM: the signature's `d=`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identifier {
    /// The result.
    pub result: AuthResult,
    /// The domain.
    pub domain: String,
}

/// What a message says about itself: the RFC5322.From domain and its SPF and DKIM results.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DmarcInput {
    /// The Author Domain: the domain of the RFC5322.From address.
    pub from: String,
    /// The SPF result and its domain.
    #[serde(default)]
    pub spf: Option<Identifier>,
    /// The DKIM results and their `d=` domains.
    #[serde(default)]
    pub dkim: Vec<Identifier>,
}

/// The DMARC result (RFC 9989 section 9.2 / RFC 8601).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DmarcResult {
    /// An aligned identifier passed.
    Pass,
    /// A policy applies and no aligned identifier passed.
    Fail,
    /// No policy record applies (DMARC does not apply to the message).
    None,
    /// A DNS error prevented an answer.
    Temperror,
    /// The input cannot be evaluated (the From domain is not a domain name).
    Permerror,
}

/// What the Domain Owner asks the receiver to do with the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Disposition {
    /// Deliver as usual.
    None,
    /// Treat as suspicious (for example, the spam folder).
    Quarantine,
    /// Reject.
    Reject,
}

/// Which tag the policy came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicySource {
    /// `p`: the Author Domain is the policy domain.
    P,
    /// `sp`: an existing subdomain of the policy domain.
    Sp,
    /// `np`: a non-existent subdomain of the policy domain.
    Np,
    /// `p` was missing or `p`, `sp` or `np` invalid, and `rua` holds a valid URI: read as `p=none`
    /// (RFC 9989 section 4.10.1).
    FallbackNone,
}

/// One identifier's alignment with the Author Domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlignmentCheck {
    /// `spf` or `dkim`.
    pub mechanism: &'static str,
    /// The authenticated domain.
    pub domain: String,
    /// Its SPF or DKIM result.
    pub result: AuthResult,
    /// The record's mode for this mechanism (`aspf`, `adkim`).
    pub mode: AlignmentMode,
    /// Its Organizational Domain, when a relaxed check needed it.
    pub organizational_domain: Option<String>,
    /// Whether it passed and is aligned.
    pub aligned: bool,
}

/// One DNS query made during the evaluation, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceStep {
    /// The name queried (`_dmarc.example.com`), or the name whose existence was asked.
    pub name: String,
    /// `txt` or `exists`.
    pub query: &'static str,
    /// Why: `policy-discovery`, `organizational-domain` or `non-existent-subdomain`.
    pub purpose: &'static str,
    /// `records`, `not-found`, `temp-error`, `exists`, `nxdomain` or `unknown`.
    pub answer: &'static str,
    /// The TXT records returned.
    pub records: Vec<String>,
    /// How many of them are DMARC records (`v=DMARC1` first).
    pub dmarc_records: usize,
}

/// The outcome of [`evaluate_dmarc`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DmarcEvaluation {
    /// pass, fail, none, temperror or permerror.
    pub result: DmarcResult,
    /// What the policy asks for, with `t=y` applied (`none` unless the result is fail).
    pub disposition: Disposition,
    /// The Author Domain, normalised.
    pub author_domain: String,
    /// Where the applied policy record was found.
    pub policy_domain: Option<String>,
    /// The policy record's text.
    pub record: Option<String>,
    /// The Author Domain's Organizational Domain, when it was needed.
    pub organizational_domain: Option<String>,
    /// The policy the record asks for before `t=y` is applied.
    pub policy: Option<Policy>,
    /// The tag it came from.
    pub policy_source: Option<PolicySource>,
    /// `t=y`: the policy is applied one level lower.
    pub testing: bool,
    /// Whether the Author Domain exists, when asked (subdomains only, for `np`).
    pub author_domain_exists: Option<bool>,
    /// SPF first, then each DKIM result.
    pub alignments: Vec<AlignmentCheck>,
    /// Every DNS query, in order.
    pub trace: Vec<TraceStep>,
    /// Notes on the evaluation (DNS errors, duplicate records, fallbacks).
    pub diagnostics: Vec<Diagnostic>,
}

enum Lookup {
    Record(Box<DmarcRecord>, String),
    NoRecord,
    TempError,
}

struct Walk {
    /// (domain, record, text), longest name first.
    found: Vec<(String, DmarcRecord, String)>,
    temp_error: bool,
}

struct Ctx<'r, R: DmarcResolver + ?Sized> {
    resolver: &'r mut R,
    cache: HashMap<String, TxtAnswer>,
    trace: Vec<TraceStep>,
    diags: Vec<Diagnostic>,
    warned: HashSet<String>,
}

impl<R: DmarcResolver + ?Sized> Ctx<'_, R> {
    fn lookup(&mut self, domain: &str, purpose: &'static str) -> Lookup {
        let name = format!("_dmarc.{domain}");
        let answer = match self.cache.get(&name) {
            Some(a) => a.clone(),
            None => {
                let a = self.resolver.txt(&name);
                let (label, records) = match &a {
                    TxtAnswer::Records(r) => ("records", r.clone()),
                    TxtAnswer::NotFound => ("not-found", Vec::new()),
                    TxtAnswer::TempError => ("temp-error", Vec::new()),
                };
                let dmarc_records = records.iter().filter(|r| is_dmarc(r)).count();
                self.trace.push(TraceStep {
                    name: name.clone(),
                    query: "txt",
                    purpose,
                    answer: label,
                    records,
                    dmarc_records,
                });
                self.cache.insert(name.clone(), a.clone());
                a
            }
        };
        match answer {
            TxtAnswer::TempError => {
                if self.warned.insert(format!("t {name}")) {
                    self.diags.push(catalog::dmarc_dns_temp_error(&name));
                }
                Lookup::TempError
            }
            TxtAnswer::NotFound => Lookup::NoRecord,
            TxtAnswer::Records(records) => {
                let dmarc: Vec<&String> = records.iter().filter(|r| is_dmarc(r)).collect();
                match dmarc.as_slice() {
                    [one] => match super::parse_for_eval(one) {
                        Some(r) => Lookup::Record(Box::new(r), (*one).clone()),
                        None => Lookup::NoRecord,
                    },
                    [] => Lookup::NoRecord,
                    many => {
                        if self.warned.insert(format!("m {name}")) {
                            self.diags
                                .push(catalog::dmarc_multiple_records(&name, many.len()));
                        }
                        Lookup::NoRecord
                    }
                }
            }
        }
    }

    /// The DNS tree walk of RFC 9989 section 4.10, from `domain` up, stopping at a record with
    /// `psd=y` or `psd=n`.
    fn walk(&mut self, domain: &str, purpose: &'static str) -> Walk {
        let mut w = Walk {
            found: Vec::new(),
            temp_error: false,
        };
        for target in tree_walk_targets(domain) {
            match self.lookup(&target, purpose) {
                Lookup::Record(r, text) => {
                    let stop = r.psd != Psd::Unknown;
                    w.found.push((target, *r, text));
                    if stop {
                        break;
                    }
                }
                Lookup::NoRecord => {}
                Lookup::TempError => w.temp_error = true,
            }
        }
        w
    }
}

/// Whether a TXT record starts with the DMARC version tag (RFC 9989 section 4.10, step 2).
fn is_dmarc(text: &str) -> bool {
    super::parse_for_eval(text).is_some()
}

/// The names a tree walk from `domain` queries (without the `_dmarc.` label): the domain itself,
/// then (for eight labels or more) its last seven labels, then one label fewer at a time.
///
/// ```
/// use deliverkit::dmarc::tree_walk_targets;
/// assert_eq!(tree_walk_targets("a.mail.example.com"), ["a.mail.example.com", "mail.example.com", "example.com", "com"]);
/// let deep = tree_walk_targets("a.b.c.d.e.f.g.h.i.j.mail.example.com");
/// assert_eq!(deep.len(), 8);
/// assert_eq!(deep[1], "g.h.i.j.mail.example.com");
/// ```
pub fn tree_walk_targets(domain: &str) -> Vec<String> {
    let labels: Vec<&str> = domain.split('.').collect();
    let x = labels.len();
    let mut out = vec![domain.to_string()];
    let mut n = if x >= 8 { 7 } else { x.saturating_sub(1) };
    while n >= 1 {
        out.push(labels[x - n..].join("."));
        n -= 1;
    }
    out
}

/// The Organizational Domain of `domain` from its tree walk (RFC 9989 section 4.10.2).
fn organizational_domain(domain: &str, walk: &Walk) -> String {
    let labels: Vec<&str> = domain.split('.').collect();
    for (d, r, _) in &walk.found {
        match r.psd {
            Psd::No => return d.clone(),
            Psd::Yes if d != domain => {
                let n = d.split('.').count() + 1;
                return labels[labels.len().saturating_sub(n)..].join(".");
            }
            _ => {}
        }
    }
    walk.found
        .last()
        .map_or_else(|| domain.to_string(), |(d, _, _)| d.clone())
}

/// Evaluate DMARC for a message: find the policy (RFC 9989 section 4.10.1), check alignment of
/// the SPF and DKIM identifiers (section 4.10.2), and say what the policy asks for (section 5.3),
/// with `t=y` applied. Never performs I/O: every DNS answer comes from `resolver`, and each tree
/// walk makes at most eight queries.
///
/// ```
/// use deliverkit::dmarc::{evaluate_dmarc, AuthResult, Disposition, DmarcInput, DmarcResult, Identifier, MapResolver};
///
/// let mut zone = MapResolver::new();
/// zone.insert("_dmarc.example.com", vec!["v=DMARC1; p=reject; rua=mailto:d@example.com".into()]);
/// zone.insert("news.example.com", vec![]); // the subdomain exists
///
/// let input = DmarcInput {
///     from: "news.example.com".into(),
///     spf: Some(Identifier { result: AuthResult::Pass, domain: "bounces.example.com".into() }),
///     dkim: vec![Identifier { result: AuthResult::Pass, domain: "esp.example.net".into() }],
/// };
/// let e = evaluate_dmarc(&input, &mut zone);
/// assert_eq!(e.result, DmarcResult::Pass); // SPF aligned (relaxed): same Organizational Domain
/// assert_eq!(e.policy_domain.as_deref(), Some("example.com"));
///
/// let input = DmarcInput { from: "example.com".into(), ..Default::default() };
/// let e = evaluate_dmarc(&input, &mut zone);
/// assert_eq!((e.result, e.disposition), (DmarcResult::Fail, Disposition::Reject));
/// ```
pub fn evaluate_dmarc<R: DmarcResolver + ?Sized>(
    input: &DmarcInput,
    resolver: &mut R,
) -> DmarcEvaluation {
    let author = domain::normalize(&input.from);
    let mut e = DmarcEvaluation {
        result: DmarcResult::None,
        disposition: Disposition::None,
        author_domain: author.clone(),
        policy_domain: None,
        record: None,
        organizational_domain: None,
        policy: None,
        policy_source: None,
        testing: false,
        author_domain_exists: None,
        alignments: Vec::new(),
        trace: Vec::new(),
        diagnostics: Vec::new(),
    };
    if let Err(why) = domain::check(&author, 1) {
        e.result = DmarcResult::Permerror;
        e.diagnostics
            .push(catalog::dmarc_eval_bad_domain(&input.from, why));
        return e;
    }
    let mut ctx = Ctx {
        resolver,
        cache: HashMap::new(),
        trace: Vec::new(),
        diags: Vec::new(),
        warned: HashSet::new(),
    };
    evaluate_in(&mut ctx, input, &author, &mut e);
    e.trace = ctx.trace;
    e.diagnostics.append(&mut ctx.diags);
    e
}

fn evaluate_in<R: DmarcResolver + ?Sized>(
    ctx: &mut Ctx<'_, R>,
    input: &DmarcInput,
    author: &str,
    e: &mut DmarcEvaluation,
) {
    // Policy discovery.
    let mut author_walk: Option<Walk> = None;
    let (policy_domain, record, text) = match ctx.lookup(author, "policy-discovery") {
        Lookup::TempError => {
            e.result = DmarcResult::Temperror;
            return;
        }
        Lookup::Record(r, text) => (author.to_string(), *r, text),
        Lookup::NoRecord => {
            let walk = ctx.walk(author, "policy-discovery");
            if walk.temp_error {
                e.result = DmarcResult::Temperror;
                return;
            }
            let org = organizational_domain(author, &walk);
            let chosen = walk
                .found
                .iter()
                .find(|(d, _, _)| *d == org)
                .or_else(|| walk.found.iter().find(|(_, r, _)| r.psd == Psd::Yes))
                .cloned();
            e.organizational_domain = Some(org);
            author_walk = Some(walk);
            match chosen {
                Some(c) => c,
                None => {
                    ctx.diags.push(catalog::dmarc_no_policy_record(author));
                    return;
                }
            }
        }
    };
    e.policy_domain = Some(policy_domain.clone());
    e.record = Some(text);
    e.testing = record.testing;

    // Which policy applies (RFC 9989 section 4.10.1).
    let valid_policy = record.policy_tags_valid && record.policy.is_some();
    let (policy, source) = if !valid_policy {
        if has_valid_rua(&record) {
            ctx.diags.push(catalog::dmarc_policy_fallback(true));
            (Policy::None, PolicySource::FallbackNone)
        } else {
            ctx.diags.push(catalog::dmarc_policy_fallback(false));
            return;
        }
    } else if policy_domain == author {
        (record.policy.unwrap_or(Policy::None), PolicySource::P)
    } else {
        let exists = ctx.resolver.exists(author);
        ctx.trace.push(TraceStep {
            name: author.to_string(),
            query: "exists",
            purpose: "non-existent-subdomain",
            answer: match exists {
                Some(true) => "exists",
                Some(false) => "nxdomain",
                None => "unknown",
            },
            records: Vec::new(),
            dmarc_records: 0,
        });
        e.author_domain_exists = exists;
        let p = record.policy.unwrap_or(Policy::None);
        match (exists, record.non_existent_policy, record.subdomain_policy) {
            (Some(false), Some(np), _) => (np, PolicySource::Np),
            (_, _, Some(sp)) => (sp, PolicySource::Sp),
            _ => (p, PolicySource::P),
        }
    };
    e.policy = Some(policy);
    e.policy_source = Some(source);

    // Identifier alignment (RFC 9989 section 4.10.2).
    let mut author_org: Option<String> = e.organizational_domain.clone();
    let mut temp_error = false;
    let mut checks: Vec<(&'static str, &Identifier, AlignmentMode)> = Vec::new();
    if let Some(spf) = &input.spf {
        checks.push(("spf", spf, record.aspf));
    }
    for d in &input.dkim {
        checks.push(("dkim", d, record.adkim));
    }
    for (mechanism, id, mode) in checks {
        let dom = domain::normalize(&id.domain);
        let mut c = AlignmentCheck {
            mechanism,
            domain: dom.clone(),
            result: id.result,
            mode,
            organizational_domain: None,
            aligned: false,
        };
        if id.result == AuthResult::Pass && domain::check(&dom, 1).is_ok() {
            if dom == author {
                c.aligned = true;
            } else if mode == AlignmentMode::Relaxed {
                let a_org = match &author_org {
                    Some(o) => o.clone(),
                    None => {
                        let w = match author_walk.take() {
                            Some(w) => w,
                            None => ctx.walk(author, "organizational-domain"),
                        };
                        temp_error |= w.temp_error;
                        let o = organizational_domain(author, &w);
                        author_org = Some(o.clone());
                        o
                    }
                };
                let w = ctx.walk(&dom, "organizational-domain");
                temp_error |= w.temp_error;
                let o = organizational_domain(&dom, &w);
                c.aligned = o == a_org;
                c.organizational_domain = Some(o);
            }
        }
        e.alignments.push(c);
    }
    e.organizational_domain = author_org;
    e.result = if e.alignments.iter().any(|c| c.aligned) {
        DmarcResult::Pass
    } else if temp_error {
        DmarcResult::Temperror
    } else {
        DmarcResult::Fail
    };
    if e.result == DmarcResult::Fail {
        e.disposition = match (policy, record.testing) {
            (Policy::Reject, false) => Disposition::Reject,
            (Policy::Reject, true) | (Policy::Quarantine, false) => Disposition::Quarantine,
            _ => Disposition::None,
        };
    }
}
