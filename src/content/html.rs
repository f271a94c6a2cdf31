//! A tolerant, linear-time HTML scanner for mail bodies: the visible text, links, images, forms,
//! scripts, and text hidden from the reader (tiny, same-coloured or hidden blocks). It is not a
//! browser: it reads start and end tags, attributes, comments and character references, which is
//! what content filters look at, and never builds a DOM. Unbalanced markup never panics or loops.

/// A link found in HTML or text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawLink {
    /// The href as written (character references decoded, trimmed).
    pub href: String,
    /// The visible link text (white space collapsed), empty for plain-text URLs.
    pub text: String,
}

/// An image element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawImage {
    /// The `src` attribute.
    pub src: String,
    /// The `alt` attribute.
    pub alt: Option<String>,
    /// Width in pixels, from the attribute or the style.
    pub width: Option<u32>,
    /// Height in pixels, from the attribute or the style.
    pub height: Option<u32>,
    /// Inside a hidden block.
    pub hidden: bool,
}

/// What the scanner found in one HTML document.
#[derive(Clone, Debug, Default)]
pub struct HtmlScan {
    /// The text a reader sees (white space collapsed).
    pub text: String,
    /// Links (`<a href>`, `<area href>`).
    pub links: Vec<RawLink>,
    /// Images (`<img>`).
    pub images: Vec<RawImage>,
    /// `<form>` elements.
    pub forms: usize,
    /// `<script>`, `<object>`, `<embed>`, `<applet>` and `<iframe>` elements.
    pub scripts: usize,
    /// Text with zero or tiny font size (sample, collapsed).
    pub tiny_text: String,
    /// Text coloured like its background (sample, collapsed).
    pub same_colour_text: String,
    /// Text inside hidden blocks (sample, collapsed).
    pub hidden_text: String,
    /// Form-field or link targets in `action`/`formaction` attributes.
    pub form_actions: Vec<String>,
}

/// Samples of hidden text are kept up to this many bytes each.
const SAMPLE: usize = 2000;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "frame", "keygen",
];

/// Elements whose content is not shown as text.
const RAW_TEXT: &[&str] = &["script", "style", "title", "noscript", "template", "xml"];

#[derive(Clone, Default)]
struct Frame {
    tag: String,
    tiny: bool,
    hidden: bool,
    color: Option<String>,
    bg: Option<String>,
}

/// Scan `html`. Linear in its length.
pub fn scan(html: &str) -> HtmlScan {
    let mut out = HtmlScan::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut skip_until: Option<String> = None; // inside script/style: skip to its end tag
    let mut link: Option<(String, String)> = None;
    let b = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b[i] != b'<'
            || !b
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
        {
            i += 1;
            continue;
        }
        // Flush the text before the tag.
        if skip_until.is_none() && text_start < i {
            push_text(&mut out, &stack, &mut link, &html[text_start..i]);
        }
        // Comment.
        if html[i..].starts_with("<!--") {
            i = match html[i + 4..].find("-->") {
                Some(e) => i + 4 + e + 3,
                None => b.len(),
            };
            text_start = i;
            continue;
        }
        let Some((tag_end, next)) = find_tag_end(b, i + 1) else {
            // An unterminated tag: the rest is not text.
            i = b.len();
            text_start = i;
            break;
        };
        let inner = &html[i + 1..tag_end];
        i = next;
        text_start = i;
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/');
        let name_len = inner
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(inner.len());
        let name = inner[..name_len].to_ascii_lowercase();
        if name.is_empty() || name.starts_with('!') || name.starts_with('?') {
            continue;
        }
        if let Some(end) = &skip_until {
            if closing && &name == end {
                skip_until = None;
            }
            continue;
        }
        if closing {
            if name == "a" {
                if let Some((href, text)) = link.take() {
                    out.links.push(RawLink {
                        href,
                        text: collapse(&text),
                    });
                }
            }
            if let Some(pos) = stack.iter().rposition(|f| f.tag == name) {
                stack.truncate(pos);
            }
            if matches!(
                name.as_str(),
                "p" | "div" | "br" | "tr" | "li" | "td" | "h1" | "h2" | "h3"
            ) {
                out.text.push(' ');
            }
            continue;
        }
        let attrs = Attrs(&inner[name_len..]);
        match name.as_str() {
            "script" | "object" | "embed" | "applet" | "iframe" => out.scripts += 1,
            "form" => {
                out.forms += 1;
                if let Some(a) = attrs.get("action") {
                    out.form_actions.push(a);
                }
            }
            _ => {}
        }
        if let Some(a) = attrs.get("formaction") {
            out.form_actions.push(a);
        }
        if RAW_TEXT.contains(&name.as_str()) && !inner.ends_with('/') {
            skip_until = Some(name);
            continue;
        }
        let parent = stack.last().cloned().unwrap_or_default();
        let style = attrs.get("style").unwrap_or_default().to_ascii_lowercase();
        let mut frame = Frame {
            tag: name.clone(),
            tiny: parent.tiny,
            hidden: parent.hidden,
            color: parent.color.clone(),
            bg: parent.bg.clone(),
        };
        if let Some(c) = style_value(&style, "color").or_else(|| {
            (name == "font")
                .then(|| attrs.get("color"))
                .flatten()
                .map(|s| s.to_ascii_lowercase())
        }) {
            frame.color = normalize_colour(&c);
        }
        if let Some(c) = style_value(&style, "background-color")
            .or_else(|| style_value(&style, "background"))
            .or_else(|| attrs.get("bgcolor").map(|s| s.to_ascii_lowercase()))
        {
            if let Some(c) = normalize_colour(&c) {
                frame.bg = Some(c);
            }
        }
        if let Some(fs) = style_value(&style, "font-size") {
            frame.tiny = tiny_size(&fs);
        }
        if name == "font" {
            if let Some(s) = attrs.get("size") {
                // <font size=0> or negative relative sizes that go below 1.
                frame.tiny = matches!(s.trim(), "0" | "-2" | "-3" | "-4" | "-5" | "-6" | "-7");
            }
        }
        if style_value(&style, "display").is_some_and(|v| v.starts_with("none"))
            || style_value(&style, "visibility").is_some_and(|v| v.starts_with("hidden"))
            || style_value(&style, "opacity").is_some_and(|v| v.trim() == "0")
            || style_value(&style, "max-height").is_some_and(|v| tiny_size(&v))
                && style.contains("overflow:hidden")
            || attrs.has("hidden")
        {
            frame.hidden = true;
        }
        match name.as_str() {
            "a" | "area" => {
                if let Some(h) = attrs.get("href") {
                    if name == "area" {
                        out.links.push(RawLink {
                            href: h,
                            text: String::new(),
                        });
                    } else {
                        // A new <a> closes an unclosed one.
                        if let Some((href, text)) = link.take() {
                            out.links.push(RawLink {
                                href,
                                text: collapse(&text),
                            });
                        }
                        link = Some((h, String::new()));
                    }
                }
            }
            "img" => {
                let (sw, sh) = (
                    style_value(&style, "width").and_then(|v| pixels(&v)),
                    style_value(&style, "height").and_then(|v| pixels(&v)),
                );
                let img = RawImage {
                    src: attrs.get("src").unwrap_or_default(),
                    alt: attrs.get("alt"),
                    width: attrs.get("width").and_then(|v| pixels(&v)).or(sw),
                    height: attrs.get("height").and_then(|v| pixels(&v)).or(sh),
                    hidden: frame.hidden,
                };
                if let Some((_, text)) = &mut link {
                    if let Some(alt) = &img.alt {
                        text.push(' ');
                        text.push_str(alt);
                    }
                }
                out.images.push(img);
            }
            "br" | "p" | "div" | "tr" | "li" | "td" | "table" => out.text.push(' '),
            _ => {}
        }
        if !VOID.contains(&name.as_str()) && !inner.ends_with('/') {
            // Bound the stack: broken HTML that never closes must not grow it without end.
            if stack.len() >= 256 {
                stack.remove(0);
            }
            stack.push(frame);
        }
    }
    if skip_until.is_none() && text_start < b.len() {
        push_text(&mut out, &stack, &mut link, &html[text_start..]);
    }
    if let Some((href, text)) = link.take() {
        out.links.push(RawLink {
            href,
            text: collapse(&text),
        });
    }
    out.text = collapse(&out.text);
    out.tiny_text = collapse(&out.tiny_text);
    out.same_colour_text = collapse(&out.same_colour_text);
    out.hidden_text = collapse(&out.hidden_text);
    out
}

fn push_text(out: &mut HtmlScan, stack: &[Frame], link: &mut Option<(String, String)>, raw: &str) {
    let text = decode_entities(raw);
    if text.trim().is_empty() {
        out.text.push_str(&text);
        return;
    }
    let top = stack.last().cloned().unwrap_or_default();
    let sample = |buf: &mut String| {
        if buf.len() < SAMPLE {
            buf.push(' ');
            buf.push_str(&text);
        }
    };
    if top.hidden {
        sample(&mut out.hidden_text);
        return;
    }
    if top.tiny {
        sample(&mut out.tiny_text);
        return;
    }
    let bg = top.bg.as_deref().unwrap_or("#ffffff");
    if top.color.as_deref() == Some(bg) {
        sample(&mut out.same_colour_text);
        return;
    }
    out.text.push_str(&text);
    if let Some((_, t)) = link {
        if t.len() < 4096 {
            t.push_str(&text);
        }
    }
}

/// Where a tag whose name starts at `from` ends (exclusive) and where scanning goes on: after its
/// `>`, or at a stray `<` outside quotes. Quoted attribute values are honoured.
fn find_tag_end(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut quote = 0u8;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            // Quotes only open inside an attribute value (after '=').
            let prev = b[from..i].iter().rev().find(|c| !c.is_ascii_whitespace());
            if prev == Some(&b'=') {
                quote = c;
            }
        } else if c == b'>' {
            return Some((i, i + 1));
        } else if c == b'<' && i > from {
            // A '<' inside a tag outside quotes: the tag ends before it.
            return Some((i, i));
        }
        i += 1;
        if quote != 0 && i - from > 65536 {
            // An unterminated quote: give up on the quote rather than swallow the document.
            quote = 0;
        }
    }
    None
}

/// Attribute list of a start tag.
struct Attrs<'a>(&'a str);

impl Attrs<'_> {
    /// The value of attribute `name` (case-insensitive), character references decoded. URL
    /// attributes lose tabs and line breaks, as browsers drop them (WHATWG URL).
    fn get(&self, name: &str) -> Option<String> {
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| {
                let v = decode_entities(v.trim()).into_owned();
                if matches!(name, "href" | "src" | "action" | "formaction") {
                    v.chars()
                        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                        .collect()
                } else {
                    v
                }
            })
    }
    fn has(&self, name: &str) -> bool {
        self.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }
    fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let s = self.0;
        let b = s.as_bytes();
        let mut i = 0;
        std::iter::from_fn(move || {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() {
                return None;
            }
            let ns = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
                i += 1;
            }
            let name = &s[ns..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let vs = i + 1;
                    let ve = b[vs..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |p| vs + p);
                    i = (ve + 1).min(b.len());
                    return Some((name, &s[vs..ve]));
                }
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                return Some((name, &s[vs..i]));
            }
            if name.is_empty() {
                i += 1;
                return Some(("", ""));
            }
            Some((name, ""))
        })
    }
}

/// The value of a CSS property in a (lower-cased) style attribute.
fn style_value(style: &str, prop: &str) -> Option<String> {
    for decl in style.split(';') {
        if let Some((k, v)) = decl.split_once(':') {
            if k.trim() == prop {
                return Some(v.trim().trim_end_matches("!important").trim().to_string());
            }
        }
    }
    None
}

/// Whether a CSS font-size (or max-height) is zero or too small to read.
fn tiny_size(v: &str) -> bool {
    let v = v.trim();
    // Hundredths of the number, read by hand (no float parsing: it is a few KB of WASM).
    let (mut n, mut frac, mut len) = (0u32, None::<u32>, 0);
    for c in v.bytes() {
        match c {
            b'0'..=b'9' => match &mut frac {
                None => n = n.saturating_mul(10).saturating_add((c - b'0') as u32),
                Some(d) if *d < 2 => {
                    *d += 1;
                    n = n.saturating_mul(10).saturating_add((c - b'0') as u32);
                }
                Some(_) => {}
            },
            b'.' if frac.is_none() => frac = Some(0),
            _ => break,
        }
        len += 1;
    }
    if len == 0 || v[..len] == *"." {
        return false;
    }
    let hundredths = n.saturating_mul(10u32.pow(2 - frac.unwrap_or(0)));
    match v[len..].trim() {
        "" | "px" | "pt" => hundredths < 300,
        "em" | "rem" => hundredths < 25,
        "%" => hundredths < 2500,
        _ => false,
    }
}

fn pixels(v: &str) -> Option<u32> {
    let d: String = v
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if d.is_empty() || d.len() > 6 {
        return None;
    }
    let rest = v.trim()[d.len()..].trim();
    if !(rest.is_empty() || rest == "px") {
        return None;
    }
    d.parse().ok()
}

/// `#abc`, `#aabbcc`, `rgb(...)` and a few names, as `#rrggbb`.
pub(crate) fn normalize_colour(c: &str) -> Option<String> {
    let c = c
        .trim()
        .trim_end_matches("!important")
        .trim()
        .to_ascii_lowercase();
    let c = c.split_whitespace().next().unwrap_or("");
    let named = match c {
        "white" => Some("#ffffff"),
        "black" => Some("#000000"),
        "red" => Some("#ff0000"),
        "blue" => Some("#0000ff"),
        "green" => Some("#008000"),
        "yellow" => Some("#ffff00"),
        "gray" | "grey" => Some("#808080"),
        "silver" => Some("#c0c0c0"),
        _ => None,
    };
    if let Some(n) = named {
        return Some(n.to_string());
    }
    let hex = c.strip_prefix('#').unwrap_or(c);
    if hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        match hex.len() {
            3 => {
                let mut s = String::from("#");
                for ch in hex.chars() {
                    s.push(ch);
                    s.push(ch);
                }
                return Some(s);
            }
            6 => return Some(format!("#{hex}")),
            _ => {}
        }
    }
    if let Some(inner) = c.strip_prefix("rgb(").and_then(|s| s.strip_suffix(')')) {
        let parts: Vec<u8> = inner
            .split(',')
            .filter_map(|p| p.trim().parse::<u8>().ok())
            .collect();
        if parts.len() == 3 {
            return Some(format!("#{:02x}{:02x}{:02x}", parts[0], parts[1], parts[2]));
        }
    }
    None
}

/// Decode the character references mail HTML uses (numeric, and the common named ones).
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .char_indices()
            .take(10)
            .find(|(_, c)| *c == ';' || !c.is_ascii_alphanumeric() && *c != '#')
            .map(|(i, c)| (i + 1, c == ';'));
        let Some((e, _)) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..e];
        let ch = if let Some(num) = name.strip_prefix('#') {
            let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(h, 16).ok()
            } else {
                num.parse::<u32>().ok()
            };
            v.and_then(char::from_u32)
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "copy" => Some('©'),
                "reg" => Some('®'),
                "zwnj" => Some('\u{200c}'),
                "zwj" => Some('\u{200d}'),
                "shy" => Some('\u{ad}'),
                _ => None,
            }
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[e..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Collapse runs of white space to one space and trim.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_links_images() {
        let s = scan(
            r#"<html><head><title>T</title><style>p{}</style></head><body>
            <p>Hello &amp; welcome</p><a href="https://a.example/x">Visit <b>a.example</b></a>
            <img src="https://t.example/p.gif" width="1" height="1"><script>alert(1)</script>
            <form action="https://f.example/"><input name=x></form></body></html>"#,
        );
        assert_eq!(s.text, "Hello & welcome Visit a.example");
        assert_eq!(s.links.len(), 1);
        assert_eq!(s.links[0].href, "https://a.example/x");
        assert_eq!(s.links[0].text, "Visit a.example");
        assert_eq!(s.images[0].width, Some(1));
        assert_eq!((s.forms, s.scripts), (1, 1));
        assert_eq!(s.form_actions, vec!["https://f.example/"]);
    }

    #[test]
    fn hidden_text() {
        let s = scan(
            r##"<div style="display:none">secret words</div>
            <span style="font-size:0px">tiny</span>
            <font color="#FFF">white on white</font>
            <div style="background:#000"><span style="color:black">black</span></div>
            <p>shown</p>"##,
        );
        assert_eq!(s.text, "shown");
        assert_eq!(s.hidden_text, "secret words");
        assert_eq!(s.tiny_text, "tiny");
        assert_eq!(s.same_colour_text, "white on white black");
    }

    #[test]
    fn broken_markup_terminates() {
        for h in [
            "<",
            "<a href='x",
            "<<<>>>",
            "&#99999999;&",
            "<div><div><p>x",
            "</a></a>",
            "<!--",
        ] {
            let _ = scan(h);
        }
        let deep = "<div>".repeat(100_000);
        assert!(scan(&deep).text.is_empty());
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a&lt;b&#65;&#x42;&bogus;&"),
            "a<bAB&bogus;&"
        );
    }
}
