//! Finding the pieces of an SMTP reply inside free text: the reply code, the enhanced status, the
//! command it answered, the remote host and the provider. Everything works on byte offsets of the
//! original text; `lower` is its ASCII-lower-cased copy, so offsets are the same in both.

use std::ops::Range;

use nom::bytes::complete::take_while_m_n;
use nom::character::complete::{char, one_of};
use nom::combinator::{map_res, recognize};
use nom::sequence::preceded;
use nom::{IResult, Parser};

use crate::tables::{MarkerKind, MARKERS, PROVIDER_RULES};

fn digits(min: usize, max: usize) -> impl Fn(&str) -> IResult<&str, &str> {
    move |i| take_while_m_n(min, max, |c: char| c.is_ascii_digit())(i)
}

/// `class "." subject "." detail` (RFC 3463 section 2): class 2, 4 or 5; subject and detail 1 to 3 digits.
fn status_code(i: &str) -> IResult<&str, (char, u16, u16)> {
    let num = |i| map_res(digits(1, 3), str::parse::<u16>).parse(i);
    (
        one_of("245"),
        preceded(char('.'), num),
        preceded(char('.'), num),
    )
        .parse(i)
}

/// A three-digit reply code starting with 2 to 5.
fn reply_code(i: &str) -> IResult<&str, &str> {
    recognize((one_of("2345"), digits(2, 2))).parse(i)
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// A candidate reply code at `at` and how sure we are it is one.
fn reply_at(text: &str, at: usize) -> Option<(u16, Range<usize>, u8)> {
    let bytes = text.as_bytes();
    if at > 0
        && (is_word(bytes[at - 1])
            || matches!(
                bytes[at - 1],
                b'.' | b'-' | b'+' | b'/' | b'_' | b'=' | b'%' | b'$' | b','
            ))
    {
        return None;
    }
    // `[2606:2800:220:6d::1]`: a group of an IPv6 address, not a reply code.
    if at >= 2 && bytes[at - 1] == b':' && bytes[at - 2].is_ascii_hexdigit() {
        // The group before is hex digits that another colon precedes (`DATA:550` is a reply).
        let group = bytes[..at - 1]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        if group <= 4 && at - 1 > group && matches!(bytes[at - 2 - group], b':' | b'[') {
            return None;
        }
    }
    let (rest, code) = reply_code(&text[at..]).ok()?;
    let end = at + code.len();
    let next = rest.as_bytes().first().copied();
    match next {
        None
        | Some(
            b' ' | b'-' | b'\t' | b'\r' | b'\n' | b')' | b']' | b'"' | b'\'' | b';' | b':' | b',',
        ) => {}
        _ => return None,
    }
    // `550-5.7.1` or `550 5.7.1`: a status right behind with the same class is the strongest sign.
    let after = rest.get(1..).unwrap_or("");
    let mut score = 0;
    if matches!(next, Some(b' ' | b'-' | b':')) {
        if let Ok((_, (class, _, _))) = status_code(after.trim_start()) {
            if class as u8 == code.as_bytes()[0] {
                score = 4;
            } else {
                score = 3;
            }
        }
    }
    let before = text[..at].trim_end_matches([' ', '\t']);
    let line_start = before.is_empty() || before.ends_with(['\n', '\r']);
    // Only the last few bytes matter (compared ignoring case, not lower-cased into a copy per
    // candidate): reading the whole prefix per candidate would make long inputs quadratic.
    let mut tail_at = before.len().saturating_sub(16);
    while !before.is_char_boundary(tail_at) {
        tail_at -= 1;
    }
    let tail = &before.as_bytes()[tail_at..];
    let ends = |s: &str| {
        tail.len() >= s.len() && tail[tail.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
    };
    if score == 0 {
        // Sendmail's `554 <user@example.org>... 550 Host unknown`: the remote server's reply for
        // that address, behind sendmail's own code.
        if ends("...") && next == Some(b' ') {
            score = 4;
        } else if line_start || ends("smtp;") || ends("x-unix;") || ends("x-postfix;") {
            score = 3;
        } else if ends(":")
            || ends("said")
            || ends("(")
            || ends("[")
            || ends(">")
            || ends("error")
            || ends("reply")
            || ends("response")
            || ends("code")
            || ends("'")
            || ends("\"")
        {
            score = 2;
        } else if next == Some(b' ')
            && after
                .as_bytes()
                .first()
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'<' || *b == b'[' || *b == b'#')
        {
            score = 1;
        } else {
            return None;
        }
    }
    let v: u16 = code.parse().ok()?;
    Some((v, at..end, score))
}

/// The SMTP reply code in `text`: the best-placed three-digit code, ties going to the first.
pub(crate) fn find_reply_code(text: &str) -> Option<(u16, Range<usize>)> {
    let mut best: Option<(u16, Range<usize>, u8)> = None;
    let bytes = text.as_bytes();
    for (at, b) in bytes.iter().enumerate() {
        // A digit 2 to 5 and two more digits (what `reply_code` reads), tested here: most digits
        // of a text (dates, addresses) fail it without a call.
        if !(b'2'..=b'5').contains(b)
            || !bytes
                .get(at + 1..at + 3)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        {
            continue;
        }
        if let Some(c) = reply_at(text, at) {
            // In a transcript, a later permanent reply (not the 503 that follows a refused RCPT)
            // is what failed the message, so it wins over an earlier transient one.
            // Likewise a failure after success replies (`250 2.1.5 Ok` then `451 4.3.0 Error`).
            let overrides = best.as_ref().is_some_and(|b| {
                let (was, now) = (b.0 / 100, c.0 / 100);
                ((was == 4 && now == 5 && c.0 != 503) || (was == 2 && (now == 4 || now == 5)))
                    && c.2 >= 1
            });
            if overrides || best.as_ref().is_none_or(|b| c.2 > b.2) {
                let top = c.2 >= 4 && c.0 / 100 != 2;
                best = Some(c);
                if top {
                    break;
                }
            }
        }
    }
    best.map(|(v, r, _)| (v, r))
}

/// An enhanced status in `text` at `at`, if one starts there on a token boundary.
fn status_at(text: &str, at: usize, after_reply: bool) -> Option<(String, Range<usize>)> {
    let bytes = text.as_bytes();
    if !after_reply
        && at > 0
        && (bytes[at - 1].is_ascii_alphanumeric()
            || matches!(
                bytes[at - 1],
                b'.' | b'/' | b'_' | b'+' | b'-' | b'=' | b'%'
            ))
    {
        // `dsn=4.0.0` and `dsn:4.0.0` are handled by the caller, which looks for them first
        return None;
    }
    let (rest, (class, subject, detail)) = status_code(&text[at..]).ok()?;
    let next = rest.as_bytes();
    if next
        .first()
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        || (next.first() == Some(&b'.') && next.get(1).is_some_and(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let end = text.len() - rest.len();
    Some((status_string(class, subject, detail), at..end))
}

/// `class.subject.detail` (each number at most three digits, as `status_code` reads them),
/// written without the formatting machinery: a bounce reads a status for every recipient.
fn status_string(class: char, subject: u16, detail: u16) -> String {
    fn push_number(out: &mut String, n: u16) {
        if n >= 100 {
            out.push(char::from(b'0' + (n / 100 % 10) as u8));
        }
        if n >= 10 {
            out.push(char::from(b'0' + (n / 10 % 10) as u8));
        }
        out.push(char::from(b'0' + (n % 10) as u8));
    }
    let mut out = String::with_capacity(9);
    out.push(class);
    out.push('.');
    push_number(&mut out, subject);
    out.push('.');
    push_number(&mut out, detail);
    out
}

/// The enhanced status code: the one right after the reply code, else a `dsn=` value, else the
/// first one in the text.
pub(crate) fn find_status(
    text: &str,
    reply: Option<&Range<usize>>,
) -> Option<(String, Range<usize>)> {
    if let Some(r) = reply {
        let after = &text[r.end..];
        let skip = after.len() - after.trim_start_matches([' ', '-', ':']).len();
        if skip > 0 {
            if let Some(s) = status_at(text, r.end + skip, true) {
                return Some(s);
            }
        }
    }
    for key in ["dsn=", "dsn: ", "status: "] {
        if let Some(p) = find_ignoring_case(text, key) {
            let at = p + key.len();
            if let Ok((rest, (c, s, d))) = status_code(&text[at..]) {
                return Some((status_string(c, s, d), at..text.len() - rest.len()));
            }
        }
    }
    let bytes = text.as_bytes();
    let mut all = (0..bytes.len())
        // A class digit and its full stop (what `status_code` reads first), tested here.
        .filter(|&i| matches!(bytes[i], b'2' | b'4' | b'5') && bytes.get(i + 1) == Some(&b'.'))
        .filter_map(|i| status_at(text, i, false));
    let first = all.next()?;
    // `5.1.0 - Unknown address error '5.7.1 ...'` (Amazon SES): a summary code, a dash, then the
    // remote server's own reply; the remote status is the one that counts.
    if text[first.1.end..].starts_with(" - ") {
        if let Some(remote) = all.next() {
            return Some(remote);
        }
    }
    Some(first)
}

/// Where the lower-case ASCII `key` first occurs in `text`, ignoring ASCII case, without a
/// lower-cased copy of the text: its first byte that is not a letter (the keys have one: `=`,
/// `:`) is searched for, and the key compared around each one found.
fn find_ignoring_case(text: &str, key: &str) -> Option<usize> {
    let (t, k) = (text.as_bytes(), key.as_bytes());
    let a = k.iter().position(|b| !b.is_ascii_alphabetic())?;
    let mut from = a;
    loop {
        let at = crate::input::find_byte(t, from, k[a]);
        if at >= t.len() {
            return None;
        }
        let s = at - a;
        if t.get(s..s + k.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(k))
        {
            return Some(s);
        }
        from = at + 1;
    }
}

/// Words before the command a reply answered ("in reply to RCPT TO").
const LEADS: [&str; 7] = [
    "in reply to ",
    "after ",
    "did not like our ",
    "while sending ",
    "in response to ",
    "response to ",
    "rejected our ",
];

/// Words that name the command before saying it was answered: qmail's "RCPT TO response",
/// Yahoo's "[RCPT_TO]", X3's "SMTP:RCPT host", IMail's "DATA command generated response".
const NAMED: [(&str, &str); 7] = [
    ("rcpt to response", "RCPT"),
    ("does not like recipient", "RCPT"),
    ("[rcpt_to]", "RCPT"),
    ("smtp:rcpt host", "RCPT"),
    ("rcpt to command generated response", "RCPT"),
    ("data command generated response", "DATA"),
    ("for text command", "DATA"),
];

/// The SMTP command the reply answered, in upper case (`RCPT`, `MAIL`, `DATA`, ...).
pub(crate) fn find_command(hay: &Haystack<'_>) -> Option<&'static str> {
    let lower = hay.lower;
    const CMDS: [(&str, &str); 14] = [
        ("rcpt", "RCPT"),
        ("mail from", "MAIL"),
        ("mail", "MAIL"),
        ("end of data", "DATA"),
        ("final data", "DATA"),
        ("data", "DATA"),
        ("message", "DATA"),
        ("ehlo", "EHLO"),
        ("helo", "HELO"),
        ("starttls", "STARTTLS"),
        ("auth", "AUTH"),
        ("bdat", "BDAT"),
        ("initial connection", "CONN"),
        ("connect", "CONN"),
    ];
    let (named, leads) = (&keys().named, &keys().leads);
    if let Some((_, c)) = NAMED
        .iter()
        .enumerate()
        .find(|(i, _)| hay.find_word(named, *i, 0).is_some())
        .map(|(_, n)| n)
    {
        return Some(c);
    }
    if let Some(c) = transcript_command(lower) {
        return Some(c);
    }
    for (i, lead) in LEADS.iter().enumerate() {
        if !hay.has_pairs(leads.pairs(i)) {
            continue;
        }
        let mut from = 0;
        while let Some(p) = leads.find(i, lower, from) {
            let at = p + lead.len();
            let rest = lower[at..].trim_start_matches(['<', ' ']);
            let rest = rest.strip_prefix("the ").unwrap_or(rest);
            let rest = rest.strip_prefix("smtp ").unwrap_or(rest);
            if let Some((_, c)) = CMDS.iter().find(|(w, _)| {
                rest.starts_with(w)
                    && !rest
                        .as_bytes()
                        .get(w.len())
                        .is_some_and(|b| b.is_ascii_alphabetic())
            }) {
                return Some(c);
            }
            from = at;
        }
    }
    None
}

/// In a session transcript (`>>> RCPT TO:<a@b>` then `<<< 550 ...`), the last command sent before
/// the first failure reply (4xx or 5xx).
fn transcript_command(lower: &str) -> Option<&'static str> {
    find_short(lower, ">>> ", 0)?;
    let mut last: Option<&'static str> = None;
    // Lines may have been joined into one: read the marks in order wherever they stand.
    let mut rest = lower;
    while let Some(p) = rest.find(['>', '<']) {
        let t = &rest[p..];
        rest = &rest[p + 1..];
        if let Some(cmd) = t.strip_prefix(">>> ") {
            let cmd = cmd.trim_start();
            last = [
                ("rcpt", "RCPT"),
                ("mail", "MAIL"),
                ("data", "DATA"),
                ("ehlo", "EHLO"),
                ("helo", "HELO"),
                ("starttls", "STARTTLS"),
                ("auth", "AUTH"),
                ("bdat", "BDAT"),
                ("quit", "QUIT"),
            ]
            .iter()
            .find(|(w, _)| cmd.starts_with(w))
            .map(|(_, c)| *c)
            .or(last);
        } else if let Some(reply) = t.strip_prefix("<<< ") {
            if reply.trim_start().starts_with(['4', '5']) && last.is_some() {
                return last;
            }
        }
    }
    None
}

fn host_token(text: &str, at: usize) -> Option<&str> {
    let t = &text[at..];
    let end = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_'))
        .unwrap_or(t.len());
    let h = t[..end].trim_end_matches('.');
    let name = h.contains('.') && h.bytes().any(|b| b.is_ascii_alphabetic()) && h.len() <= 253;
    // qmail names the host by its address: "remote host 192.0.2.32 said".
    (name || crate::syntax::ip::ipv4(h).is_some()).then_some(h)
}

/// Words before the remote host's name.
const HOST_KEYS: [&str; 6] = [
    "relay=",
    "remote-mta: dns;",
    "host ",
    "refused by ",
    "connect to ",
    "connected to ",
];

/// The remote host named in the text (`host mx.example.com[192.0.2.1] said`, `relay=...`, ...).
pub(crate) fn find_remote_host<'a>(text: &'a str, hay: &Haystack<'_>) -> Option<&'a str> {
    let lower = hay.lower;
    let words = &keys().hosts;
    for (i, key) in HOST_KEYS.iter().enumerate() {
        if !hay.has_pairs(words.pairs(i)) {
            continue;
        }
        let mut from = 0;
        while let Some(p) = words.find(i, lower, from) {
            let start = p;
            let mut at = start + key.len();
            at += lower[at..].len() - lower[at..].trim_start().len();
            if start == 0 || !lower.as_bytes()[start - 1].is_ascii_alphanumeric() {
                if let Some(h) = host_token(text, at) {
                    return Some(h);
                }
            }
            from = at;
        }
    }
    None
}

/// The lower-cased text of a reply with a filter of the byte pairs it contains. A pattern can only
/// occur if every adjacent pair of its bytes does, so most of the hundreds of patterns are ruled
/// out in a few nanoseconds without searching the text.
pub(crate) struct Haystack<'a> {
    /// The ASCII-lower-cased text (same byte offsets as the original).
    pub lower: &'a str,
    pairs: [u64; 64],
}

/// The key of a pattern without a byte pair (one byte long): never rules it out.
pub(crate) const NO_KEY: u16 = u16::MAX;

/// How often a byte is expected in reply text, roughly (English letter frequencies; the space
/// most, then the punctuation of replies and addresses; bytes of other scripts seldom).
fn commonness(c: u8) -> u32 {
    // A table: find_short's anchor search looks up every byte of its needle on each call.
    u32::from(COMMONNESS[usize::from(c)])
}

const COMMONNESS: [u8; 256] = {
    const LETTERS: &[u8] = b"zqjxkvbywgpfmucdlhrsnioate ";
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let l = (c as u8).to_ascii_lowercase();
        t[c] = match l {
            b'0'..=b'9' | b'.' | b':' | b'-' | b'@' | b'<' | b'>' | b'/' => 14,
            _ if l.is_ascii_lowercase() || l == b' ' => {
                let mut p = 0;
                while LETTERS[p] != l {
                    p += 1;
                }
                p as u8 + 4
            }
            _ if l.is_ascii() => 4,
            _ => 1,
        };
        c += 1;
    }
    t
};

/// The byte pair of `pattern` (lower case, `*` between pieces) least likely in ordinary text, as
/// a [`pair_bit`] index: one bit test of [`Haystack::has_key`] rules most patterns out before
/// their every pair is looked at. [`NO_KEY`] when the pattern has no pair.
pub(crate) fn key_of(pattern: &str) -> u16 {
    let mut best = (u32::MAX, NO_KEY);
    for w in pattern.as_bytes().windows(2) {
        if w[0] == b'*' || w[1] == b'*' {
            continue;
        }
        let score = commonness(w[0]) + commonness(w[1]);
        if score < best.0 {
            let bit = pair_bit(w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase());
            best = (score, bit as u16);
        }
    }
    best.1
}

/// A reason pattern with its key.
pub(crate) struct Keyed {
    pub reason: crate::tables::Reason,
    /// As written in `data/reason-patterns.tsv` (a strong one with its `!`).
    pub pattern: &'static str,
    pub key: u16,
    /// The pattern's next rarest pair after its key ([`second_key`]).
    pub second: u16,
    /// Every byte pair of the pattern (as [`pair_bit`]s), the rarest first: a text without one
    /// of them cannot hold the pattern, and most candidates fail at the first or second test.
    pub pairs: Box<[u16]>,
    /// Natively, a memmem searcher for each piece of the pattern (between its `*`s), built once:
    /// setting one up for each search cost more than most searches of a reply.
    #[cfg(not(target_arch = "wasm32"))]
    pieces: Box<[memchr::memmem::Finder<'static>]>,
}

impl Keyed {
    fn new(reason: crate::tables::Reason, pattern: &'static str) -> Keyed {
        let bare = pattern.strip_prefix('!').unwrap_or(pattern);
        Keyed {
            reason,
            pattern,
            key: key_of(bare),
            second: second_key(key_of(bare), &pairs_of(bare)),
            pairs: pairs_of(bare),
            #[cfg(not(target_arch = "wasm32"))]
            pieces: bare
                .split('*')
                .map(|p| memchr::memmem::Finder::new(p.as_bytes()))
                .collect(),
        }
    }

    /// The pattern occurs in `lower` ([`matches_pattern`]).
    fn occurs_in(&self, lower: &str) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let mut at = 0;
            for f in self.pieces.iter() {
                match lower.as_bytes().get(at..).and_then(|rest| f.find(rest)) {
                    Some(p) => at += p + f.needle().len(),
                    None => return false,
                }
            }
            true
        }
        #[cfg(target_arch = "wasm32")]
        matches_pattern(
            lower,
            self.pattern.strip_prefix('!').unwrap_or(self.pattern),
        )
    }
}

/// The pair after a pattern's key among its pairs (rarest first), or [`NO_KEY`]: a second bit
/// test that [`KeyIndex::candidates`] makes before a pattern is a candidate (with the key alone,
/// a reply let through some 35 patterns, each then tested pair by pair).
fn second_key(key: u16, pairs: &[u16]) -> u16 {
    pairs.iter().copied().find(|&p| p != key).unwrap_or(NO_KEY)
}

/// The distinct byte pairs of `pattern` (lower case, `*` between pieces), rarest first.
fn pairs_of(pattern: &str) -> Box<[u16]> {
    // Insertion by score: patterns are a few dozen bytes, and a sort routine would cost the
    // WASM package more than this loop.
    let mut out: Vec<(u32, u16)> = Vec::new();
    for w in pattern.as_bytes().windows(2) {
        if w[0] == b'*' || w[1] == b'*' {
            continue;
        }
        let bit = pair_bit(w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase()) as u16;
        if out.iter().any(|&(_, b)| b == bit) {
            continue;
        }
        let score = commonness(w[0]) + commonness(w[1]);
        let at = out
            .iter()
            .position(|&(s, _)| s > score)
            .unwrap_or(out.len());
        out.insert(at, (score, bit));
    }
    out.into_iter().map(|(_, b)| b).collect()
}

/// The words of a table that is searched for in every bounce (agent markers, the markers of a
/// failure, of the quoted original, of the command), with what searching for them needs worked
/// out once: their byte pairs ([`pairs_of`], rarest first), and natively a memmem searcher each.
/// [`Haystack::may_contain`] works out every pair of its needle on each call and tests them in the
/// needle's order, and memmem sets up a searcher on each call; with the rarest pair first, a text
/// without the word is mostly ruled out at the first test.
pub(crate) struct Words {
    words: Box<[&'static str]>,
    pairs: Box<[Box<[u16]>]>,
    #[cfg(not(target_arch = "wasm32"))]
    finders: Box<[memchr::memmem::Finder<'static>]>,
}

impl Words {
    pub(crate) fn new(words: &[&'static str]) -> Words {
        Words::from_fn(words.len(), &|i| words[i])
    }

    /// The words `word(0)` to `word(n - 1)`: a table of tuples gives its words this way (not
    /// generic: one copy of this code in the WASM package, whatever the table).
    pub(crate) fn from_fn(n: usize, word: &dyn Fn(usize) -> &'static str) -> Words {
        let words: Box<[&'static str]> = (0..n).map(word).collect();
        Words {
            pairs: words.iter().map(|w| pairs_of(w)).collect(),
            #[cfg(not(target_arch = "wasm32"))]
            finders: words
                .iter()
                .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
                .collect(),
            words,
        }
    }

    /// The pairs of the `i`th word (none, which rules nothing out, past the end).
    pub(crate) fn pairs(&self, i: usize) -> &[u16] {
        self.pairs.get(i).map_or(&[], |p| p)
    }

    /// [`find_short`] of the `i`th word in `text` (None past the end of the list).
    // Called from many places: one copy in the size-optimised WASM build.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(crate) fn find(&self, i: usize, text: &str, from: usize) -> Option<usize> {
        let word = self.words.get(i)?;
        #[cfg(not(target_arch = "wasm32"))]
        if !word.is_empty() {
            return self.finders[i]
                .find(text.as_bytes().get(from..)?)
                .map(|p| p + from);
        }
        find_short(text, word, from)
    }
}

/// The patterns decode_smtp tries on every reply, with their keys, computed once: the strong
/// reason patterns, then the ordinary ones (each list in reason order, as the cascade tries
/// them), the provider rules and the provider markers (in their tables' order); and the words
/// the scanners, decode_smtp's and the bounce reader's, look for, with their pairs.
pub(crate) struct Keys {
    pub strong: Vec<Keyed>,
    pub ordinary: Vec<Keyed>,
    /// The provider rules' patterns (`data/provider-rules.tsv`), each with its byte pairs.
    pub rules: Words,
    /// The provider markers, as [`find_provider`] looks for them.
    marker_words: Words,
    /// [`NAMED`] and [`LEADS`] ([`find_command`]), [`HOST_KEYS`] ([`find_remote_host`]).
    named: Words,
    leads: Words,
    hosts: Words,
    /// decode_smtp's [`CONSEQUENCES`](super::CONSEQUENCES), then its
    /// [`QUOTE_MARKERS`](super::QUOTE_MARKERS).
    pub why: Words,
    /// The bounce reader's marker tables (left out of the build that measures the package
    /// without bounces: scripts/size-split.sh).
    #[cfg(not(deliverkit_omit = "bounce"))]
    pub bounce: crate::bounce::BounceWords,
    /// The markers' keys and second keys (the tests compare [`KeyIndex`] with them).
    #[cfg_attr(not(test), allow(dead_code))]
    markers: Vec<(u16, u16)>,
    /// The reason patterns (the strong, then the ordinary) and the markers, indexed by key.
    pub reason_index: KeyIndex,
    marker_index: KeyIndex,
}

/// How many patterns a [`KeyIndex`] holds at most (in 64-bit words).
const CANDIDATE_WORDS: usize = 16;

/// A list of patterns by key: for each byte pair, the patterns that pair is the key of. A text's
/// candidates are then found from the pairs it has in common with the keys (a few dozen words
/// ANDed), not by testing every pattern's key in turn (hundreds of tests a reply).
pub(crate) struct KeyIndex {
    /// The pair bits that are the key of some pattern.
    mask: [u64; 64],
    /// For pair bit `b`, the patterns it keys are `order[offsets[b]..offsets[b + 1]]`.
    offsets: Vec<u32>,
    order: Vec<u16>,
    /// The second key of the pattern at the same place in `order` (its key when it has none).
    second: Vec<u16>,
    /// The patterns without a key (one byte long): always candidates.
    always: [u64; CANDIDATE_WORDS],
}

impl KeyIndex {
    /// An index of patterns by `(key, second key)`.
    fn new(keys: &[(u16, u16)]) -> KeyIndex {
        assert!(
            keys.len() <= CANDIDATE_WORDS * 64,
            "{} patterns",
            keys.len()
        );
        let mut mask = [0u64; 64];
        let mut always = [0u64; CANDIDATE_WORDS];
        // A counting sort of the patterns by key: how many per key, where each key's run
        // starts, then the patterns into their runs in list order.
        let mut offsets = vec![0u32; 64 * 64 + 1];
        for (i, &(k, _)) in keys.iter().enumerate() {
            if k == NO_KEY {
                always[i / 64] |= 1 << (i % 64);
            } else {
                mask[usize::from(k >> 6)] |= 1 << (k & 63);
                offsets[usize::from(k) + 1] += 1;
            }
        }
        for b in 1..offsets.len() {
            offsets[b] += offsets[b - 1];
        }
        let mut next = offsets.clone();
        let mut order = vec![0u16; offsets[64 * 64] as usize];
        let mut second = vec![NO_KEY; order.len()];
        for (i, &(k, s)) in keys.iter().enumerate() {
            if k != NO_KEY {
                let slot = &mut next[usize::from(k)];
                order[*slot as usize] = i as u16;
                // Without a second pair, the key itself (present wherever the run is read).
                second[*slot as usize] = if s == NO_KEY { k } else { s };
                *slot += 1;
            }
        }
        KeyIndex {
            mask,
            offsets,
            order,
            second,
            always,
        }
    }

    /// The positions of the patterns whose key and second key occur in the text, in list order:
    /// exactly those for which [`Haystack::has_key`] holds of both.
    pub(crate) fn candidates(&self, hay: &Haystack<'_>) -> Candidates {
        let mut set = self.always;
        for (w, (&m, &p)) in self.mask.iter().zip(&hay.pairs).enumerate() {
            let mut bits = m & p;
            while bits != 0 {
                let b = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let run = self.offsets[b] as usize..self.offsets[b + 1] as usize;
                for (&i, &s) in self.order[run.clone()].iter().zip(&self.second[run]) {
                    // Without a branch: whether the second pair occurs is hard to predict.
                    let has = (hay.pairs[usize::from(s >> 6) & 63] >> (s & 63)) & 1;
                    set[usize::from(i) / 64] |= has << (i % 64);
                }
            }
        }
        Candidates { set, word: 0 }
    }
}

/// Pattern positions, in increasing order (see [`KeyIndex::candidates`]).
pub(crate) struct Candidates {
    set: [u64; CANDIDATE_WORDS],
    word: usize,
}

impl Iterator for Candidates {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        while let Some(bits) = self.set.get_mut(self.word) {
            if *bits != 0 {
                let t = bits.trailing_zeros() as usize;
                *bits &= *bits - 1;
                return Some(self.word * 64 + t);
            }
            self.word += 1;
        }
        None
    }
}

pub(crate) fn keys() -> &'static Keys {
    static KEYS: std::sync::OnceLock<Keys> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let all = crate::tables::REASON_PATTERNS
            .iter()
            .flat_map(|(r, ps)| ps.iter().map(|p| Keyed::new(*r, p)));
        let (strong, ordinary): (Vec<Keyed>, Vec<Keyed>) =
            all.partition(|k| k.pattern.starts_with('!'));
        let markers: Vec<(u16, u16)> = MARKERS
            .iter()
            .map(|m| {
                let lit = match m.kind {
                    MarkerKind::Code => code_literal(m.value),
                    _ => m.value,
                };
                let key = key_of(lit);
                (key, second_key(key, &pairs_of(lit)))
            })
            .collect();
        let mut reasons = Vec::with_capacity(strong.len() + ordinary.len());
        for k in strong.iter() {
            reasons.push((k.key, k.second));
        }
        for k in ordinary.iter() {
            reasons.push((k.key, k.second));
        }
        Keys {
            reason_index: KeyIndex::new(&reasons),
            marker_index: KeyIndex::new(&markers),
            strong,
            ordinary,
            rules: Words::from_fn(PROVIDER_RULES.len(), &|i| PROVIDER_RULES[i].pattern),
            // A code marker's literal start (its pairs): the shape's digits are not in them.
            marker_words: Words::from_fn(MARKERS.len(), &|i| match MARKERS[i].kind {
                MarkerKind::Code => code_literal(MARKERS[i].value),
                _ => MARKERS[i].value,
            }),
            named: Words::from_fn(NAMED.len(), &|i| NAMED[i].0),
            leads: Words::new(&LEADS),
            hosts: Words::new(&HOST_KEYS),
            why: Words::from_fn(
                super::CONSEQUENCES.len() + super::QUOTE_MARKERS.len(),
                &|i| match super::CONSEQUENCES.get(i) {
                    Some(c) => c,
                    None => super::QUOTE_MARKERS[i - super::CONSEQUENCES.len()],
                },
            ),
            #[cfg(not(deliverkit_omit = "bounce"))]
            bounce: crate::bounce::BounceWords::new(),
            markers,
        }
    })
}

/// The literal start of a provider-code shape (`TSS##` -> `TSS`).
fn code_literal(shape: &str) -> &str {
    let end = shape
        .bytes()
        .position(|b| matches!(b, b'#' | b'%' | b'$'))
        .unwrap_or(shape.len());
    &shape[..end]
}

/// A byte pair folded into 12 bits (the low six bits of each byte: distinct for lower-case
/// letters and digits; collisions only let a pattern through to the real search).
fn pair_bit(a: u8, b: u8) -> usize {
    (usize::from(a & 0x3f) << 6) | usize::from(b & 0x3f)
}

impl<'a> Haystack<'a> {
    pub(crate) fn new(lower: &'a str) -> Haystack<'a> {
        // A pair's bit is bit (second & 0x3f) of word (first & 0x3f): see `pair_bit`.
        let mut pairs = [0u64; 64];
        if let Some((&first, rest)) = lower.as_bytes().split_first() {
            let mut prev = usize::from(first & 0x3f);
            for &c in rest {
                let cur = c & 0x3f;
                pairs[prev] |= 1 << cur;
                prev = usize::from(cur);
            }
        }
        Haystack { lower, pairs }
    }

    fn has_pair(&self, a: u8, b: u8) -> bool {
        let i = pair_bit(a.to_ascii_lowercase(), b.to_ascii_lowercase());
        self.pairs[i >> 6] & (1 << (i & 63)) != 0
    }

    /// Whether the pair a [`key_of`] names occurs in the text (always true for [`NO_KEY`]).
    #[cfg(test)]
    pub(crate) fn has_key(&self, key: u16) -> bool {
        key == NO_KEY || self.pairs[usize::from(key >> 6)] & (1 << (key & 63)) != 0
    }

    /// Whether `needle` may occur in the text, ignoring ASCII case (false means it does not).
    pub(crate) fn may_contain(&self, needle: &str) -> bool {
        needle
            .as_bytes()
            .windows(2)
            .all(|w| w[0] == b'*' || w[1] == b'*' || self.has_pair(w[0], w[1]))
    }

    /// Whether the text has every one of these pair bits (a word's [`Words::pairs`]).
    // Called from many places: one copy in the size-optimised WASM build.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(crate) fn has_pairs(&self, pairs: &[u16]) -> bool {
        pairs
            .iter()
            .all(|&b| self.pairs[usize::from(b >> 6)] & (1 << (b & 63)) != 0)
    }

    /// [`Haystack::find`] for the `i`th of a table's [`Words`].
    // Called from many places: one copy in the size-optimised WASM build.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(crate) fn find_word(&self, words: &Words, i: usize, from: usize) -> Option<usize> {
        if self.has_pairs(words.pairs(i)) {
            words.find(i, self.lower, from)
        } else {
            None
        }
    }

    /// Where the lower-case `needle` occurs in the text at or after `from`.
    pub(crate) fn find(&self, needle: &str, from: usize) -> Option<usize> {
        if self.may_contain(needle) {
            find_short(self.lower, needle, from)
        } else {
            None
        }
    }

    /// The [`Keyed`] pattern occurs in the text: its pairs are tested first, from the rarest.
    pub(crate) fn matches_keyed(&self, k: &Keyed) -> bool {
        self.has_pairs(&k.pairs) && k.occurs_in(self.lower)
    }

    /// `pattern` (lower case, `*` between ordered pieces) occurs in the text.
    #[cfg(test)]
    pub(crate) fn matches(&self, pattern: &str) -> bool {
        self.may_contain(pattern) && matches_pattern(self.lower, pattern)
    }
}

/// `pattern` (lower case, `*` between ordered pieces) occurs in `lower`.
pub(crate) fn matches_pattern(lower: &str, pattern: &str) -> bool {
    let mut at = 0;
    for piece in pattern.split('*') {
        match find_short(lower, piece, at) {
            Some(p) => at = p + piece.len(),
            None => return false,
        }
    }
    true
}

/// Where `needle` (short) first occurs in `hay` at or after `from`. A match of a whole UTF-8
/// needle in UTF-8 text is on character boundaries, so the bytes can be compared as they are.
///
/// Natively, on a long text: memchr's `memmem`, whose vector prefilter tests two of the
/// needle's bytes at once across 32 bytes of text, so far fewer candidates reach a comparison
/// than with one anchor byte; on a shorter one, and in WASM, [`find_short_anchor`].
pub(crate) fn find_short(hay: &str, needle: &str, from: usize) -> Option<usize> {
    // memmem sets up a searcher on each call (ranking the needle's bytes, a Two-Way table),
    // 6% of decode_bounce's time when every search used it: on a text of up to a few KB the
    // anchor byte search (over memchr) costs less (callgrind over set-of-emails/maildir/bsd:
    // 2% fewer instructions at 2 KB than at 512 bytes, 4% fewer than memmem always).
    #[cfg(not(target_arch = "wasm32"))]
    if !needle.is_empty() && hay.len().saturating_sub(from) >= MEMMEM_FROM {
        return memchr::memmem::find(&hay.as_bytes()[from..], needle.as_bytes()).map(|p| p + from);
    }
    find_short_anchor(hay, needle, from)
}

/// The text length from which the native [`find_short`] uses memmem.
#[cfg(not(target_arch = "wasm32"))]
const MEMMEM_FROM: usize = 2048;

/// [`find_short`] on a short text, and in WASM: the needle's least common byte (by
/// [`commonness`]: the `y` of "in reply to ", not its `i`) is found by
/// [`crate::input::find_byte`], then the needle compared around it. For the short needles of
/// replies and bounces this beats setting up a searcher per search, it meets far fewer
/// candidates than searching for the needle's first byte did, and it stays linear in the text
/// for a needle of bounded length.
fn find_short_anchor(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(from);
    }
    let h = hay.as_bytes();
    // The anchor: the rarest byte, the first of equals.
    let (k, &anchor) = n
        .iter()
        .enumerate()
        .min_by_key(|&(_, &b)| commonness(b))
        .unwrap_or((0, &n[0]));
    let mut start = from;
    while start + n.len() <= h.len() {
        let at = crate::input::find_byte(h, start + k, anchor);
        if at + (n.len() - k) > h.len() {
            return None;
        }
        let s = at - k;
        if h[s] == n[0] && h[s + n.len() - 1] == n[n.len() - 1] && &h[s..s + n.len()] == n {
            return Some(s);
        }
        start = s + 1;
    }
    None
}

fn shape_match(text: &str, at: usize, shape: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = at;
    for s in shape.bytes() {
        match s {
            b'#' => {
                if !b.get(i)?.is_ascii_digit() {
                    return None;
                }
                i += 1;
            }
            b'%' | b'$' => {
                let ok = |c: u8| {
                    if s == b'%' {
                        c.is_ascii_digit()
                    } else {
                        c.is_ascii_uppercase()
                    }
                };
                let start = i;
                while b.get(i).is_some_and(|&c| ok(c)) {
                    i += 1;
                }
                if i == start {
                    return None;
                }
            }
            lit => {
                if *b.get(i)? != lit {
                    return None;
                }
                i += 1;
            }
        }
    }
    Some(i)
}

/// A piece of text found in the input and where it stands.
pub(crate) type Found = (String, Range<usize>);

/// The provider that answered, as an index into `PROVIDERS`, and the provider code if one was seen.
pub(crate) fn find_provider(text: &str, hay: &Haystack<'_>) -> Option<(usize, Option<Found>)> {
    let bytes = text.as_bytes();
    let boundary = |i: usize| i >= bytes.len() || !(bytes[i].is_ascii_alphanumeric());
    let keys = keys();
    for (m, pairs) in keys
        .marker_index
        .candidates(hay)
        .map(|i| (&MARKERS[i], keys.marker_words.pairs(i)))
    {
        if !hay.has_pairs(pairs) {
            continue;
        }
        match m.kind {
            MarkerKind::Code => {
                let lit = code_literal(m.value);
                let mut from = 0;
                while let Some(at) = find_short(text, lit, from) {
                    if at == 0 || boundary(at - 1) || lit.starts_with(['(', '[']) {
                        if let Some(end) = shape_match(text, at, m.value) {
                            if boundary(end) || m.value.ends_with([')', ']']) {
                                let code = text[at..end]
                                    .trim_matches(|c| c == '(' || c == ')' || c == '[' || c == ']');
                                let code = if m.value.starts_with('(') {
                                    code
                                } else {
                                    &text[at..end]
                                };
                                return Some((m.provider, Some((code.to_string(), at..end))));
                            }
                        }
                    }
                    from = at + lit.len().max(1);
                }
            }
            MarkerKind::Host => {
                if !matches_pattern(hay.lower, m.value) {
                    continue;
                }
                let mut from = 0;
                while let Some(at) = find_short(hay.lower, m.value, from) {
                    let end = at + m.value.len();
                    let before_ok = at == 0 || {
                        let c = bytes[at - 1];
                        !(c.is_ascii_alphanumeric() || c == b'-')
                    };
                    let after_ok = end >= bytes.len()
                        || !(bytes[end].is_ascii_alphanumeric() || bytes[end] == b'-');
                    if before_ok && after_ok {
                        return Some((m.provider, None));
                    }
                    from = end;
                }
            }
            MarkerKind::Text => {
                if matches_pattern(hay.lower, m.value) {
                    return Some((m.provider, None));
                }
            }
        }
    }
    None
}

/// The provider a host name belongs to (`mx1.hotmail.com` -> microsoft), by the host markers.
pub(crate) fn provider_of_host(host: &str) -> Option<usize> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    MARKERS
        .iter()
        .filter(|m| m.kind == MarkerKind::Host)
        .find(|m| {
            host == m.value
                || host
                    .strip_suffix(m.value)
                    .is_some_and(|rest| rest.ends_with('.'))
        })
        .map(|m| m.provider)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::PROVIDERS;

    /// The status text is the numbers as parsed, whatever zeros the input wrote before them.
    #[test]
    fn status_string_writes_the_parsed_numbers() {
        for (c, s, d) in [
            ('5', 1, 1),
            ('4', 7, 0),
            ('2', 0, 0),
            ('5', 10, 999),
            ('4', 100, 25),
        ] {
            assert_eq!(status_string(c, s, d), format!("{c}.{s}.{d}"));
        }
        assert_eq!(find_status("550 5.01.001 no", None).unwrap().0, "5.1.1");
        assert_eq!(find_status("dsn=4.040.10", None).unwrap().0, "4.40.10");
    }

    /// The byte pairs a Haystack records are every adjacent pair of its text, whatever its length.
    #[test]
    fn haystack_pairs_are_every_adjacent_pair() {
        let mut next = crate::testing::xorshift(0x51_7cc1_b727_220a);
        for len in 0..200 {
            let text: String = (0..len)
                .map(|_| char::from(b"ab e=.\n5x"[(next() % 9) as usize]))
                .collect();
            let mut want = [0u64; 64];
            for w in text.as_bytes().windows(2) {
                let i = pair_bit(w[0], w[1]);
                want[i >> 6] |= 1 << (i & 63);
            }
            assert_eq!(Haystack::new(&text).pairs, want, "{text:?}");
        }
    }

    /// The native find_short (memchr's memmem) and the WASM build's (an anchor byte) give the
    /// same answer as a plain search, for needles of the scanners' kind and from every start.
    #[test]
    fn find_short_agrees_with_a_plain_search() {
        let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
        let alphabet = [
            "a",
            "b",
            "y",
            " ",
            "\n",
            ".",
            "é",
            "550",
            "5.1.1",
            "in reply to ",
        ];
        for _ in 0..3_000 {
            // A third of the texts are long enough for memmem, the rest take the anchor search.
            let long = next() % 3 == 0;
            let mut piece = |max: u64| -> String {
                let n = next() % max;
                (0..n)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            };
            let hay = if long {
                "z".repeat(MEMMEM_FROM) + &piece(40)
            } else {
                piece(40)
            };
            let needle = piece(4);
            let words = Words::new(&[&*Box::leak(needle.clone().into_boxed_str())]);
            let froms: Vec<usize> = if long {
                (0..4).chain(MEMMEM_FROM - 4..=hay.len() + 1).collect()
            } else {
                (0..=hay.len() + 1).collect()
            };
            for from in froms {
                let n = needle.as_bytes();
                let want = if n.is_empty() {
                    Some(from)
                } else {
                    hay.as_bytes()
                        .get(from..)
                        .and_then(|r| r.windows(n.len()).position(|w| w == n))
                        .map(|p| p + from)
                };
                assert_eq!(
                    find_short(&hay, &needle, from),
                    want,
                    "{hay:?} {needle:?} {from}"
                );
                assert_eq!(
                    find_short_anchor(&hay, &needle, from),
                    want,
                    "{hay:?} {needle:?} {from}"
                );
                // The same needle as a table's word: its searcher and pairs worked out once.
                assert_eq!(words.find(0, &hay, from), want, "{hay:?} {needle:?} {from}");
                assert_eq!(
                    Haystack::new(&hay).find_word(&words, 0, from),
                    want,
                    "{hay:?} {needle:?} {from}"
                );
            }
        }
    }

    /// The search that ignores case finds what a search of the lower-cased text finds.
    #[test]
    fn find_ignoring_case_agrees_with_a_search_of_the_lower_cased_text() {
        let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1d);
        let alphabet = ["d", "D", "s", "S", "n", "=", ":", " ", "é", "status", "dsn"];
        for _ in 0..5_000 {
            let n = next() % 12;
            let text: String = (0..n)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            for key in ["dsn=", "dsn: ", "status: ", "=", " x"] {
                assert_eq!(
                    find_ignoring_case(&text, key),
                    text.to_ascii_lowercase().find(key),
                    "{text:?} {key:?}"
                );
            }
        }
    }

    /// The index gives exactly the patterns whose key the text has, in list order, on every line
    /// of the SMTP corpora and on texts that hold every pattern.
    #[test]
    fn key_index_candidates_are_the_patterns_whose_key_occurs() {
        let k = keys();
        let mut texts: Vec<String> = Vec::new();
        for f in ["provider_replies.tsv", "expected.tsv"] {
            let path = format!("{}/../shared/corpora/smtp/{f}", env!("CARGO_MANIFEST_DIR"));
            let t = std::fs::read_to_string(path).unwrap();
            texts.extend(t.lines().map(str::to_ascii_lowercase));
        }
        texts.extend(k.ordinary.iter().map(|x| x.pattern.replace('*', " ")));
        texts.push(String::new());
        let lists: [(&KeyIndex, Vec<(u16, u16)>); 2] = [
            (
                &k.reason_index,
                k.strong
                    .iter()
                    .chain(&k.ordinary)
                    .map(|x| (x.key, x.second))
                    .collect(),
            ),
            (&k.marker_index, k.markers.clone()),
        ];
        for t in &texts {
            let hay = Haystack::new(t);
            for (index, keys) in &lists {
                let want: Vec<usize> = (0..keys.len())
                    .filter(|&i| hay.has_key(keys[i].0) && hay.has_key(keys[i].1))
                    .collect();
                let got: Vec<usize> = index.candidates(&hay).collect();
                assert_eq!(got, want, "{t:?}");
            }
        }
        assert!(texts.len() > 1000);
    }

    #[test]
    fn a_key_never_rules_out_a_pattern_that_occurs() {
        let k = keys();
        let written = k
            .strong
            .iter()
            .map(|x| (&x.pattern[1..], x.key, x.second, pairs_of(&x.pattern[1..])))
            .chain(
                k.ordinary
                    .iter()
                    .map(|x| (x.pattern, x.key, x.second, pairs_of(x.pattern))),
            )
            .chain(
                crate::tables::PROVIDER_RULES
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let key = key_of(r.pattern);
                        (
                            r.pattern,
                            key,
                            second_key(key, k.rules.pairs(i)),
                            k.rules.pairs(i).into(),
                        )
                    }),
            );
        let mut n = 0;
        for (pattern, key, second, pairs) in written {
            // The pattern's pieces in a text of their own, in upper case too.
            let text = format!("x {} y", pattern.replace('*', " ... "));
            for t in [text.clone(), text.to_ascii_uppercase()] {
                let lower = t.to_ascii_lowercase();
                let hay = Haystack::new(&lower);
                assert!(hay.matches(pattern), "{pattern:?}");
                assert!(hay.has_key(key), "{pattern:?}: key {key} ruled it out");
                assert!(hay.has_key(second), "{pattern:?}: second key ruled it out");
                assert!(hay.has_pairs(&pairs), "{pattern:?}: its pairs ruled it out");
            }
            n += 1;
        }
        assert!(n > 500, "only {n} patterns");
        for (m, &(key, second)) in MARKERS.iter().zip(&k.markers) {
            let lit = match m.kind {
                MarkerKind::Code => code_literal(m.value),
                _ => m.value,
            };
            let lower = format!("({lit})").to_ascii_lowercase();
            assert!(Haystack::new(&lower).has_key(key), "{:?}", m.value);
            assert!(Haystack::new(&lower).has_key(second), "{:?}", m.value);
        }
        assert_eq!(key_of("a"), NO_KEY);
        assert!(Haystack::new("").has_key(NO_KEY));
    }

    #[test]
    fn reply_codes_in_context() {
        let t = "host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@b>: unknown (in reply to RCPT TO command)";
        let (c, r) = find_reply_code(t).unwrap();
        assert_eq!(c, 550);
        assert_eq!(&t[r.clone()], "550");
        assert_eq!(find_status(t, Some(&r)).unwrap().0, "5.1.1");
        assert_eq!(
            find_command(&Haystack::new(&t.to_ascii_lowercase())),
            Some("RCPT")
        );
        assert_eq!(
            find_remote_host(t, &Haystack::new(&t.to_ascii_lowercase())),
            Some("mx.example.com")
        );
    }

    #[test]
    fn ip_addresses_and_numbers_are_not_codes() {
        assert_eq!(
            find_reply_code("Connection to 192.0.2.250 timed out after 5242880 bytes"),
            None
        );
        assert_eq!(find_status("from 192.0.2.1 at 4.16.55.1;", None), None);
        assert_eq!(
            find_reply_code("[(0) example.com. [2606:2800:220:6d:26bf::aa7]:25: socket error]"),
            None
        );
        assert_eq!(
            find_reply_code("did not like our final DATA:554 5.7.9 policy").map(|c| c.0),
            Some(554)
        );
        let t = "dsn=4.0.0, stat=Deferred: Connection refused by mx.example.com.";
        assert_eq!(find_status(t, None).unwrap().0, "4.0.0");
        assert_eq!(
            find_remote_host(t, &Haystack::new(&t.to_ascii_lowercase())),
            Some("mx.example.com")
        );
    }

    #[test]
    fn provider_codes() {
        let t = "451 4.7.0 Temporary server error. Please try again later. PRX2";
        let (p, code) = find_provider(t, &Haystack::new(&t.to_ascii_lowercase())).unwrap();
        assert_eq!(PROVIDERS[p].id, "microsoft");
        assert_eq!(code.unwrap().0, "PRX2");
        let t =
            "550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus (S3150)";
        let (p, code) = find_provider(t, &Haystack::new(&t.to_ascii_lowercase())).unwrap();
        assert_eq!(
            (PROVIDERS[p].id, code.unwrap().0.as_str()),
            ("microsoft", "S3150")
        );
        let t = "550 Requested action not taken: mailbox unavailable. AS(7171)";
        assert_eq!(
            find_provider(t, &Haystack::new(&t.to_ascii_lowercase()))
                .unwrap()
                .1
                .unwrap()
                .0,
            "AS(7171)"
        );
        let t = "mx.notgoogle.community said 550";
        assert!(find_provider(t, &Haystack::new(&t.to_ascii_lowercase())).is_none());
    }

    #[test]
    fn patterns_with_gaps() {
        assert!(matches_pattern(
            "mail for x loops back to myself",
            "mail for * loops back to myself"
        ));
        assert!(!matches_pattern(
            "loops back to myself mail for",
            "mail for * loops back"
        ));
    }
}
