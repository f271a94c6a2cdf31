// deliverkit page: four tools, one page, tabs: SMTP error / bounce (reply and log lines, or a whole
// bounce message, recognised automatically), DNS record (SPF, DMARC, DKIM, MTA-STS, TLS-RPT, BIMI,
// recognised automatically; an SPF record can also be evaluated), message score and Received headers.
//
// Plain ES module, no bundler. Everything the user pastes is shown with textContent and
// createElement only; it is never parsed as HTML. The page makes no network request beyond
// its own files (see the Content-Security-Policy in index.html).
//
// Readiness and timing, for tests and benches/browser/page.mjs: <html> and <body> get
// data-ready="1" once the WebAssembly is initialised and every tool works ("error" if it could not
// be loaded), and the performance timeline gets the marks deliverkit:init-start, deliverkit:init-end,
// deliverkit:ready and deliverkit:first-decode (after the first input of any tool was decoded and
// its result put in the page).

import init, { version, decodeSmtpLines, checkHost, decodeBounce, validateRecord, scoreMessage, scoreMessageBytes } from "./pkg/deliverkit.js";

const HASH_KEY = "smtp";
// Inputs longer than this are decoded but not written into the address bar.
const MAX_HASH_CHARS = 16 * 1024;
const DEBOUNCE_MS = 250;

const EXAMPLES = {
  "gmail-5.7.26": [
    "550-5.7.26 This mail has been blocked because the sender is unauthenticated.",
    "550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.",
    "550-5.7.26",
    "550-5.7.26  Authentication results:",
    "550-5.7.26  DKIM = did not pass",
    "550-5.7.26  SPF [example.com] with ip: [192.0.2.1] = did not pass",
    "550-5.7.26",
    "550-5.7.26  For instructions on setting up authentication, go to",
    "550 5.7.26  https://support.google.com/mail/answer/81126#authentication a1b2c3d4e5f6-7a8b9c0d1e2si123456qtb.42 - gsmtp",
  ].join("\n"),
  "outlook-prx2": "451 4.7.0 Temporary server error. Please try again later. PRX2",
  postfix:
    "Jan 12 10:04:51 mail postfix/smtp[2211]: 4F2A31C0E3: to=<x@example.com>, relay=mx.example.com[192.0.2.1]:25, " +
    "delay=0.42, delays=0.05/0.01/0.2/0.16, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: " +
    "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))",
  exim:
    "2025-01-12 10:04:51 1tWxYz-000abc-De ** x@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.1]: " +
    "SMTP error from remote mail server after RCPT TO:<x@example.com>: 550 5.1.1 user unknown",
  multiline: [
    "421-4.7.28 [192.0.2.25      15] Our system has detected an unusual rate of",
    "421-4.7.28 unsolicited mail originating from your IP address. To protect our",
    "421-4.7.28 users from spam, mail sent from your IP address has been temporarily",
    "421-4.7.28 rate limited. Please visit",
    "421-4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError to",
    "421 4.7.28 review our Bulk Email Senders Guidelines. a1b2c3d4e5f6.12 - gsmtp",
  ].join("\n"),
  several: [
    "451 4.7.0 Temporary server error. Please try again later. PRX2",
    "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints",
    "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command)",
  ].join("\n"),
};

const CLASS_TEXT = {
  success: "Success (2xx)",
  transient: "Transient failure (4xx): try again later",
  permanent: "Permanent failure (5xx): do not resend unchanged",
  unknown: "Unknown: no reply code or status found",
};

const SEVERITY_TEXT = { error: "Error", warning: "Warning", info: "Info" };

const $ = (id) => document.getElementById(id);
const input = $("smtp-input");
const results = $("smtp-results");
const statusLine = $("smtp-status");
const copyButton = $("smtp-copy");
const detectedLine = $("smtp-detected");
const smtpFile = $("smtp-file");
const smtpPanel = $("panel-smtp");
const modeRadios = [...document.querySelectorAll('input[name="smtp-mode"]')];

// What the SMTP tool shows: { mode: "lines", reports } or { mode: "message", report }, or null.
let lastSmtp = null;
let debounceTimer = 0;
let ready = false;
let activeTool = "smtp";
let firstDecodeMarked = false;
// The file the SMTP textarea holds, as read: { name, text, eml }. While the textarea still holds
// exactly that text, the file decides the automatic reading (an .eml file is a message) and the text
// is not put in the link; an edit makes the text an ordinary input.
let smtpFileSource = null;
let fileToken = 0; // the latest file read wins

/** Marks the performance timeline once, after the first decode of any tool is in the page. */
function markFirstDecode() {
  if (firstDecodeMarked) return;
  firstDecodeMarked = true;
  performance.mark("deliverkit:first-decode");
}

// ---------------------------------------------------------------------------------------------
// DOM helpers: every piece of text goes through textContent.

const EL_ATTRIBUTES = new Set(["href", "rel", "target", "type", "id", "role", "title", "scope", "tabindex", "colspan", "min", "max", "low", "high", "optimum", "value"]);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const key in attrs) {
    if (!Object.hasOwn(attrs, key)) continue;
    const value = attrs[key];
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || EL_ATTRIBUTES.has(key)) {
      node.setAttribute(key, value === true ? "" : String(value));
    } else {
      throw new Error(`el(): unsupported attribute ${key}`);
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A value element: textContent is exactly the raw value, or an em dash marked data-null. */
function field(name, value, tag = "span") {
  if (value === null || value === undefined || value === "") {
    return el(tag, { "data-field": name, "data-null": true, class: "none" }, "—");
  }
  return el(tag, { "data-field": name }, String(value));
}

function row(label, ...content) {
  return [el("dt", { text: label }), el("dd", {}, ...content)];
}

/** Only http(s) links from the decoder's own tables are made clickable. */
function safeLink(url, text) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  return el("a", { href: parsed.href, rel: "noopener noreferrer", target: "_blank" }, text ?? parsed.href);
}

function selectInInput(loc, target = input) {
  if (!loc) return;
  target.focus();
  target.setSelectionRange(loc.utf16Start, loc.utf16End);
}

function locationText(loc) {
  return loc ? `line ${loc.line}, column ${loc.column}` : "";
}

// ---------------------------------------------------------------------------------------------
// Rendering

function formatMinutes(minutes) {
  if (minutes < 60) return `${minutes} min`;
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function renderAdvice(advice, providerName) {
  const box = el("section", { class: "advice", "data-field": "advice", "aria-label": "Advice" });
  box.append(el("h4", { text: "What to do" }));
  box.append(el("p", { class: "advice-summary", "data-field": "advice.summary" }, advice.summary));

  const facts = el("dl", { class: "facts" });
  facts.append(...row("Action", field("advice.action", advice.action, "code")));
  let retryText;
  if (advice.retry) {
    const schedule = (advice.retryAfterMinutes ?? []).map(formatMinutes).join(", ");
    retryText = schedule ? `Yes, after ${schedule}` : "Yes";
    if (advice.giveUpAfterHours !== null && advice.giveUpAfterHours !== undefined) {
      retryText += `; give up after ${advice.giveUpAfterHours} h`;
    }
  } else {
    retryText = "No, do not resend unchanged";
  }
  facts.append(...row("Retry", el("span", { "data-field": "advice.retry", "data-value": String(advice.retry) }, retryText)));
  box.append(facts);

  if (advice.docUrl) {
    const link = safeLink(advice.docUrl, providerName ? `${providerName}: documentation for this reply` : "Documentation for this reply");
    if (link) box.append(el("p", { class: "doc-link" }, link));
  }
  return box;
}

/** The findings as a list; each located one has a button that selects its place in `target`. */
function renderDiagnostics(diagnostics, target = input) {
  const list = el("ul", { class: "diagnostics", "data-field": "diagnostics" });
  for (const [index, d] of diagnostics.entries()) {
    const severity = Object.hasOwn(SEVERITY_TEXT, d.severity) ? d.severity : "info";
    const item = el("li", { class: `diagnostic sev-${severity}`, "data-severity": severity, "data-code": d.code, "data-index": index });
    item.append(
      el("span", { class: `badge sev-${severity}` }, SEVERITY_TEXT[severity]),
      " ",
      el("code", { class: "code" }, d.code),
      " ",
      el("span", { class: "message" }, d.message),
    );
    const loc = d.span?.loc;
    if (loc) {
      const button = el("button", { type: "button", class: "link-button", title: "Select this place in the input" }, `(${locationText(loc)})`);
      button.addEventListener("click", () => selectInInput(loc, target));
      item.append(" ", button);
    }
    if (d.help) item.append(el("p", { class: "help" }, d.help));
    if (d.reference) item.append(el("p", { class: "reference" }, "See ", d.reference));
    list.append(item);
  }
  return list;
}

function renderReport(report, index, total) {
  const cls = Object.hasOwn(CLASS_TEXT, report.class) ? report.class : "unknown";
  const card = el("article", { class: `report class-${cls}`, "data-class": cls, "aria-label": `Reply ${index + 1} of ${total}` });

  const heading = el("h3", { class: "report-heading" });
  // (ParentNode.append would print a null as the text "null".)
  if (total > 1) heading.append(el("span", { class: "ordinal" }, `#${index + 1} `));
  heading.append(
    el("span", { class: "heading-code" }, report.replyCode === null || report.replyCode === undefined ? "No reply code" : String(report.replyCode)),
    report.status ? ` ${report.status} ` : " ",
    el("span", { class: `badge class-badge class-${cls}` }, field("class", report.class)),
  );
  card.append(heading);

  if (report.span?.loc) {
    const loc = report.span.loc;
    const where = el("p", { class: "where" }, `Found at ${locationText(loc)} `);
    const button = el("button", { type: "button", class: "link-button" }, "select in input");
    button.addEventListener("click", () => selectInInput(loc));
    where.append(button);
    card.append(where);
  }

  const facts = el("dl", { class: "facts" });
  facts.append(...row("Reply code", field("replyCode", report.replyCode, "code"), " ", el("span", { class: "muted" }, CLASS_TEXT[cls])));
  facts.append(
    ...row(
      "Enhanced status",
      field("status", report.status, "code"),
      report.statusText ? " " : null,
      report.statusText ? el("span", { "data-field": "statusText" }, report.statusText) : null,
      report.statusDescription ? el("span", { class: "muted block", "data-field": "statusDescription" }, report.statusDescription) : null,
    ),
  );
  facts.append(
    ...row("Reason", field("reason", report.reason, "code"), " ", el("span", { "data-field": "reasonText" }, report.reasonText)),
  );
  facts.append(
    ...row(
      "Bounce",
      el(
        "span",
        { class: report.hardBounce ? "bounce hard" : "bounce soft", "data-field": "hardBounce", "data-value": String(report.hardBounce) },
        report.hardBounce ? "Hard bounce: the address will not work" : "Soft bounce: not a reason to drop the address",
      ),
    ),
  );
  const provider = [field("provider", report.provider, "code")];
  if (report.providerName) provider.push(" ", el("span", { "data-field": "providerName" }, report.providerName));
  if (report.providerCode) provider.push(" ", el("span", { class: "muted" }, "code "), field("providerCode", report.providerCode, "code"));
  facts.append(...row("Provider", ...provider));
  facts.append(...row("Command", field("command", report.command, "code")));
  facts.append(...row("Remote host", field("remoteHost", report.remoteHost, "code")));
  facts.append(...row("Server said", field("message", report.message, "q")));
  card.append(facts);

  card.append(renderAdvice(report.advice, report.providerName));

  if (report.diagnostics.length > 0) {
    card.append(el("h4", { text: `Findings (${report.diagnostics.length})` }));
    card.append(renderDiagnostics(report.diagnostics));
  }
  return card;
}

function showPlaceholder(text) {
  results.replaceChildren(el("p", { class: "placeholder" }, text));
}

function render(reports) {
  lastSmtp = { mode: "lines", reports };
  copyButton.disabled = reports.length === 0;
  if (reports.length === 0) {
    showPlaceholder("No reply found in the input.");
    return;
  }
  const summary = el("p", { class: "summary" }, reports.length === 1 ? "1 reply decoded." : `${reports.length} replies decoded.`);
  results.replaceChildren(summary, ...reports.map((r, i) => renderReport(r, i, reports.length)));
}

// ---------------------------------------------------------------------------------------------
// URL fragment. The active tool owns it:
//   SMTP error / bounce: #smtp=<encodeURIComponent(text)> for reply and log lines; a whole message
//     or an opened file is never put in it (#tool=smtp only). A reading the user chose is added as
//     &mode=lines or &mode=message. No input and the automatic reading: no fragment.
//   DNS record: #tool=record&text=...&domain=...&spec=rfc7489, and for an SPF record the
//     evaluation's &ip=...&sender=...&helo=...&zone=...  (empty fields left out)
//   Message score: #tool=score, Received headers: #tool=headers  (only the tool: a message, with
//     its addresses, never goes into a link)
// Links of the six-tab page still open the tool that has their features now: #tool=spf&record=...
// &domain=...&ip=...&sender=...&helo=...&zone=... the DNS record tool with the same fields, and
// #tool=bounce the SMTP error / bounce tool.
// Browsers never send the fragment to a server.

const TOOLS = ["smtp", "record", "score", "headers"];
const LEGACY_SPF_FIELDS = ["record", "domain", "ip", "sender", "helo", "zone"];
const MODES = ["auto", "lines", "message"];

/** The fragment as a Map of decoded values; a malformed part is ignored, never fatal. */
function parseHash() {
  const hash = location.hash.startsWith("#") ? location.hash.slice(1) : location.hash;
  const params = new Map();
  for (const part of hash.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    try {
      params.set(key, eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1)));
    } catch {
      // malformed percent-encoding: skip this part
    }
  }
  return params;
}

/** Which tool a fragment is about (the six-tab page's tool names map to their tool now). */
function toolOfHash(params) {
  const tool = params.get("tool");
  if (tool === "spf") return "record";
  if (tool === "bounce") return "smtp";
  if (TOOLS.includes(tool)) return tool;
  if (params.has(HASH_KEY)) return "smtp";
  return LEGACY_SPF_FIELDS.some((key) => params.has(key)) ? "record" : "smtp";
}

function replaceHash(hash) {
  const base = location.pathname + location.search;
  if (hash === "") {
    if (location.hash) history.replaceState(null, "", base);
  } else if (location.hash !== hash) {
    history.replaceState(null, "", base + hash);
  }
}

/** The reading the user chose for the SMTP tool: "auto", "lines" or "message". */
function smtpMode() {
  return modeRadios.find((radio) => radio.checked)?.value ?? "auto";
}

function setSmtpMode(mode) {
  for (const radio of modeRadios) radio.checked = radio.value === mode;
}

/** The SMTP textarea still holds the file that was opened or dropped. */
function fromFile() {
  return smtpFileSource !== null && smtpFileSource.text === input.value;
}

/** The SMTP tool's fragment (see above). Returns false when the text is too long to keep in it. */
function writeHash() {
  if (activeTool !== "smtp") return true;
  const text = input.value;
  const chosen = smtpMode();
  const mode = chosen === "auto" ? "" : `&mode=${chosen}`;
  if (text === "") {
    replaceHash(mode ? `#tool=smtp${mode}` : "");
    return true;
  }
  // Only reply and log lines are put in a link: never a whole message, whatever the reading.
  const shareable = chosen !== "message" && detectInput(text).kind === "lines" && !fromFile();
  if (!shareable) {
    replaceHash(`#tool=smtp${mode}`);
    return true;
  }
  if (text.length > MAX_HASH_CHARS) {
    replaceHash(`#tool=smtp${mode}`);
    return false;
  }
  replaceHash(`#${HASH_KEY}=${encodeURIComponent(text)}${mode}`);
  return true;
}

// ---------------------------------------------------------------------------------------------
// What the SMTP tool's input is: reply and log lines (decodeSmtpLines) or a whole message
// (decodeBounce). Automatic unless the user chose a reading.

// A header field's start: a name, then the colon. RFC 5322 (section 2.2) allows any printable
// US-ASCII character but the colon in a name; the ones that never appear in real names but do in
// addresses and hosts at the start of bounce text ("<x@example.net>: host mx[192.0.2.1] said: ...")
// are left out: < > @ [ ] \ " and the comma.
const HEADER_FIELD = /^[!#-+\-./0-9;=?A-Z^-~]+:/;
// Enough of the text to find the end of any real header section.
const DETECT_SCAN_CHARS = 256 * 1024;

/**
 * Whether `text` is a whole message: a header section at the top (at least two `Name: value`
 * fields, folded lines allowed, after an optional mbox "From " line and leading blank lines), ended
 * by a blank line (not just the text's final line break). A reply line ("550 5.1.1 ..."), a log line
 * ("Jan 12 10:04:51 mail postfix...") or a lone Diagnostic-Code field is not one: a field name has
 * no space in it. (Every message of the sisimai bounce corpus is one, and none of the reply lines of
 * the SMTP corpus: tests/browser/detect.test.mjs.)
 */
function looksLikeMessage(text) {
  const lines = text.slice(0, DETECT_SCAN_CHARS).split(/\r\n|\r|\n/);
  let i = 0;
  while (i < lines.length && lines[i].trim() === "") i++;
  if (i < lines.length && lines[i].startsWith("From ")) i++;
  let fields = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") return fields >= 2 && i < lines.length - 1;
    if (line[0] === " " || line[0] === "\t") {
      if (fields === 0) return false;
      continue; // a folded field
    }
    if (!HEADER_FIELD.test(line)) return false;
    fields++;
  }
  return false; // no blank line after the fields
}

/** How the input would be read automatically: { kind: "lines" | "message", why: "file" | "headers" | "text" }. */
function detectInput(text) {
  if (smtpFileSource !== null && smtpFileSource.text === text && smtpFileSource.eml) return { kind: "message", why: "file" };
  return looksLikeMessage(text) ? { kind: "message", why: "headers" } : { kind: "lines", why: "text" };
}

const READ_AS_TEXT = { lines: "reply or log lines", message: "a whole bounce message" };

/** Says in words how the input is read and why; data-detected, data-mode and data-source say it
 * for tests. */
function showDetected(text, detected, mode) {
  const chosen = smtpMode();
  const empty = text.trim() === "";
  let sentence = "";
  if (!empty && chosen === "auto") {
    let why;
    if (detected.why === "file") why = `opened as the .eml file ${smtpFileSource.name}`;
    else if (detected.kind === "message") why = "header fields at the top, then a blank line";
    else why = "no header section at the top";
    sentence = `Read as ${READ_AS_TEXT[mode]} (detected: ${why}).`;
  } else if (!empty) {
    const auto = detected.kind === mode ? "the automatic reading agrees" : `read automatically, it would be ${READ_AS_TEXT[detected.kind]}`;
    sentence = `Read as ${READ_AS_TEXT[mode]} (your choice; ${auto}).`;
  }
  detectedLine.dataset.detected = empty ? "" : detected.kind;
  detectedLine.dataset.mode = empty ? "" : mode;
  detectedLine.dataset.source = chosen === "auto" ? "auto" : "override";
  // (Rewriting the same words would make screen readers announce them again.)
  if (detectedLine.textContent !== sentence) detectedLine.textContent = sentence;
}

// ---------------------------------------------------------------------------------------------
// Decoding

function setStatus(text) {
  statusLine.textContent = text;
}

function decodeNow() {
  clearTimeout(debounceTimer);
  if (!ready) return;
  const text = input.value;
  if (smtpFileSource !== null && smtpFileSource.text !== text) {
    // Edited since the file was read: the text is the input now.
    smtpFileSource = null;
    setStatus("");
  }
  const detected = detectInput(text);
  const chosen = smtpMode();
  const mode = chosen === "auto" ? detected.kind : chosen;
  showDetected(text, detected, mode);
  const shared = writeHash();
  if (smtpFileSource === null) setStatus(shared ? "" : "Input too long to keep in the link.");
  if (text.trim() === "") {
    lastSmtp = null;
    copyButton.disabled = true;
    showPlaceholder("Paste an SMTP reply, MTA log lines or a whole bounce message above, drop or open an .eml file, or try an example.");
    return;
  }
  if (mode === "message") decodeMessage(text);
  else decodeLines(text);
  markFirstDecode();
}

function decodeLines(text) {
  let reports;
  try {
    reports = decodeSmtpLines(text);
  } catch (error) {
    // The decoder reports bad input as data; an exception here is a bug worth showing.
    console.error("deliverkit: decodeSmtpLines threw", error);
    lastSmtp = null;
    copyButton.disabled = true;
    showPlaceholder(`The decoder failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  render(reports);
}

function decodeMessage(text) {
  let report;
  try {
    report = decodeBounce(text);
  } catch (error) {
    // The decoder reports bad input as data; an exception here is a bug worth showing.
    console.error("deliverkit: decodeBounce threw", error);
    lastSmtp = null;
    copyButton.disabled = true;
    showPlaceholder(`The decoder failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  lastSmtp = { mode: "message", report };
  copyButton.disabled = false;
  renderBounce(report);
}

function scheduleDecode() {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(decodeNow, DEBOUNCE_MS);
}

/** Copies `json` to the clipboard; returns false when the browser refused. */
async function copyText(json, focusAfter) {
  try {
    await navigator.clipboard.writeText(json);
    return true;
  } catch {
    // Clipboard API refused (permissions, insecure context): fall back to a selection copy.
    const scratch = el("textarea", { class: "offscreen", "aria-hidden": "true" });
    scratch.value = json;
    document.body.append(scratch);
    scratch.select();
    const ok = document.execCommand("copy");
    scratch.remove();
    focusAfter.focus();
    return ok;
  }
}

/** The reply reports (an array) or the bounce report, as shown. */
async function copyJson() {
  const shown = lastSmtp;
  if (shown === null) return;
  const ok = await copyText(JSON.stringify(shown.mode === "message" ? shown.report : shown.reports, null, 2), input);
  if (!ok) {
    setStatus("Copy failed: your browser blocked clipboard access.");
    return;
  }
  if (shown.mode === "message") setStatus("Copied the report as JSON.");
  else setStatus(shown.reports.length === 1 ? "Copied 1 report as JSON." : `Copied ${shown.reports.length} reports as JSON.`);
}

/** Loads a reply-line example or a bounce-message example, read automatically. */
function loadExample(name) {
  let text;
  if (Object.hasOwn(EXAMPLES, name)) text = EXAMPLES[name];
  else if (Object.hasOwn(BOUNCE_EXAMPLES, name)) text = BOUNCE_EXAMPLES[name];
  else return;
  fileToken++; // a file still being read must not replace the example
  smtpFileSource = null;
  setSmtpMode("auto"); // an example shows what the automatic reading makes of it
  input.value = text;
  setStatus("");
  decodeNow();
  input.focus();
  input.setSelectionRange(0, 0);
  input.scrollTop = 0;
}

function clearSmtp() {
  fileToken++;
  smtpFileSource = null;
  smtpFile.value = "";
  setSmtpMode("auto");
  input.value = "";
  setStatus("");
  decodeNow();
  input.focus();
}

// =============================================================================================
// SPF, inside the DNS record tool: an SPF record's terms and DNS lookups, and its check_host
// evaluation against a typed zone. Also the in-place highlighting the record and message panels
// share.

const QUALIFIER_TEXT = { "+": "pass", "-": "fail", "~": "softfail", "?": "neutral" };

const VERDICT_TEXT = {
  pass: "The client is authorised to send for the domain.",
  fail: "The domain says the client is not authorised to send for it.",
  softfail: "Probably not authorised: receivers usually accept the message but treat it as suspicious.",
  neutral: "The domain makes no statement about this client.",
  none: "No SPF record was found (or there was no valid domain to check).",
  permerror: "The record cannot be evaluated: a permanent error the domain owner has to fix.",
  temperror: "A temporary DNS error: a receiver would try again later.",
};

const LOOKUP_LIMIT = 10;
const VOID_LOOKUP_LIMIT = 2;
const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };

const evalIp = $("eval-ip");
const evalSender = $("eval-sender");
const evalHelo = $("eval-helo");
const evalZone = $("eval-zone");
const evalResults = $("eval-results");
const spfSection = $("spf-evaluate");

// The evaluation's fields, by their names in the fragment.
const EVAL_FIELDS = { ip: evalIp, sender: evalSender, helo: evalHelo, zone: evalZone };

let evalTimer = 0;
let lastEval = null; // { params, zone, addedRecordFor, result } of the last evaluation
let evalActive = false; // once evaluated, edits re-evaluate (debounced)

// ---- in-place highlighting: a mirror of the text behind the (transparent) textarea ------------
// Shared by the DNS record and the message score panels: each has a .highlight-backdrop behind its
// textarea.

/** Rebuilds `backdrop` from `text`, wrapping each diagnostic's span in <mark> (text nodes only). */
function paintBackdrop(backdrop, textarea, text, diagnostics = []) {
  const ranges = [];
  for (const [index, d] of diagnostics.entries()) {
    const loc = d.span?.loc;
    if (!loc) continue;
    const start = Math.max(0, Math.min(loc.utf16Start, text.length));
    const end = Math.max(start, Math.min(loc.utf16End, text.length));
    // `markKey` groups several ranges under one finding (the message score marks every piece of
    // evidence of a finding); by default each diagnostic is its own group, named by its index.
    const key = d.markKey ?? String(index);
    ranges.push({ start, end, key, code: d.code, severity: Object.hasOwn(SEVERITY_RANK, d.severity) ? d.severity : "info" });
  }
  const cuts = new Set([0, text.length]);
  for (const r of ranges) cuts.add(r.start).add(r.end);
  const points = [...cuts].sort((a, b) => a - b);

  const mark = (covering, content, empty) => {
    // One entry per group (a finding whose pieces of evidence overlap is named once).
    const cover = covering.filter((r, i) => covering.findIndex((o) => o.key === r.key) === i);
    const worst = cover.reduce((a, r) => (SEVERITY_RANK[r.severity] > SEVERITY_RANK[a] ? r.severity : a), "info");
    const node = el("mark", {
      class: `hl sev-${worst}${empty ? " hl-empty" : ""}`,
      "data-diags": cover.map((r) => r.key).join(" "),
      "data-codes": cover.map((r) => r.code).join(" "),
    });
    if (content !== "") node.append(document.createTextNode(content));
    return node;
  };

  const nodes = [];
  let pending = null; // { key, cover, text } of a run of segments with the same covering ranges
  const flush = () => {
    if (pending) nodes.push(pending.cover.length ? mark(pending.cover, pending.text, false) : document.createTextNode(pending.text));
    pending = null;
  };
  for (let k = 0; k < points.length; k++) {
    const at = points[k];
    const empties = ranges.filter((r) => r.start === r.end && r.start === at);
    if (empties.length > 0) {
      flush();
      nodes.push(mark(empties, "", true));
    }
    if (k + 1 === points.length) break;
    const next = points[k + 1];
    const cover = ranges.filter((r) => r.start < r.end && r.start <= at && r.end >= next);
    const key = cover.map((r) => r.key).join(" ");
    const segment = text.slice(at, next);
    if (pending && pending.key === key) pending.text += segment;
    else {
      flush();
      pending = { key, cover, text: segment };
    }
  }
  flush();
  // A final line break needs a character after it, or the mirror is one line short.
  if (text.endsWith("\n")) nodes.push(document.createTextNode(" "));
  backdrop.replaceChildren(...nodes);
  syncScrollSoon(backdrop, textarea);
}

function syncScroll(backdrop, textarea) {
  backdrop.scrollTop = textarea.scrollTop;
  backdrop.scrollLeft = textarea.scrollLeft;
}

// Scroll positions are read (and a textarea scrolled back to the top) in the next animation frame,
// not while a handler is still changing the page: reading or setting scrollTop there forces a
// style and layout pass on a half-built page, and the frame lays the page out again anyway.
const scrollSyncs = new Map(); // backdrop -> { textarea, toTop }
let scrollSyncFrame = 0;

/** Keeps `backdrop` scrolled as `textarea` is, from the next frame on; `toTop` first scrolls the
 * textarea back to its start (after an example or a file replaced its text). */
function syncScrollSoon(backdrop, textarea, toTop = false) {
  const pending = scrollSyncs.get(backdrop);
  scrollSyncs.set(backdrop, { textarea, toTop: toTop || Boolean(pending?.toTop) });
  scrollSyncFrame ||= requestAnimationFrame(() => {
    scrollSyncFrame = 0;
    const syncs = [...scrollSyncs];
    scrollSyncs.clear();
    for (const [b, { textarea: t, toTop: top }] of syncs) {
      if (top) t.scrollTop = 0;
      syncScroll(b, t);
    }
  });
}

function emphasiseMarks(backdrop, key, on) {
  for (const node of backdrop.querySelectorAll(`mark[data-diags~="${key}"]`)) node.classList.toggle("active", on);
}

/**
 * The findings of a checked text as a list tied to its textarea and mirror: the offending text
 * next to each message, a click selects the span, hovering or focusing one outlines its marks.
 */
function renderLocatedDiagnostics(diagnostics, text, textarea, backdrop) {
  const list = renderDiagnostics(diagnostics, textarea);
  for (const item of list.children) {
    const index = Number(item.dataset.index);
    const loc = diagnostics[index].span?.loc;
    if (loc && loc.utf16End > loc.utf16Start) {
      // Show the offending text itself next to the message, when it is short.
      const excerpt = text.slice(loc.utf16Start, loc.utf16End);
      if (excerpt.length <= 40) item.querySelector(".message").after(" ", el("q", { class: "excerpt", "data-field": "excerpt" }, excerpt));
    }
    if (loc) {
      // The whole finding is a target too; the location button is the keyboard path.
      item.classList.add("selectable");
      item.addEventListener("click", (event) => {
        if (event.target instanceof Element && event.target.closest("a, button")) return;
        selectInInput(loc, textarea);
      });
    }
    const key = diagnostics[index].markKey ?? String(index);
    item.addEventListener("mouseenter", () => emphasiseMarks(backdrop, key, true));
    item.addEventListener("mouseleave", () => emphasiseMarks(backdrop, key, false));
    item.addEventListener("focusin", () => emphasiseMarks(backdrop, key, true));
    item.addEventListener("focusout", () => emphasiseMarks(backdrop, key, false));
  }
  return list;
}

// ---- validation report -----------------------------------------------------------------------

function renderVerdict(report) {
  const count = (severity) => report.diagnostics.filter((d) => d.severity === severity).length;
  const errors = count("error");
  const warnings = count("warning");
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  let text;
  if (!report.valid) text = `Invalid record: ${plural(errors, "error")}${warnings ? `, ${plural(warnings, "warning")}` : ""}`;
  else if (warnings) text = `Valid record, with ${plural(warnings, "warning")}`;
  else text = "Valid record";
  const cls = report.valid ? (warnings ? "valid-warn" : "valid") : "invalid";
  return el("p", { class: `verdict ${cls}`, "data-field": "valid", "data-value": String(report.valid) }, text);
}

function renderLookups(report) {
  const n = report.lookupTerms;
  const over = n > LOOKUP_LIMIT;
  return el(
    "p",
    { class: "lookups" },
    el("span", { class: over ? "lookup-count over" : "lookup-count", "data-field": "lookupTerms", "data-value": String(n) }, `${n} of ${LOOKUP_LIMIT} DNS lookups`),
    " ",
    el("span", { class: "muted" }, over ? "(over the limit: receivers return permerror)" : "(in this record; each include adds the lookups of its own record)"),
  );
}

function qualifierCell(term) {
  if (term.kind === "modifier" || term.qualifier === null) return el("td", { class: "none", "data-field": "qualifier", "data-null": true }, "—");
  const q = term.qualifier;
  return el(
    "td",
    { "data-field": "qualifier", "data-value": q },
    el("code", {}, q),
    " ",
    QUALIFIER_TEXT[q] ?? "",
    term.explicitQualifier ? null : el("span", { class: "muted" }, " (default)"),
  );
}

function renderTerms(report, textarea = recordInput) {
  const table = el("table", { class: "terms", "data-field": "terms" });
  table.append(el("caption", {}, `Terms (${report.terms.length})`));
  table.append(
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col" }, "#"),
        el("th", { scope: "col" }, "Qualifier"),
        el("th", { scope: "col" }, "Name"),
        el("th", { scope: "col" }, "Value"),
        el("th", { scope: "col" }, "DNS lookup"),
      ),
    ),
  );
  const body = el("tbody");
  for (const [i, term] of report.terms.entries()) {
    const tr = el("tr", { class: `term kind-${term.kind}`, "data-kind": term.kind });
    const name = el("button", { type: "button", class: "link-button", title: "Select this term in the record" }, el("code", {}, term.name));
    const loc = term.span?.loc;
    if (loc) name.addEventListener("click", () => selectInInput(loc, textarea));
    else name.disabled = true;
    tr.append(
      el("td", { class: "muted" }, String(i + 1)),
      qualifierCell(term),
      el(
        "td",
        { "data-field": "name" },
        name,
        term.kind === "modifier" ? el("span", { class: "muted" }, " modifier") : null,
        term.kind === "invalid" ? el("span", { class: "badge sev-error" }, "invalid") : null,
      ),
      el("td", { class: "term-value" }, field("value", term.value, "code")),
      el("td", { "data-field": "dnsLookup", "data-value": String(term.dnsLookup), class: term.dnsLookup ? "lookup-yes" : "muted" }, term.dnsLookup ? "yes" : "no"),
    );
    body.append(tr);
  }
  table.append(body);
  return el("div", { class: "table-wrap" }, table);
}

/** The findings of a record panel: a heading and the list (each finding marked in the input), or
 * a "No findings." line. */
function renderFindings(diagnostics, text, input, backdrop, id) {
  if (diagnostics.length === 0) return [el("p", { class: "no-findings" }, "No findings.")];
  const list = renderLocatedDiagnostics(diagnostics, text, input, backdrop);
  list.id = id;
  return [el("h3", { class: "findings-heading" }, `Findings (${diagnostics.length})`), list];
}

// ---- zone text -> SpfZone --------------------------------------------------------------------

const ZONE_TYPES = ["TXT", "SPF", "A", "AAAA", "MX", "PTR", "CNAME"];
const CLASSES_IN_ZONE = new Set(["IN", "CH", "HS", "CS"]);

/** Parses DNS character-strings: `"a b" "c\"d" "\065"`. Returns the strings, or an error text. */
function parseCharacterStrings(text) {
  const strings = [];
  const encoder = new TextEncoder();
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    if (text[i] !== '"') return { error: `expected a quoted string at ${JSON.stringify(text.slice(i, i + 12))}` };
    i++;
    const bytes = [];
    let closed = false;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        closed = true;
        i++;
        break;
      }
      if (c === "\\" && i + 1 < text.length) {
        const digits = text.slice(i + 1, i + 4);
        if (/^\d{3}$/.test(digits) && Number(digits) <= 255) {
          bytes.push(Number(digits));
          i += 4;
        } else {
          const cp = text.codePointAt(i + 1);
          const ch = String.fromCodePoint(cp);
          bytes.push(...encoder.encode(ch));
          i += 1 + ch.length;
        }
        continue;
      }
      const ch = String.fromCodePoint(text.codePointAt(i));
      bytes.push(...encoder.encode(ch));
      i += ch.length;
    }
    if (!closed) return { error: "a quoted string is not closed" };
    strings.push(new TextDecoder().decode(new Uint8Array(bytes)));
  }
  return { strings };
}

/** DNS names are case-insensitive and may be written fully qualified. */
function normaliseName(name) {
  return name.trim().replace(/\.$/, "").toLowerCase();
}

/**
 * Converts the zone text (one `name [ttl] [IN] TYPE value` per line) to the SpfZone shape.
 * Returns { zone, errors: [{ line, start, end, message }] } with UTF-16 offsets of each bad line.
 */
function parseZone(text) {
  const zone = {};
  const errors = [];
  let offset = 0;
  for (const [index, raw] of text.split("\n").entries()) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, "");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith(";") || trimmed.startsWith("#")) continue;
    const fail = (message) => errors.push({ line: index + 1, start, end: start + line.length, message });

    const tokens = trimmed.match(/^(\S+)\s*(.*)$/);
    const name = normaliseName(tokens[1]);
    let rest = tokens[2];
    let type = null;
    // Skip an optional TTL and class, as in `dig` answer lines.
    for (let guard = 0; guard < 3; guard++) {
      const m = rest.match(/^(\S+)\s*(.*)$/);
      if (!m) break;
      const word = m[1].toUpperCase();
      if (/^\d+$/.test(word) || CLASSES_IN_ZONE.has(word)) {
        rest = m[2];
        continue;
      }
      type = word;
      rest = m[2].trim();
      break;
    }
    if (name === "") {
      fail("the name is empty");
      continue;
    }
    if (type === null) {
      fail("missing record type (TXT, A, AAAA, MX, PTR, CNAME or TIMEOUT)");
      continue;
    }
    let record;
    if (type === "TIMEOUT") {
      if (rest !== "") {
        fail("TIMEOUT takes no value");
        continue;
      }
      record = "TIMEOUT";
    } else if (!ZONE_TYPES.includes(type)) {
      fail(`unknown record type ${JSON.stringify(type)} (use TXT, A, AAAA, MX, PTR, CNAME or TIMEOUT)`);
      continue;
    } else if (rest === "") {
      fail(`missing the ${type} value`);
      continue;
    } else if (type === "TXT" || type === "SPF") {
      if (rest.startsWith('"')) {
        const parsed = parseCharacterStrings(rest);
        if (parsed.error) {
          fail(`${type}: ${parsed.error}`);
          continue;
        }
        record = { [type]: parsed.strings.length === 1 ? parsed.strings[0] : parsed.strings };
      } else {
        record = { [type]: rest };
      }
    } else if (type === "MX") {
      const m = rest.match(/^(\d{1,5})\s+(\S+)$/);
      if (!m || Number(m[1]) > 65535) {
        fail("MX needs a preference and a host name: `example.com MX 10 mx.example.com`");
        continue;
      }
      record = { MX: [Number(m[1]), normaliseName(m[2])] };
    } else {
      if (/\s/.test(rest)) {
        fail(`${type} takes one value`);
        continue;
      }
      record = { [type]: type === "PTR" || type === "CNAME" ? normaliseName(rest) : rest };
    }
    (zone[name] ??= []).push(record);
  }
  return { zone, errors };
}

/** The TXT value for the record being validated: the strings of the quoted form, else the text. */
function recordForZone(record) {
  if (record.trim().startsWith('"')) {
    const parsed = parseCharacterStrings(record);
    if (!parsed.error) return parsed.strings.length === 1 ? parsed.strings[0] : parsed.strings;
  }
  return record;
}

// ---- evaluation --------------------------------------------------------------------------------

function showEvalMessage(text, errors = []) {
  const box = el("div", { class: "eval-error", "data-field": "evalError" }, el("p", {}, text));
  if (errors.length > 0) {
    const list = el("ul", { class: "zone-errors" });
    for (const e of errors) {
      const button = el("button", { type: "button", class: "link-button", title: "Select this line in the zone" }, `line ${e.line}`);
      button.addEventListener("click", () => {
        evalZone.focus();
        evalZone.setSelectionRange(e.start, e.end);
      });
      list.append(el("li", {}, button, ": ", e.message));
    }
    box.append(list);
  }
  evalResults.replaceChildren(box);
}

/**
 * Items with a `depth` as nested <ol>s, one level per depth: `render(item, depth)` makes each <li>.
 * A level with no item above it gets an empty <li class=itemClass> to hold it.
 */
function nestedList(items, listClass, itemClass, dataField, render) {
  const root = el("ol", { class: listClass, "data-field": dataField });
  const stack = [root];
  for (const x of items) {
    const depth = Math.max(0, Number.isInteger(x.depth) ? x.depth : 0);
    while (stack.length - 1 < depth) {
      const parent = stack[stack.length - 1];
      let holder = parent.lastElementChild;
      if (!holder) {
        holder = el("li", { class: itemClass });
        parent.append(holder);
      }
      const nested = el("ol", { class: listClass });
      holder.append(nested);
      stack.push(nested);
    }
    while (stack.length - 1 > depth) stack.pop();
    stack[stack.length - 1].append(render(x, depth));
  }
  return root;
}

function renderTrace(trace) {
  // Nested lists follow the include/redirect depth.
  return nestedList(trace, "trace", "trace-step", "trace", (step, depth) => el(
      "li",
      { class: `trace-step event-${step.event}`, "data-depth": depth, "data-event": step.event, "data-domain": step.domain },
      el("span", { class: "trace-event" }, step.event),
      " ",
      el("span", { class: "trace-detail" }, step.detail),
  ));
}

function renderEval(result, addedFor) {
  const verdict = Object.hasOwn(VERDICT_TEXT, result.result) ? result.result : "none";
  const card = el("article", { class: `report eval-report result-${verdict}`, "aria-label": "Evaluation result" });
  card.append(
    el(
      "h4",
      { class: "report-heading" },
      "Result ",
      el("span", { class: `badge result-badge result-${verdict}`, "data-field": "result" }, result.result),
    ),
  );
  card.append(el("p", { class: "verdict-text" }, VERDICT_TEXT[verdict]));
  const facts = el("dl", { class: "facts" });
  facts.append(...row("Reason", field("reason", result.reason)));
  // (A <q> adds quotation marks: only around a real explanation.)
  facts.append(...row("Explanation", result.explanation === null ? field("explanation", null) : field("explanation", result.explanation, "q")));
  facts.append(
    ...row(
      "Matched term",
      result.matched
        ? el("span", { "data-field": "matched" }, el("code", { "data-field": "matched.term" }, result.matched.term), " in the record of ", el("code", { "data-field": "matched.domain" }, result.matched.domain))
        : field("matched", null),
    ),
  );
  facts.append(
    ...row(
      "DNS lookups",
      el("span", { "data-field": "lookups", "data-value": String(result.lookups), class: result.lookups > LOOKUP_LIMIT ? "over" : null }, `${result.lookups} of ${LOOKUP_LIMIT}`),
    ),
  );
  facts.append(
    ...row(
      "Void lookups",
      el("span", { "data-field": "voidLookups", "data-value": String(result.voidLookups), class: result.voidLookups > VOID_LOOKUP_LIMIT ? "over" : null }, `${result.voidLookups} of ${VOID_LOOKUP_LIMIT}`),
    ),
  );
  card.append(facts);
  if (addedFor) {
    card.append(el("p", { class: "muted note", "data-field": "addedRecordFor" }, "The record above was used as the TXT record of ", el("code", {}, addedFor), " (the zone had none)."));
  }
  card.append(el("h4", {}, `Trace (${result.trace.length} steps)`));
  card.append(renderTrace(result.trace));
  evalResults.replaceChildren(card);
}

function evaluateNow() {
  clearTimeout(evalTimer);
  if (!ready) return;
  evalActive = true;
  lastEval = null;
  const ip = evalIp.value.trim();
  const sender = evalSender.value.trim();
  const helo = evalHelo.value.trim();
  const domain = recordDomain.value.trim();
  if (ip === "") {
    showEvalMessage("Enter the client IP address to evaluate.");
    return;
  }
  if (sender === "" && helo === "" && domain === "") {
    showEvalMessage("Enter a sender, a HELO name or the domain: check_host needs a domain to check.");
    return;
  }
  const { zone, errors } = parseZone(evalZone.value);
  if (errors.length > 0) {
    showEvalMessage(errors.length === 1 ? "The zone has an error:" : `The zone has ${errors.length} errors:`, errors);
    return;
  }
  const params = { ip };
  if (sender !== "") params.sender = sender;
  if (helo !== "") params.helo = helo;
  if (domain !== "") params.domain = domain;

  // The record being validated is the domain's TXT record unless the zone says otherwise.
  let addedFor = null;
  const record = recordInput.value;
  const target = normaliseName(domain || (sender.includes("@") ? sender.slice(sender.lastIndexOf("@") + 1) : sender) || helo);
  if (record.trim() !== "" && target !== "") {
    const records = zone[target] ?? [];
    if (!records.some((r) => typeof r === "object" && Object.hasOwn(r, "TXT"))) {
      zone[target] = [...records, { TXT: recordForZone(record) }];
      addedFor = target;
    }
  }

  let result;
  try {
    result = checkHost(params, zone);
  } catch (error) {
    // Misuse (a malformed IP address or zone) throws: show why.
    showEvalMessage(`Cannot evaluate: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  lastEval = { params, zone, addedRecordFor: addedFor, result };
  renderEval(result, addedFor);
}

function scheduleEvaluate() {
  clearTimeout(evalTimer);
  evalTimer = setTimeout(evaluateNow, DEBOUNCE_MS);
}

function onEvalFieldInput() {
  writeRecordHash();
  if (evalActive) scheduleEvaluate();
}

// =============================================================================================
// Whole bounce messages, inside the SMTP error / bounce tool: what decodeBounce reads from a message
// (pasted, dropped or opened as an .eml file). The message is never written into the URL fragment:
// it holds addresses and text of mail, and can be large. The fragment keeps only the tool
// (#tool=smtp).

// Hand-written examples (documentation domains and addresses only).
const BOUNCE_EXAMPLES = {
  // An RFC 3464 delivery status notification as Postfix writes it: two failed recipients.
  "bounce-dsn": [
    "Return-Path: <>",
    "Received: by mx.example.com (Postfix) id 4F2A31C0E3; Mon, 13 Jan 2025 10:04:52 +0000 (UTC)",
    "Date: Mon, 13 Jan 2025 10:04:52 +0000 (UTC)",
    "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)",
    "Subject: Undelivered Mail Returned to Sender",
    "To: newsletter@example.com",
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    "Content-Type: multipart/report; report-type=delivery-status;",
    '\tboundary="4F2A31C0E3.1736762692/mx.example.com"',
    "Message-Id: <20250113100452.4F2A31C0E3@mx.example.com>",
    "",
    "This is a MIME-encapsulated message.",
    "",
    "--4F2A31C0E3.1736762692/mx.example.com",
    "Content-Description: Notification",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is the mail system at host mx.example.com.",
    "",
    "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients. It's attached below.",
    "",
    "                   The mail system",
    "",
    "<alice@example.net>: host mx1.example.net[192.0.2.25] said: 550 5.1.1",
    "    <alice@example.net>: Recipient address rejected: User unknown in virtual",
    "    mailbox table (in reply to RCPT TO command)",
    "",
    "<bob@example.net>: host mx1.example.net[192.0.2.25] said: 552 5.2.2",
    "    <bob@example.net>: Mailbox full, quota exceeded (in reply to RCPT TO command)",
    "",
    "--4F2A31C0E3.1736762692/mx.example.com",
    "Content-Description: Delivery report",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.example.com",
    "X-Postfix-Queue-ID: 4F2A31C0E3",
    "X-Postfix-Sender: rfc822; newsletter@example.com",
    "Arrival-Date: Mon, 13 Jan 2025 10:04:51 +0000 (UTC)",
    "",
    "Final-Recipient: rfc822; alice@example.net",
    "Original-Recipient: rfc822;alice@example.net",
    "Action: failed",
    "Status: 5.1.1",
    "Remote-MTA: dns; mx1.example.net",
    "Diagnostic-Code: smtp; 550 5.1.1 <alice@example.net>: Recipient address",
    "    rejected: User unknown in virtual mailbox table",
    "Last-Attempt-Date: Mon, 13 Jan 2025 10:04:52 +0000 (UTC)",
    "",
    "Final-Recipient: rfc822; bob@example.net",
    "Original-Recipient: rfc822;bob@example.net",
    "Action: failed",
    "Status: 5.2.2",
    "Remote-MTA: dns; mx1.example.net",
    "Diagnostic-Code: smtp; 552 5.2.2 <bob@example.net>: Mailbox full, quota exceeded",
    "Last-Attempt-Date: Mon, 13 Jan 2025 10:04:52 +0000 (UTC)",
    "",
    "--4F2A31C0E3.1736762692/mx.example.com",
    "Content-Description: Undelivered Message Headers",
    "Content-Type: text/rfc822-headers",
    "",
    "Return-Path: <newsletter@example.com>",
    "Received: from app.example.com (app.example.com [198.51.100.7])",
    "\tby mx.example.com (Postfix) with ESMTPS id 4F2A31C0E3;",
    "\tMon, 13 Jan 2025 10:04:51 +0000 (UTC)",
    "Message-ID: <20250113100451.9f8e7d@app.example.com>",
    "Date: Mon, 13 Jan 2025 10:04:50 +0000",
    "From: Example Newsletter <newsletter@example.com>",
    "To: alice@example.net, bob@example.net",
    "Subject: Your January newsletter",
    "",
    "--4F2A31C0E3.1736762692/mx.example.com--",
    "",
  ].join("\n"),
  // A free-form bounce as qmail-send writes it (no delivery-status part).
  "bounce-qmail": [
    "Return-Path: <>",
    "Received: (qmail 12345 invoked for bounce); 13 Jan 2025 10:04:52 -0000",
    "Date: 13 Jan 2025 10:04:52 -0000",
    "From: MAILER-DAEMON@mail.example.com",
    "To: newsletter@example.com",
    "Subject: failure notice",
    "",
    "Hi. This is the qmail-send program at mail.example.com.",
    "I'm afraid I wasn't able to deliver your message to the following addresses.",
    "This is a permanent error; I've given up. Sorry it didn't work out.",
    "",
    "<carol@example.net>:",
    "192.0.2.25 does not like recipient.",
    "Remote host said: 550 5.1.1 <carol@example.net>... User unknown",
    "Giving up on 192.0.2.25.",
    "",
    "--- Below this line is a copy of the message.",
    "",
    "Return-Path: <newsletter@example.com>",
    "Received: (qmail 12340 invoked by uid 1001); 13 Jan 2025 10:04:50 -0000",
    "Message-ID: <20250113100450.12340.qmail@mail.example.com>",
    "Date: 13 Jan 2025 10:04:50 -0000",
    "From: newsletter@example.com",
    "To: carol@example.net",
    "Subject: Your January newsletter",
    "",
    "Hello Carol,",
    "here is the news for January.",
    "",
  ].join("\n"),
};

const KIND_TEXT = {
  bounce: ["Bounce", "A delivery failure (or delay) report."],
  feedback: ["Feedback report", "A complaint (RFC 5965 feedback report): a recipient or their provider reported the message, for example as spam."],
  "auto-reply": ["Auto-reply", "An automatic reply (RFC 3834) such as an out-of-office message: the message itself was delivered."],
  "not-bounce": ["Not a bounce", "No delivery status and no failed recipient were found in this message."],
};

// The decoder reads at most 16 MiB of a message; larger files are not loaded.
const MAX_FILE_BYTES = 16 * 1024 * 1024;

function formatBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** The distinct non-empty values of one field over the recipients, in order. */
function distinct(recipients, key) {
  return [...new Set(recipients.map((r) => r[key]).filter((v) => v !== null && v !== undefined && v !== ""))];
}

function renderOriginal(recipients) {
  const facts = el("dl", { class: "facts original", "data-field": "original" });
  for (const [label, key] of [["Message-ID", "messageId"], ["From", "from"], ["Subject", "subject"]]) {
    const values = distinct(recipients, key);
    // Normally one value; a bounce that quotes several originals shows each.
    const content = values.length === 0 ? [field(`original.${key}`, null)] : values.flatMap((v, i) => [i > 0 ? el("br") : null, field(`original.${key}`, v, key === "subject" ? "span" : "code")]);
    facts.append(...row(label, ...content));
  }
  return el("section", { class: "original-message", "aria-labelledby": "bounce-original-heading" }, el("h3", { id: "bounce-original-heading" }, "Original message"), facts);
}

function recipientsTable(report) {
  const columns = ["Recipient", "Action", "Status", "Reply code", "Reason", "Provider", "Agent", "Remote host", "Command", "Last attempt"];
  const table = el("table", { class: "recipients", "data-field": "recipients" });
  table.append(el("caption", {}, report.recipients.length === 1 ? "1 recipient" : `${report.recipients.length} recipients`));
  table.append(el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { scope: "col" }, c)))));
  const body = el("tbody");
  for (const [i, r] of report.recipients.entries()) {
    const hard = r.hardBounce === true;
    const tr = el("tr", { class: "recipient", "data-index": i, "data-reason": r.reason });
    // data-label names the column for the stacked layout of narrow screens (style.css).
    const cell = (label, attrs, ...content) => el(label === "Recipient" ? "th" : "td", { ...attrs, "data-label": label }, ...content);
    tr.append(
      cell("Recipient", { scope: "row", class: "recipient-address" }, field("recipient", r.recipient)),
      cell("Action", {}, field("action", r.action)),
      cell("Status", {}, field("status", r.status, "code")),
      cell("Reply code", {}, field("replyCode", r.replyCode, "code")),
      cell(
        "Reason",
        { class: "reason-cell" },
        field("reason", r.reason, "code"),
        " ",
        // Hard or soft is a property of bounces; a complaint names its Feedback-Type instead.
        report.kind === "bounce"
          ? el("span", { class: hard ? "bounce hard" : "bounce soft", "data-field": "hardBounce", "data-value": String(hard) }, hard ? "hard bounce" : "soft bounce")
          : null,
        r.feedbackType !== null && r.feedbackType !== undefined
          ? el("span", { class: "feedback-type" }, "Feedback type: ", field("feedbackType", r.feedbackType, "code"))
          : null,
      ),
      cell("Provider", {}, field("provider", r.provider, "code")),
      cell("Agent", { class: "nowrap" }, field("agent", r.agent, "code")),
      cell("Remote host", { class: "host" }, field("remoteHost", r.remoteHost, "code")),
      cell("Command", {}, field("command", r.command, "code")),
      cell("Last attempt", { class: "timestamp" }, field("timestamp", r.timestamp)),
    );
    // The details of this recipient, in a full-width row right below it.
    const detail = el("td", { colspan: columns.length });
    const facts = el("dl", { class: "facts" });
    // (A <q> adds quotation marks: only around real text.)
    const said = r.diagnosticCode === null || r.diagnosticCode === undefined || r.diagnosticCode === "" ? field("diagnosticCode", null) : field("diagnosticCode", r.diagnosticCode, "q");
    facts.append(...row("Server said", said));
    detail.append(
      el("p", { class: "detail-for muted" }, "Details for ", el("span", { class: "detail-address" }, r.recipient)),
      facts,
      renderAdvice(r.advice, null),
    );
    body.append(tr, el("tr", { class: "recipient-detail", "data-index": i }, detail));
  }
  table.append(body);
  return el("div", { class: "table-wrap" }, table);
}

function renderBounce(report) {
  const kind = Object.hasOwn(KIND_TEXT, report.kind) ? report.kind : "not-bounce";
  const [label, text] = KIND_TEXT[kind];
  const nodes = [
    el(
      "p",
      { class: `bounce-kind kind-${kind}` },
      el("span", { class: `badge kind-badge kind-${kind}`, "data-field": "kind", "data-value": report.kind }, label),
      " ",
      el("span", { class: "kind-text" }, text),
    ),
  ];
  if (report.recipients.length > 0) {
    nodes.push(renderOriginal(report.recipients));
    nodes.push(recipientsTable(report));
  } else if (kind !== "not-bounce") {
    nodes.push(el("p", { class: "placeholder" }, "No recipient found in the message."));
  }
  if (report.diagnostics.length > 0) {
    nodes.push(el("h3", { class: "findings-heading" }, `Findings (${report.diagnostics.length})`));
    const list = renderDiagnostics(report.diagnostics, input);
    list.id = "bounce-diagnostics";
    nodes.push(list);
  }
  results.replaceChildren(...nodes);
}

/**
 * A message file as bytes and as text. Mail is bytes: UTF-8 when it decodes as such, else
 * ISO-8859-1 (every byte is one character there), which keeps 8-bit headers and bodies readable.
 */
async function readMessageBytes(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { bytes, utf8: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8" };
  } catch {
    return { bytes, utf8: false, text: new TextDecoder("iso-8859-1").decode(bytes), encoding: "ISO-8859-1 (not valid UTF-8)" };
  }
}

/** The text of a message file (see readMessageBytes). */
async function readMessageFile(file) {
  const { text, encoding } = await readMessageBytes(file);
  return { text, encoding };
}

/** An .eml file (by its name or type) is a whole message whatever its first lines look like. */
function isEmlFile(file) {
  return /\.eml$/i.test(file.name) || file.type === "message/rfc822";
}

async function loadSmtpFile(file) {
  const token = ++fileToken;
  if (file.size > MAX_FILE_BYTES) {
    setStatus(`${file.name} is too large (${formatBytes(file.size)}); the decoder reads messages of up to ${formatBytes(MAX_FILE_BYTES)}.`);
    return;
  }
  setStatus(`Reading ${file.name}…`);
  let read;
  try {
    read = await readMessageFile(file);
  } catch (error) {
    if (token === fileToken) setStatus(`Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (token !== fileToken) return; // a later file (or an example, or Clear) replaced this one
  input.value = read.text;
  smtpFileSource = { name: file.name, text: input.value, eml: isEmlFile(file) };
  decodeNow();
  input.scrollTop = 0;
  setStatus(`Loaded ${file.name} (${formatBytes(file.size)}, read as ${read.encoding}).`);
}

const hasFiles = (event) => Boolean(event.dataTransfer && [...event.dataTransfer.types].includes("Files"));

/** The panels that take a dropped file; a file dropped anywhere else is refused (see wire()). */
const dropPanels = [];

/** Makes the whole of `panel` (its textarea included) a drop target for one file, read by `load`. */
function acceptFileDrop(panel, load) {
  let depth = 0;
  const setDragging = (on) => panel.classList.toggle("dragging", on);
  panel.addEventListener("dragenter", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth++;
    setDragging(true);
  });
  panel.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  });
  panel.addEventListener("dragleave", (event) => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) setDragging(false);
  });
  panel.addEventListener("drop", (event) => {
    if (!hasFiles(event)) return; // dropped text goes into the textarea as usual
    event.preventDefault();
    event.stopPropagation();
    depth = 0;
    setDragging(false);
    const [file] = event.dataTransfer.files;
    if (file) load(file);
  });
  dropPanels.push(panel);
}

// =============================================================================================
// DNS record checker: one box for any record (SPF, DMARC, DKIM key or DKIM-Signature, MTA-STS TXT
// or policy file, TLS-RPT, BIMI); validateRecord recognises its kind from the version tag. For an
// SPF record the result lists its terms and DNS lookups, and the check_host evaluation (a typed zone,
// a client IP, a sender or HELO name) appears under it.
// Fragment: #tool=record&text=...&domain=...&spec=rfc7489, and for SPF &ip=...&sender=...&helo=...
// &zone=... (empty fields left out).

const RECORD_EXAMPLES = {
  "spf-good": {
    text: "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.net mx -all",
    domain: "example.com",
  },
  "dmarc-none": { text: "v=DMARC1; p=none", domain: "example.com" },
  // RFC 9989 Appendix B, with the pct of RFC 7489: a historic tag unless "RFC 7489 rules" is on.
  "dmarc-pct": {
    text: "v=DMARC1; p=quarantine; pct=25; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net",
    domain: "example.com",
  },
  // A freshly generated 512-bit RSA key (SubjectPublicKeyInfo): too short for verifiers.
  "dkim-short": {
    text: "v=DKIM1; k=rsa; p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALvPzti1j00xc8/FVEstdHJDqK94fKs2ySmjGPj7uGwUIwpY6hds5RpzCrfN4OnAWkdYdeS6zzjrGYHEwepKj2sCAwEAAQ==",
  },
  "mta-sts-policy": { text: "version: STSv1\nmode: testing\nmx: mail.example.com\nmx: *.example.net\nmax_age: 86400\n" },
  "tls-rpt": { text: "v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reporting.example.com/v1/tlsrpt" },
  bimi: { text: "v=BIMI1; l=https://example.com/brand/logo.svg; a=https://example.com/brand/vmc.pem" },
  "spf-risky": { text: "v=spf1 a mx ptr +all", domain: "example.com" },
  "spf-lookups": {
    text:
      "v=spf1 a mx include:_spf1.example.net include:_spf2.example.net include:_spf3.example.net " +
      "include:_spf4.example.net include:_spf5.example.net include:_spf6.example.net include:_spf7.example.net " +
      "include:_spf8.example.net exists:%{i}.allow.example.org -all",
    domain: "example.com",
  },
  // As `dig +short TXT example.com` prints a record published as two strings.
  "spf-quoted": {
    text: '"v=spf1 ip4:192.0.2.0/24 include:_spf.example.net " "ip6:2001:db8::/32 mx -all"',
    domain: "example.com",
  },
  "spf-eval-pass": {
    text: "v=spf1 include:_spf.example.net mx -all",
    domain: "example.com",
    ip: "192.0.2.10",
    sender: "bounce@example.com",
    helo: "mail.example.com",
    zone: [
      '_spf.example.net TXT "v=spf1 ip4:192.0.2.0/24 -all"',
      "example.com MX 10 mx.example.com",
      "mx.example.com A 198.51.100.10",
    ].join("\n"),
  },
  "spf-eval-fail": {
    text: "v=spf1 include:_spf.example.net mx -all exp=explain.example.com",
    domain: "example.com",
    ip: "203.0.113.5",
    sender: "bounce@example.com",
    helo: "mail.example.com",
    zone: [
      '_spf.example.net TXT "v=spf1 ip4:192.0.2.0/24 -all"',
      "example.com MX 10 mx.example.com",
      "mx.example.com A 198.51.100.10",
      'explain.example.com TXT "%{i} is not allowed to send mail for %{d}"',
    ].join("\n"),
  },
};

const RECORD_KIND_TEXT = {
  spf: "SPF",
  dmarc: "DMARC",
  dkim: "DKIM",
  "mta-sts": "MTA-STS",
  "tls-rpt": "TLS-RPT",
  bimi: "BIMI",
  unknown: "Not recognised",
};

/** What the text is, by kind and form, and where it is published (`<domain>` for the domain). */
function recordDescription(kind, form) {
  if (kind === "dkim" && form === "dkim-signature") return ["DKIM-Signature header field", null];
  if (kind === "mta-sts" && form === "mta-sts-policy") return ["MTA-STS policy file", "https://mta-sts.<domain>/.well-known/mta-sts.txt"];
  switch (kind) {
    case "spf":
      return ["SPF record (TXT)", "<domain>"];
    case "dmarc":
      return ["DMARC policy record (TXT)", "_dmarc.<domain>"];
    case "dkim":
      return ["DKIM key record (TXT)", "<selector>._domainkey.<domain>"];
    case "mta-sts":
      return ["MTA-STS record (TXT)", "_mta-sts.<domain>"];
    case "tls-rpt":
      return ["TLS reporting record (TXT)", "_smtp._tls.<domain>"];
    case "bimi":
      return ["BIMI record (TXT)", "default._bimi.<domain>"];
    default:
      return ["No version tag this checker knows (v=DMARC1, v=DKIM1, v=STSv1, v=TLSRPTv1, v=BIMI1, v=spf1)", null];
  }
}


const recordInput = $("record-input");
const recordBackdrop = $("record-backdrop");
const recordDomain = $("record-domain");
const recordRfc7489 = $("record-rfc7489");
const recordResults = $("record-results");
const recordStatusLine = $("record-status");
const recordCopyButton = $("record-copy");

let recordTimer = 0;
let lastRecord = null; // { text, options, report } of the last check
let recordSpf = false; // the last check found an SPF record: the evaluation is shown

function setRecordStatus(text) {
  recordStatusLine.textContent = text;
}

function showRecordPlaceholder(text) {
  recordResults.replaceChildren(el("p", { class: "placeholder" }, text));
}

function recordOptions() {
  const domain = recordDomain.value.trim();
  // The domain serves SPF too (validateRecord passes it on: an include of the domain itself).
  return { dmarc: { spec: recordRfc7489.checked ? "rfc7489" : "rfc9989", domain: domain === "" ? null : domain } };
}

function writeRecordHash() {
  if (activeTool !== "record") return true;
  const parts = ["tool=record"];
  if (recordInput.value !== "") parts.push(`text=${encodeURIComponent(recordInput.value)}`);
  if (recordDomain.value !== "") parts.push(`domain=${encodeURIComponent(recordDomain.value)}`);
  if (recordRfc7489.checked) parts.push("spec=rfc7489");
  if (recordSpf) {
    for (const [key, box] of Object.entries(EVAL_FIELDS)) if (box.value !== "") parts.push(`${key}=${encodeURIComponent(box.value)}`);
  }
  const hash = `#${parts.join("&")}`;
  if (hash.length > MAX_HASH_CHARS) {
    replaceHash("#tool=record");
    return false;
  }
  replaceHash(hash);
  return true;
}

function renderTags(report) {
  const policyFile = report.form === "mta-sts-policy";
  const table = el("table", { class: "terms tags", "data-field": "tags" });
  table.append(el("caption", {}, `${policyFile ? "Fields" : "Tags"} (${report.tags.length})`));
  table.append(
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "#"), el("th", { scope: "col" }, "Name"), el("th", { scope: "col" }, "Value"))),
  );
  const body = el("tbody");
  for (const [i, tag] of report.tags.entries()) {
    const tr = el("tr", { class: "tag", "data-name": tag.name });
    const name = el("button", { type: "button", class: "link-button", title: "Select this tag in the record" }, el("code", {}, tag.name));
    const loc = tag.span?.loc;
    if (loc) name.addEventListener("click", () => selectInInput(loc, recordInput));
    else name.disabled = true;
    const value =
      tag.value === ""
        ? el("span", { class: "none", "data-field": "value", "data-value": "" }, "(empty)")
        : el("code", { "data-field": "value" }, tag.value);
    tr.append(el("td", { class: "muted" }, String(i + 1)), el("td", { "data-field": "name" }, name), el("td", { class: "term-value" }, value));
    body.append(tr);
  }
  table.append(body);
  return el("div", { class: "table-wrap" }, table);
}

function renderRecord(report, text) {
  const kind = Object.hasOwn(RECORD_KIND_TEXT, report.kind) ? report.kind : "unknown";
  const [description, where] = recordDescription(kind, report.form);
  const head = el(
    "p",
    { class: "record-kind" },
    el("span", { class: `badge kind-badge rkind-${kind}`, "data-field": "kind", "data-value": report.kind }, RECORD_KIND_TEXT[kind]),
    " ",
    el("span", { "data-field": "form", "data-value": report.form }, description),
  );
  if (where) head.append(el("span", { class: "muted block" }, "Published at ", el("code", { "data-field": "where" }, where)));
  const nodes = [head, renderVerdict(report)];
  if (kind === "spf" && Array.isArray(report.terms)) {
    if (typeof report.lookupTerms === "number") nodes.push(renderLookups(report));
    if (report.terms.length > 0) nodes.push(renderTerms(report, recordInput));
  } else if (report.tags.length > 0) {
    nodes.push(renderTags(report));
  }
  nodes.push(...renderFindings(report.diagnostics, text, recordInput, recordBackdrop, "record-diagnostics"));
  recordResults.replaceChildren(...nodes);
}

function checkRecordNow() {
  clearTimeout(recordTimer);
  if (!ready) return;
  const text = recordInput.value;
  const options = recordOptions();
  let report = null;
  let failure = null;
  if (text.trim() !== "") {
    try {
      report = validateRecord(text, options);
    } catch (error) {
      // Bad records are reported as data; an exception here is a bug worth showing.
      console.error("deliverkit: validateRecord threw", error);
      failure = `The checker failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  // The SPF evaluation belongs to SPF records: shown (and kept in the fragment) only for one.
  recordSpf = report?.kind === "spf";
  spfSection.hidden = !recordSpf;
  const shared = writeRecordHash();
  setRecordStatus(shared ? "" : "Input too long to keep in the link.");
  if (report === null) {
    lastRecord = null;
    recordCopyButton.disabled = true;
    paintBackdrop(recordBackdrop, recordInput, text);
    showRecordPlaceholder(failure ?? "Paste an SPF, DMARC, DKIM, MTA-STS, TLS-RPT or BIMI record above (SPF with or without the quotes dig prints), or try an example.");
    return;
  }
  lastRecord = { text, options, report };
  recordCopyButton.disabled = false;
  paintBackdrop(recordBackdrop, recordInput, text, report.diagnostics);
  renderRecord(report, text);
  markFirstDecode();
  if (recordSpf && evalActive) evaluateNow();
}

function scheduleRecordCheck() {
  clearTimeout(recordTimer);
  recordTimer = setTimeout(checkRecordNow, DEBOUNCE_MS);
}

/** The text, the options and the report; for an SPF record also the evaluation, once there is one. */
async function copyRecordJson() {
  if (!lastRecord) return;
  const data = lastRecord.report.kind === "spf" && lastEval !== null ? { ...lastRecord, evaluation: lastEval } : lastRecord;
  const ok = await copyText(JSON.stringify(data, null, 2), recordInput);
  if (!ok) setRecordStatus("Copy failed: your browser blocked clipboard access.");
  else setRecordStatus(data.evaluation ? "Copied the report and the evaluation as JSON." : "Copied the report as JSON.");
}

function loadRecordExample(name) {
  if (!Object.hasOwn(RECORD_EXAMPLES, name)) return;
  const example = RECORD_EXAMPLES[name];
  recordInput.value = example.text;
  recordDomain.value = example.domain ?? "";
  if (example.ip !== undefined) {
    // An SPF evaluation example fills the evaluation too (others keep what was typed there).
    for (const [key, box] of Object.entries(EVAL_FIELDS)) box.value = example[key] ?? "";
    evalActive = true;
  }
  checkRecordNow();
  recordInput.focus();
  recordInput.setSelectionRange(0, 0);
  syncScrollSoon(recordBackdrop, recordInput, true);
}

function clearRecord() {
  recordInput.value = "";
  recordDomain.value = "";
  recordRfc7489.checked = false;
  for (const box of Object.values(EVAL_FIELDS)) box.value = "";
  evalActive = false;
  lastEval = null;
  evalResults.replaceChildren();
  checkRecordNow();
  recordInput.focus();
}

// =============================================================================================
// Message score: a whole message (pasted, dropped or opened as an .eml file) scored as spam
// filters score mail (scoreMessage; a file is scored from its bytes with scoreMessageBytes, so
// legacy charsets survive), its findings marked in the message, and the parsed message listed.
// Nothing of the message is ever rendered as HTML: its HTML, links and images are shown as text,
// so no element of the message exists on the page and nothing it links to is requested. Like the
// bounce decoder, the message never goes into the URL fragment (#tool=score only).

// Hand-written examples (documentation domains and addresses only).
const SCORE_EXAMPLES = {
  // HTML only, a shortener behind a link whose text shows another domain, a subject in capitals,
  // money and pressure wording, a remote image.
  spammy: [
    "Return-Path: <promo@deals.example.net>",
    'From: "Prize Department" <promo@deals.example.net>',
    "To: winner@example.org",
    "Subject: YOU HAVE WON A FREE GIFT CARD",
    "Date: Mon, 13 Jan 2025 10:04:50 +0000",
    "Message-ID: <20250113100450.1234@deals.example.net>",
    "MIME-Version: 1.0",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    "<html><body>",
    '<p><img src="https://deals.example.net/banner.png" width="600" height="200" alt="Winner!"></p>',
    "<p>Congratulations! You have been selected to receive a <b>$1,000 gift card</b>.</p>",
    "<p>Act now: this offer expires today.</p>",
    '<p><a href="https://bit.ly/3xAmPlE">https://www.paypal.com/claim</a></p>',
    "<p>Click here to claim your prize.</p>",
    "</body></html>",
    "",
  ].join("\n"),
  // A newsletter as bulk senders are asked to send it: text and HTML alternatives, a DKIM
  // signature of the From domain covering List-Unsubscribe and List-Unsubscribe-Post, one-click
  // unsubscribe (RFC 8058). (The signature is the right shape; nothing here verifies it.)
  bulk: [
    "Return-Path: <bounces+4f2a31@news.example.com>",
    "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=news2025;",
    " t=1736762690; h=from:to:subject:date:message-id:list-unsubscribe:",
    " list-unsubscribe-post:mime-version:content-type;",
    " bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;",
    " b=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSBidXQgaXQgaXMgYmFzZTY0IGFuZCBsb25nIGVub3VnaCB0",
    " byBsb29rIGxpa2Ugb25lLCB3aGljaCBpcyBhbGwgd2UgbmVlZCBoZXJlLg==",
    "From: Example News <news@example.com>",
    "To: alice@example.org",
    "Subject: Your January newsletter from Example",
    "Date: Mon, 13 Jan 2025 10:04:50 +0000",
    "Message-ID: <20250113100450.9f8e7d@news.example.com>",
    "List-Unsubscribe: <https://news.example.com/unsubscribe/4f2a31>,",
    " <mailto:unsubscribe@news.example.com?subject=4f2a31>",
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="b1-4f2a31"',
    "",
    "--b1-4f2a31",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Hello Alice,",
    "",
    "the reading room opens again on the 20th after the repairs, and the",
    "library catalogue now lives at https://www.example.com/catalogue.",
    "The spring courses are listed there too; I think the Python one",
    "will fill up quickly.",
    "",
    "See you at the library,",
    "the Example team",
    "",
    "Unsubscribe: https://news.example.com/unsubscribe/4f2a31",
    "",
    "--b1-4f2a31",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "<html><body>",
    "<p>Hello Alice,</p>",
    "<p>the reading room opens again on the 20th after the repairs, and the",
    'library catalogue now lives at <a href=3D"https://www.example.com/catalogue">www.example.com/catalogue</a>.',
    "The spring courses are listed there too; I think the Python one",
    "will fill up quickly.</p>",
    "<p>See you at the library,<br>the Example team</p>",
    '<p><a href=3D"https://news.example.com/unsubscribe/4f2a31">Unsubscribe</a></p>',
    "</body></html>",
    "",
    "--b1-4f2a31--",
    "",
  ].join("\n"),
};

/** The rule categories of data/content-rules.tsv, as headings. */
const CATEGORY_TEXT = {
  bulk: "Bulk sending",
  auth: "Authentication",
  headers: "Headers",
  structure: "Structure",
  links: "Links",
  hidden: "Hidden content",
  wording: "Wording",
  model: "Learned model",
};

const VERDICT_SCORE_TEXT = {
  spam: "Spam",
  ham: "Not spam (ham)",
};

const scoreInput = $("score-input");
const scoreBackdrop = $("score-backdrop");
const scoreResults = $("score-results");
const scoreStatusLine = $("score-status");
const scoreCopyButton = $("score-copy");
const scoreFile = $("score-file");
const scorePanel = $("panel-score");

let scoreTimer = 0;
let lastScore = null; // the last ScoreReport shown
let scoreFileToken = 0; // the latest file read wins
// The file the textarea holds, as read: { name, bytes, text, locate }. While the textarea still
// holds exactly that text, the message is scored from the bytes; an edit makes the text the source.
let scoreFileSource = null;
// The sections of "The message" the reader has opened (headers, parts, preview, links, images,
// attachments): they stay open, and are built at once, when the report is rendered again.
const scoreOpenSections = new Set();

function setScoreStatus(text) {
  scoreStatusLine.textContent = text;
}

function showScorePlaceholder(text) {
  scoreResults.replaceChildren(el("p", { class: "placeholder" }, text));
}

/** 13.1, 5.0, 0.94: at most two decimals, at least one. */
function formatScore(n) {
  const fixed = (Math.round(n * 100) / 100).toFixed(2);
  return fixed.endsWith("0") ? fixed.slice(0, -1) : fixed;
}

/** +2.5, -0.8, 0: a finding's points with their sign. */
function formatPoints(n) {
  const rounded = Math.round(n * 100) / 100;
  return rounded > 0 ? `+${rounded}` : String(rounded);
}

/** How strongly a finding counts, for its colour (its points are shown as text beside it). */
function findingSeverity(points) {
  if (points >= 2) return "error";
  if (points > 0) return "warning";
  return "info";
}

/** The first-line offsets of `text`, for line and column numbers by binary search. */
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The number of sorted `values` below `x`. */
function countBelow(values, x) {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For a report of a file's bytes: maps a span to its place in the textarea. The textarea holds the
 * file decoded (UTF-8, or ISO-8859-1 with one character per byte) with its CRLF line breaks turned
 * into LF, as every textarea does; the report's UTF-16 offsets (UTF-8 files) or byte offsets
 * (ISO-8859-1) count the CRs. Returns span -> Location | null.
 */
function fileLocator(bytes, decoded, utf8) {
  const crlf = [];
  for (let i = decoded.indexOf("\r\n"); i !== -1; i = decoded.indexOf("\r\n", i + 2)) crlf.push(i);
  const text = decoded.replace(/\r\n?/g, "\n");
  const starts = lineStarts(text);
  // TextDecoder drops a UTF-8 byte order mark; the report counts it.
  const bom = utf8 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 1 : 0;
  const place = (offset) => {
    const o = Math.max(0, Math.min(offset - bom, decoded.length));
    return Math.min(o - countBelow(crlf, o), text.length);
  };
  return (span) => {
    if (!span) return null;
    let start = span.start;
    let end = span.end;
    if (utf8) {
      if (!span.loc) return null;
      start = span.loc.utf16Start;
      end = span.loc.utf16End;
    }
    const from = place(start);
    const to = Math.max(from, place(end));
    const line = countBelow(starts, from + 1);
    return { utf16Start: from, utf16End: to, line, column: from - starts[line - 1] + 1 };
  };
}

/** A span as the page uses it: only its location in the textarea (null when it has none). */
function viewSpan(span, locate) {
  const loc = locate(span);
  return loc ? { loc } : null;
}

/** A button that selects `loc` in `textarea`, or null without a location. */
function selectButton(loc, textarea, text, title = "Select this place in the input") {
  if (!loc) return null;
  const button = el("button", { type: "button", class: "link-button", title }, text);
  button.addEventListener("click", () => selectInInput(loc, textarea));
  return button;
}

function renderScoreVerdict(report) {
  const verdict = report.verdict === "spam" ? "spam" : "ham";
  const score = formatScore(report.score);
  const threshold = formatScore(report.threshold);
  const relation = verdict === "spam" ? `at or above the threshold of ${threshold}` : `below the threshold of ${threshold}`;
  const head = el(
    "p",
    { class: `verdict score-verdict verdict-${verdict}`, "data-field": "verdict", "data-value": report.verdict },
    `${VERDICT_SCORE_TEXT[verdict]}: `,
    el("span", { "data-field": "score", "data-value": String(report.score) }, score),
    ` points, ${relation}`,
  );
  // The meter only repeats the sentence above for the eye (aria-hidden): green below the
  // threshold, red from it on.
  const max = Math.max(10, Math.ceil(report.score));
  const meter = el("meter", {
    class: "score-meter",
    min: 0,
    max,
    low: report.threshold,
    high: report.threshold,
    optimum: 0,
    value: Math.max(0, Math.min(report.score, max)),
    "aria-hidden": "true",
  });
  const scale = el(
    "p",
    { class: "score-scale" },
    meter,
    " ",
    el("span", { class: "muted" }, `SpamAssassin's scale: the findings' points add up; a filter would move a message scoring ${threshold} or more to spam.`),
  );
  return [head, scale];
}

/** One finding: points, rule id, message, help and evidence; tied to its marks in the message. */
function renderFinding(f, index, textarea, backdrop, parts) {
  const severity = findingSeverity(f.points);
  const item = el("li", {
    class: `diagnostic finding sev-${severity}`,
    "data-rule": f.rule,
    "data-category": f.category,
    "data-severity": severity,
    "data-points": String(f.points),
    "data-index": index,
  });
  item.append(
    el("span", { class: `badge points sev-${severity}`, "data-field": "points", title: "Points added to the score" }, formatPoints(f.points)),
    " ",
    el("code", { class: "code", "data-field": "rule" }, f.rule),
    " ",
    el("span", { class: "message", "data-field": "message" }, f.message),
  );
  if (f.help) item.append(el("p", { class: "help", "data-field": "help" }, f.help));
  let first = null;
  if (f.evidence.length > 0) {
    const list = el("ul", { class: "evidence", "data-field": "evidence" });
    for (const e of f.evidence) {
      const loc = e.span?.loc ?? null;
      first ??= loc;
      const li = el("li", { class: "evidence-item", "data-part": e.part });
      if (e.part !== null && e.part !== undefined) {
        const partLoc = parts.get(e.part) ?? null;
        li.append("In part ", selectButton(partLoc, textarea, e.part, "Select this MIME part in the message") ?? el("span", {}, e.part), e.text || loc ? ": " : "");
      }
      if (e.text) li.append(el("q", { class: "excerpt", "data-field": "evidence.text" }, e.text));
      if (loc) li.append(" ", selectButton(loc, textarea, `(${locationText(loc)})`));
      list.append(li);
    }
    item.append(list);
  }
  if (first) {
    // The whole finding is a target too; the location buttons are the keyboard path.
    const loc = first;
    item.classList.add("selectable");
    item.addEventListener("click", (event) => {
      if (event.target instanceof Element && event.target.closest("a, button")) return;
      selectInInput(loc, textarea);
    });
  }
  const key = `f${index}`;
  item.addEventListener("mouseenter", () => emphasiseMarks(backdrop, key, true));
  item.addEventListener("mouseleave", () => emphasiseMarks(backdrop, key, false));
  item.addEventListener("focusin", () => emphasiseMarks(backdrop, key, true));
  item.addEventListener("focusout", () => emphasiseMarks(backdrop, key, false));
  return item;
}

/** The findings under one heading per category, the categories in the order of their first
 * (highest-scoring) finding. */
function renderFindingGroups(findings, textarea, backdrop, parts) {
  const groups = new Map();
  for (const [index, f] of findings.entries()) {
    if (!groups.has(f.category)) groups.set(f.category, []);
    groups.get(f.category).push([f, index]);
  }
  const nodes = [el("h3", { class: "findings-heading" }, `Findings (${findings.length})`)];
  for (const [category, members] of groups) {
    const points = members.reduce((sum, [f]) => sum + f.points, 0);
    const id = `score-category-${category}`;
    const count = members.length === 1 ? "1 finding" : `${members.length} findings`;
    const heading = el(
      "h4",
      { id, class: "category-heading" },
      Object.hasOwn(CATEGORY_TEXT, category) ? CATEGORY_TEXT[category] : category,
      " ",
      el("span", { class: "muted" }, `(${count}, ${formatPoints(points)} points)`),
    );
    const list = el("ul", { class: "diagnostics findings" });
    for (const [f, index] of members) list.append(renderFinding(f, index, textarea, backdrop, parts));
    nodes.push(el("section", { class: "finding-group", "data-category": category, "aria-labelledby": id }, heading, list));
  }
  return nodes;
}

/** A table with a caption, column headings and rows of cells (each row: [attrs, ...cells]). */
function dataTable(className, field, caption, columns, rows) {
  const table = el("table", { class: `terms ${className}`, "data-field": field });
  table.append(el("caption", {}, caption));
  table.append(el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { scope: "col" }, c)))));
  const body = el("tbody");
  for (const [attrs, ...cells] of rows) body.append(el("tr", attrs, ...cells));
  table.append(body);
  return el("div", { class: "table-wrap" }, table);
}

function renderHeadersTable(headers, locate) {
  const rows = headers.map((h, i) => [
    { class: "header-field", "data-name": h.name },
    el("td", { class: "muted" }, String(i + 1)),
    el("td", { "data-field": "name" }, selectButton(locate(h.span), scoreInput, el("code", {}, h.name), "Select this header field in the message") ?? el("code", {}, h.name)),
    el("td", { class: "header-value" }, field("value", h.value)),
  ]);
  return dataTable("message-headers", "headers", `Headers (${headers.length})`, ["#", "Name", "Value"], rows);
}

/** The MIME tree as nested lists, one level per depth (as the SPF trace is drawn). */
function renderMimeTree(parts, locate) {
  return nestedList(parts, "mime-tree", "mime-part", "parts", (p, depth) => {
    const multipart = p.contentType.toLowerCase().startsWith("multipart/");
    const details = [];
    if (p.charset) details.push(el("span", {}, "charset ", field("charset", p.charset, "code")));
    if (p.transferEncoding) details.push(el("span", {}, "encoding ", field("transferEncoding", p.transferEncoding, "code")));
    if (!multipart) details.push(el("span", { "data-field": "size", "data-value": String(p.size) }, formatBytes(p.size)));
    if (p.disposition) details.push(el("span", {}, "disposition ", field("disposition", p.disposition, "code")));
    if (p.filename) details.push(el("span", {}, "file ", field("filename", p.filename, "code")));
    const item = el(
      "li",
      { class: "mime-part", "data-path": p.path, "data-depth": depth },
      selectButton(locate(p.span), scoreInput, p.path, "Select this part in the message") ?? el("span", {}, p.path),
      " ",
      field("contentType", p.contentType, "code"),
    );
    for (const d of details) item.append(el("span", { class: "sep" }, ", "), d);
    return item;
  });
}

/**
 * A closed <details> of "The message" whose contents `build()` makes when it is first opened: the
 * report shows at once, and the tables of a long message are only laid out when someone reads them.
 * The <summary> is the keyboard and screen-reader control (a disclosure button, collapsed or
 * expanded; Enter and Space activate it with a click). The contents are built in the summary's click
 * handler, before the details opens (so no frame shows it empty), and on "toggle" for any other way
 * of opening it (a script setting `open`). A section the reader opened stays open, and is built at
 * once, through the next renders; one closed stays closed.
 */
function lazySection(key, label, build) {
  const details = el("details", { class: "message-section", "data-section": key });
  const summary = el("summary", {}, label);
  details.append(summary);
  let built = false;
  const fill = () => {
    if (built) return;
    built = true;
    details.append(build());
  };
  summary.addEventListener("click", fill);
  details.addEventListener("toggle", () => {
    if (details.open) {
      fill();
      scoreOpenSections.add(key);
    } else {
      scoreOpenSections.delete(key);
    }
  });
  if (scoreOpenSections.has(key)) {
    fill();
    details.open = true;
  }
  return details;
}

function renderSummary(summary, locate) {
  const section = el("section", { class: "message-summary", "aria-labelledby": "score-summary-heading" });
  section.append(el("h3", { id: "score-summary-heading" }, "The message"));
  const facts = el("dl", { class: "facts" });
  facts.append(...row("Subject", field("subject", summary.subject)));
  const from = [];
  if (summary.fromName) from.push(field("fromName", summary.fromName), " ");
  from.push(field("from", summary.from, "code"));
  facts.append(...row("From", ...from));
  facts.append(...row("Size", el("span", { "data-field": "size", "data-value": String(summary.size) }, formatBytes(summary.size))));
  facts.append(...row("Text", el("span", { "data-field": "textSize", "data-value": String(summary.textSize) }, summary.textSize > 0 ? formatBytes(summary.textSize) : "none")));
  facts.append(...row("HTML", el("span", { "data-field": "htmlSize", "data-value": String(summary.htmlSize) }, summary.htmlSize > 0 ? formatBytes(summary.htmlSize) : "none")));
  section.append(facts);

  // The rest is in sections built when opened (lazySection).
  const { headers, parts, links, images, attachments } = summary;
  section.append(lazySection("headers", `Headers (${headers.length})`, () => renderHeadersTable(headers, locate)));

  const partsLabel = parts.length === 1 ? "MIME structure (1 part)" : `MIME structure (${parts.length} parts)`;
  section.append(parts.length > 0 ? lazySection("parts", partsLabel, () => renderMimeTree(parts, locate)) : el("p", { class: "muted none-listed" }, "No MIME parts."));

  section.append(
    summary.textPreview === ""
      ? el("p", { class: "muted none-listed", "data-field": "textPreview", "data-null": true }, "No visible text.")
      : lazySection("preview", "Text preview", () => el("pre", { class: "text-preview", "data-field": "textPreview", tabindex: 0, "aria-label": "Text preview" }, summary.textPreview)),
  );

  const none = (what) => el("p", { class: "muted none-listed" }, `No ${what}.`);
  const linksLabel = links.length === 1 ? "Links (1), shown as text" : `Links (${links.length}), shown as text`;
  section.append(
    links.length === 0
      ? none("links")
      : lazySection("links", linksLabel, () =>
          dataTable(
            "message-links",
            "links",
            linksLabel,
            ["#", "Text", "Address", "Domain", "Part"],
            links.map((l, i) => [
              { class: "link", "data-index": i },
              el("td", { class: "muted" }, String(i + 1)),
              el("td", {}, field("text", l.text)),
              el("td", { class: "term-value" }, field("href", l.href, "code")),
              el("td", {}, field("domain", l.domain, "code")),
              el("td", {}, field("part", l.part)),
            ]),
          ),
        ),
  );
  const imagesLabel = images.length === 1 ? "Images (1), not loaded" : `Images (${images.length}), not loaded`;
  section.append(
    images.length === 0
      ? none("images")
      : lazySection("images", imagesLabel, () =>
          dataTable(
            "message-images",
            "images",
            imagesLabel,
            ["#", "Source", "Alt text", "Size", "Hidden", "Part"],
            images.map((img, i) => [
              { class: "image", "data-index": i },
              el("td", { class: "muted" }, String(i + 1)),
              el("td", { class: "term-value" }, field("src", img.src, "code")),
              el("td", {}, field("alt", img.alt)),
              el("td", {}, field("dimensions", img.width !== null || img.height !== null ? `${img.width ?? "?"} × ${img.height ?? "?"}` : null)),
              el("td", { "data-field": "hidden", "data-value": String(img.hidden) }, img.hidden ? "hidden" : "no"),
              el("td", {}, field("part", img.part)),
            ]),
          ),
        ),
  );
  const attachmentsLabel = `Attachments (${attachments.length})`;
  section.append(
    attachments.length === 0
      ? none("attachments")
      : lazySection("attachments", attachmentsLabel, () =>
          dataTable(
            "message-attachments",
            "attachments",
            attachmentsLabel,
            ["#", "File name", "Content type", "Size", "Part"],
            attachments.map((a, i) => [
              { class: "attachment", "data-index": i },
              el("td", { class: "muted" }, String(i + 1)),
              el("td", {}, field("filename", a.filename, "code")),
              el("td", {}, field("contentType", a.contentType, "code")),
              el("td", { "data-field": "size", "data-value": String(a.size) }, formatBytes(a.size)),
              el("td", {}, field("part", a.part)),
            ]),
          ),
        ),
  );
  return section;
}

function renderScore(report, text, locate) {
  // The report's spans as places in the textarea (for a file, see fileLocator).
  const diagnostics = report.diagnostics.map((d, i) => ({ ...d, span: viewSpan(d.span, locate), markKey: `d${i}` }));
  const findings = report.findings.map((f) => ({ ...f, evidence: f.evidence.map((e) => ({ ...e, span: viewSpan(e.span, locate) })) }));
  const marks = [...diagnostics];
  for (const [i, f] of findings.entries()) {
    for (const e of f.evidence) if (e.span) marks.push({ span: e.span, severity: findingSeverity(f.points), code: f.rule, markKey: `f${i}` });
  }
  paintBackdrop(scoreBackdrop, scoreInput, text, marks);
  const parts = new Map(report.summary.parts.map((p) => [p.path, locate(p.span)]));

  const nodes = [...renderScoreVerdict(report)];
  if (diagnostics.length > 0) {
    nodes.push(el("h3", { class: "findings-heading" }, `About the input (${diagnostics.length})`));
    const list = renderLocatedDiagnostics(diagnostics, text, scoreInput, scoreBackdrop);
    list.id = "score-diagnostics";
    nodes.push(list);
  }
  if (findings.length > 0) nodes.push(...renderFindingGroups(findings, scoreInput, scoreBackdrop, parts));
  else nodes.push(el("p", { class: "no-findings" }, "No findings."));
  nodes.push(renderSummary(report.summary, locate));
  scoreResults.replaceChildren(...nodes);
}

function scoreNow() {
  clearTimeout(scoreTimer);
  if (!ready) return;
  const text = scoreInput.value;
  if (scoreFileSource !== null && scoreFileSource.text !== text) {
    // Edited since the file was read: the text is the message now.
    scoreFileSource = null;
    setScoreStatus("");
  }
  if (text.trim() === "") {
    lastScore = null;
    scoreCopyButton.disabled = true;
    paintBackdrop(scoreBackdrop, scoreInput, text);
    showScorePlaceholder("Paste a message above, drop or open an .eml file, or try an example.");
    return;
  }
  const file = scoreFileSource;
  let report;
  try {
    report = file ? scoreMessageBytes(file.bytes) : scoreMessage(text);
  } catch (error) {
    // The scorer reports bad input as data; an exception here is a bug worth showing.
    console.error("deliverkit: scoreMessage threw", error);
    lastScore = null;
    scoreCopyButton.disabled = true;
    paintBackdrop(scoreBackdrop, scoreInput, text);
    showScorePlaceholder(`The scorer failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  lastScore = report;
  scoreCopyButton.disabled = false;
  renderScore(report, text, file ? file.locate : (span) => span?.loc ?? null);
  markFirstDecode();
}

function scheduleScore() {
  clearTimeout(scoreTimer);
  scoreTimer = setTimeout(scoreNow, DEBOUNCE_MS);
}

async function loadScoreFile(file) {
  const token = ++scoreFileToken;
  if (file.size > MAX_FILE_BYTES) {
    setScoreStatus(`${file.name} is too large (${formatBytes(file.size)}); the scorer reads messages of up to ${formatBytes(MAX_FILE_BYTES)}.`);
    return;
  }
  setScoreStatus(`Reading ${file.name}…`);
  let read;
  try {
    read = await readMessageBytes(file);
  } catch (error) {
    if (token === scoreFileToken) setScoreStatus(`Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (token !== scoreFileToken) return; // a later file replaced this one
  scoreInput.value = read.text;
  scoreFileSource = { name: file.name, bytes: read.bytes, text: scoreInput.value, locate: fileLocator(read.bytes, read.text, read.utf8) };
  scoreNow();
  syncScrollSoon(scoreBackdrop, scoreInput, true);
  setScoreStatus(`Loaded ${file.name} (${formatBytes(file.size)}, shown as ${read.encoding}; scored from the file's bytes).`);
}

async function copyScoreJson() {
  if (!lastScore) return;
  const ok = await copyText(JSON.stringify(lastScore, null, 2), scoreInput);
  setScoreStatus(ok ? "Copied the report as JSON." : "Copy failed: your browser blocked clipboard access.");
}

function loadScoreExample(name) {
  if (!Object.hasOwn(SCORE_EXAMPLES, name)) return;
  scoreFileToken++; // a file still being read must not replace the example
  scoreFileSource = null;
  scoreInput.value = SCORE_EXAMPLES[name];
  setScoreStatus("");
  scoreNow();
  scoreInput.focus();
  scoreInput.setSelectionRange(0, 0);
  syncScrollSoon(scoreBackdrop, scoreInput, true);
}

function clearScore() {
  scoreFileToken++;
  scoreFileSource = null;
  scoreInput.value = "";
  scoreFile.value = "";
  setScoreStatus("");
  scoreNow();
  scoreInput.focus();
}

function wireScore() {
  scoreInput.addEventListener("input", () => {
    // Keep the mirror in step at once (marks come back with the debounced score).
    paintBackdrop(scoreBackdrop, scoreInput, scoreInput.value);
    scheduleScore();
  });
  scoreInput.addEventListener("scroll", () => syncScroll(scoreBackdrop, scoreInput));
  new ResizeObserver(() => syncScroll(scoreBackdrop, scoreInput)).observe(scoreInput);
  $("score-form").addEventListener("submit", (event) => {
    event.preventDefault();
    scoreNow();
  });
  $("score-open").addEventListener("click", () => scoreFile.click());
  scoreFile.addEventListener("change", () => {
    const [file] = scoreFile.files;
    if (file) loadScoreFile(file);
    scoreFile.value = ""; // choosing the same file again reloads it
  });
  $("score-clear").addEventListener("click", clearScore);
  scoreCopyButton.addEventListener("click", () => {
    copyScoreJson();
  });
  for (const button of document.querySelectorAll("button.example[data-score-example]")) {
    button.addEventListener("click", () => loadScoreExample(button.dataset.scoreExample));
  }
  acceptFileDrop(scorePanel, loadScoreFile);
}

// =============================================================================================
// Received headers: the hops of a message's Received fields and the authentication verdicts the
// receivers wrote, from scoreMessage(...).trace. Headers hold addresses and host names, so the
// fragment keeps only the tab (#tool=headers).

const HEADERS_EXAMPLES = {
  // Four hops (application, queue, outbound relay, receiving MX, mailbox server), the receiver's
  // Authentication-Results and its ARC copy.
  relay: [
    "Return-Path: <bounces+4f2a31@news.example.com>",
    "ARC-Authentication-Results: i=1; mx.example.org;",
    " spf=pass (domain of bounces+4f2a31@news.example.com designates 192.0.2.25 as permitted sender)",
    " smtp.mailfrom=bounces+4f2a31@news.example.com;",
    " dkim=pass header.i=@example.com header.s=news2025 header.b=dGhpcyBp;",
    " dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com",
    "Authentication-Results: mx.example.org;",
    " spf=pass (domain of bounces+4f2a31@news.example.com designates 192.0.2.25 as permitted sender)",
    " smtp.mailfrom=bounces+4f2a31@news.example.com;",
    " dkim=pass header.i=@example.com header.s=news2025 header.b=dGhpcyBp;",
    " dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com",
    "Received: from mx.example.org (mx.example.org [198.51.100.20])",
    " by mailbox.example.org (Postfix) with ESMTPS id 7C1D2E0042",
    " for <alice@example.org>; Mon, 13 Jan 2025 10:41:07 +0000 (UTC)",
    "Received: from out-25.news.example.com (out-25.news.example.com [192.0.2.25])",
    " by mx.example.org with ESMTPS id a1b2c3d4",
    " (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256)",
    " for <alice@example.org>; Mon, 13 Jan 2025 10:05:02 +0000 (UTC)",
    "Received: from queue.news.example.com (queue.news.example.com [10.20.0.7])",
    " by out-25.news.example.com (Postfix) with ESMTP id 4F2A31C0E3;",
    " Mon, 13 Jan 2025 10:04:55 +0000 (UTC)",
    "Received: from app.news.example.com (app.news.example.com [10.20.0.3])",
    " by queue.news.example.com with SMTP; Mon, 13 Jan 2025 10:04:51 +0000",
    "From: Example News <news@example.com>",
    "To: alice@example.org",
    "Subject: Your January newsletter from Example",
    "Date: Mon, 13 Jan 2025 10:04:50 +0000",
    "Message-ID: <20250113100450.9f8e7d@news.example.com>",
    "",
  ].join("\n"),
};

// A hop that took this long or longer is marked as a long delay.
const LONG_DELAY_SECONDS = 5 * 60;

const AUTH_RESULTS = ["pass", "fail", "softfail", "neutral", "none", "permerror", "temperror"];

const headersInput = $("headers-input");
const headersResults = $("headers-results");
const headersStatusLine = $("headers-status");
const headersCopyButton = $("headers-copy");

let headersTimer = 0;
let lastHeaders = null; // { trace, diagnostics } of the last reading

function setHeadersStatus(text) {
  headersStatusLine.textContent = text;
}

function showHeadersPlaceholder(text) {
  headersResults.replaceChildren(el("p", { class: "placeholder" }, text));
}

/** 4 s, 36 min 5 s, 2 h 3 min, 1 d 2 h; negative durations keep their sign. */
function formatDuration(seconds) {
  const sign = seconds < 0 ? "-" : "";
  let s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  let text;
  if (d > 0) text = h > 0 ? `${d} d ${h} h` : `${d} d`;
  else if (h > 0) text = m > 0 ? `${h} h ${m} min` : `${h} h`;
  else if (m > 0) text = s > 0 ? `${m} min ${s} s` : `${m} min`;
  else text = `${s} s`;
  return sign + text;
}

/** The delay cell of a hop: the time since the previous hop, long or negative delays said in words. */
function delayCell(hop) {
  const seconds = hop.delaySeconds;
  if (seconds === null || seconds === undefined) {
    return el("td", { "data-label": "Delay" }, el("span", { class: "none", "data-field": "delay", "data-null": true }, hop.number === 1 ? "— (first hop)" : "— (not dated)"));
  }
  const long = seconds >= LONG_DELAY_SECONDS;
  const negative = seconds < 0;
  const cell = el(
    "td",
    { "data-label": "Delay", class: long ? "delay long" : negative ? "delay negative" : "delay" },
    el("span", { "data-field": "delay", "data-value": String(seconds) }, seconds > 0 ? `+${formatDuration(seconds)}` : formatDuration(seconds)),
  );
  if (long) cell.append(" ", el("span", { class: "badge delay-flag sev-warning", "data-field": "delayFlag", "data-value": "long" }, "long delay"));
  if (negative) cell.append(" ", el("span", { class: "badge delay-flag sev-info", "data-field": "delayFlag", "data-value": "negative" }, "earlier than the previous hop: the clocks disagree"));
  return cell;
}

function renderHops(trace) {
  const columns = ["#", "From", "IP", "By", "With", "TLS", "Date", "Delay"];
  const rows = trace.hops.map((hop) => {
    const long = hop.delaySeconds !== null && hop.delaySeconds >= LONG_DELAY_SECONDS;
    const number = selectButton(hop.span?.loc, headersInput, String(hop.number), "Select this Received field in the input") ?? el("span", {}, String(hop.number));
    return [
      { class: long ? "hop long" : "hop", "data-number": hop.number },
      el("th", { scope: "row", "data-label": "#", "data-field": "number" }, number),
      el("td", { "data-label": "From", class: "host" }, field("from", hop.from, "code")),
      el("td", { "data-label": "IP" }, field("fromIp", hop.fromIp, "code")),
      el("td", { "data-label": "By", class: "host" }, field("by", hop.by, "code")),
      el("td", { "data-label": "With" }, field("with", hop.with, "code")),
      el("td", { "data-label": "TLS" }, field("tls", hop.tls)),
      // RFC 3339, with a space for the T so that the date and the time can go on two lines.
      el(
        "td",
        { "data-label": "Date", class: "timestamp" },
        hop.date ? el("span", { "data-field": "date", "data-value": hop.date }, hop.date.replace("T", " ")) : field("date", null),
      ),
      delayCell(hop),
    ];
  });
  const caption = trace.hops.length === 1 ? "1 Received hop, first to last" : `${trace.hops.length} Received hops, first to last`;
  return dataTable("hops", "hops", caption, columns, rows);
}

function renderTotalDelay(trace) {
  const facts = el("dl", { class: "facts" });
  const total = trace.totalDelaySeconds;
  const longHops = trace.hops.filter((h) => h.delaySeconds !== null && h.delaySeconds >= LONG_DELAY_SECONDS).map((h) => h.number);
  facts.append(
    ...row(
      "Total delay",
      total === null || total === undefined
        ? el("span", { class: "none", "data-field": "totalDelay", "data-null": true }, "unknown (fewer than two dated hops)")
        : el("span", { "data-field": "totalDelay", "data-value": String(total) }, formatDuration(total)),
      total === null || total === undefined ? null : el("span", { class: "muted" }, ` from hop 1 to hop ${trace.hops.length}`),
    ),
  );
  facts.append(
    ...row(
      "Long delays",
      el(
        "span",
        { "data-field": "longDelays", "data-value": longHops.join(" "), class: longHops.length ? "over" : null },
        longHops.length === 0 ? `none (no hop took ${formatDuration(LONG_DELAY_SECONDS)} or more)` : `at hop ${longHops.join(", ")} (${formatDuration(LONG_DELAY_SECONDS)} or more)`,
      ),
    ),
  );
  return facts;
}

function renderAuth(auth) {
  const columns = ["Header", "Authserv-id", "Method", "Result", "Properties"];
  const rows = auth.map((a, i) => {
    const known = AUTH_RESULTS.includes(a.result) ? a.result : "other";
    const header = selectButton(a.span?.loc, headersInput, a.header, "Select this header field in the input") ?? el("span", {}, a.header);
    const props = el("td", { class: "term-value", "data-field": "properties" });
    for (const [k, p] of a.properties.entries()) {
      // (ParentNode.append would print a null as the text "null".)
      if (k > 0) props.append(el("br"));
      props.append(el("code", {}, p));
    }
    if (a.properties.length === 0) props.append(el("span", { class: "none" }, "—"));
    return [
      { class: `auth result-${known}`, "data-index": i, "data-method": a.method, "data-result": a.result },
      el("td", { "data-field": "header" }, header),
      el("td", {}, field("authservId", a.authservId, "code")),
      el("td", {}, field("method", a.method, "code")),
      el("td", {}, el("span", { class: `badge result-badge result-${known}`, "data-field": "result" }, a.result)),
      props,
    ];
  });
  return dataTable("auth-results", "auth", `Authentication results (${auth.length}), as the receivers reported them`, columns, rows);
}

function renderHeaders(report) {
  const { trace } = report;
  const nodes = [];
  if (trace.hops.length === 0 && trace.auth.length === 0) {
    nodes.push(el("p", { class: "placeholder" }, "No Received, Authentication-Results, ARC-Authentication-Results or Received-SPF field found."));
  }
  if (trace.hops.length > 0) {
    nodes.push(renderHops(trace), renderTotalDelay(trace));
  } else if (trace.auth.length > 0) {
    nodes.push(el("p", { class: "muted" }, "No Received field found."));
  }
  if (trace.auth.length > 0) nodes.push(renderAuth(trace.auth));
  else if (trace.hops.length > 0) nodes.push(el("p", { class: "muted" }, "No authentication results found."));
  if (report.diagnostics.length > 0) {
    nodes.push(el("h3", { class: "findings-heading" }, `About the input (${report.diagnostics.length})`));
    const list = renderDiagnostics(report.diagnostics, headersInput);
    list.id = "headers-diagnostics";
    nodes.push(list);
  }
  headersResults.replaceChildren(...nodes);
}

function readHeadersNow() {
  clearTimeout(headersTimer);
  if (!ready) return;
  const text = headersInput.value;
  if (text.trim() === "") {
    lastHeaders = null;
    headersCopyButton.disabled = true;
    showHeadersPlaceholder("Paste a message's headers above (or the whole message), or try the example.");
    return;
  }
  let report;
  try {
    report = scoreMessage(text);
  } catch (error) {
    // Bad input is reported as data; an exception here is a bug worth showing.
    console.error("deliverkit: scoreMessage threw", error);
    lastHeaders = null;
    headersCopyButton.disabled = true;
    showHeadersPlaceholder(`The reader failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  lastHeaders = { trace: report.trace, diagnostics: report.diagnostics };
  headersCopyButton.disabled = false;
  renderHeaders(report);
  markFirstDecode();
}

function scheduleHeaders() {
  clearTimeout(headersTimer);
  headersTimer = setTimeout(readHeadersNow, DEBOUNCE_MS);
}

async function copyHeadersJson() {
  if (!lastHeaders) return;
  const ok = await copyText(JSON.stringify(lastHeaders, null, 2), headersInput);
  setHeadersStatus(ok ? "Copied the hops and verdicts as JSON." : "Copy failed: your browser blocked clipboard access.");
}

function loadHeadersExample(name) {
  if (!Object.hasOwn(HEADERS_EXAMPLES, name)) return;
  headersInput.value = HEADERS_EXAMPLES[name];
  setHeadersStatus("");
  readHeadersNow();
  headersInput.focus();
  headersInput.setSelectionRange(0, 0);
  headersInput.scrollTop = 0;
}

function clearHeaders() {
  headersInput.value = "";
  setHeadersStatus("");
  readHeadersNow();
  headersInput.focus();
}

function wireHeaders() {
  headersInput.addEventListener("input", scheduleHeaders);
  $("headers-form").addEventListener("submit", (event) => {
    event.preventDefault();
    readHeadersNow();
  });
  $("headers-clear").addEventListener("click", clearHeaders);
  headersCopyButton.addEventListener("click", () => {
    copyHeadersJson();
  });
  for (const button of document.querySelectorAll("button.example[data-headers-example]")) {
    button.addEventListener("click", () => loadHeadersExample(button.dataset.headersExample));
  }
}

// ---- tabs ------------------------------------------------------------------------------------

const tabs = [...document.querySelectorAll('[role="tab"]')];

function selectTool(tool, { focus = false } = {}) {
  if (!tabs.some((t) => t.dataset.tool === tool)) tool = "smtp";
  activeTool = tool;
  for (const tab of tabs) {
    const selected = tab.dataset.tool === tool;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
    if (selected && focus) tab.focus();
  }
  document.body.dataset.tool = tool;
  if (!ready) return;
  if (tool === "record") {
    const shared = writeRecordHash();
    setRecordStatus(shared ? "" : "Input too long to keep in the link.");
    syncScrollSoon(recordBackdrop, recordInput);
  } else if (tool === "score") {
    // Only the tool: the message never goes into the fragment.
    replaceHash("#tool=score");
    syncScrollSoon(scoreBackdrop, scoreInput);
  } else if (tool === "headers") {
    // Only the tool: the headers never go into the fragment.
    replaceHash("#tool=headers");
  } else {
    const shared = writeHash();
    if (!fromFile()) setStatus(shared ? "" : "Input too long to keep in the link.");
  }
}

function onTabKey(event) {
  const index = tabs.indexOf(event.currentTarget);
  let next = null;
  if (event.key === "ArrowRight") next = tabs[(index + 1) % tabs.length];
  else if (event.key === "ArrowLeft") next = tabs[(index - 1 + tabs.length) % tabs.length];
  else if (event.key === "Home") next = tabs[0];
  else if (event.key === "End") next = tabs[tabs.length - 1];
  if (!next) return;
  event.preventDefault();
  selectTool(next.dataset.tool, { focus: true });
}

// ---- fragment restore --------------------------------------------------------------------------

/** The reading a fragment names (&mode=lines or &mode=message), else automatic. */
function modeOfHash(params) {
  const mode = params.get("mode");
  return MODES.includes(mode) ? mode : "auto";
}

/** Applies the fragment: selects its tool and fills that tool's inputs (on load and on hashchange). */
function restoreFromHash() {
  const params = parseHash();
  const tool = toolOfHash(params);
  if (tool === "record") {
    // A link of the six-tab page's SPF tool names the record "record" (and has no spec).
    const legacy = params.get("tool") !== "record";
    const values = new Map([
      [recordInput, params.get(legacy ? "record" : "text") ?? ""],
      [recordDomain, params.get("domain") ?? ""],
      ...Object.entries(EVAL_FIELDS).map(([key, box]) => [box, params.get(key) ?? ""]),
    ]);
    const rfc7489 = !legacy && params.get("spec") === "rfc7489";
    let changed = recordRfc7489.checked !== rfc7489;
    recordRfc7489.checked = rfc7489;
    for (const [box, value] of values) {
      if (box.value !== value) {
        box.value = value;
        changed = true;
      }
    }
    if (evalIp.value.trim() === "") {
      // A link without an IP address has no evaluation to show.
      evalActive = false;
      lastEval = null;
      evalResults.replaceChildren();
    } else if (!evalActive) {
      evalActive = true;
      changed = true;
    }
    selectTool("record");
    if (changed || lastRecord === null) checkRecordNow(); // (evaluates an SPF record with an IP)
  } else if (tool === "score" || tool === "headers") {
    // The fragment names the tool only; anything else in it is dropped (selectTool rewrites it).
    selectTool(tool);
  } else {
    // #smtp=..., #tool=smtp, and the six-tab page's #tool=bounce (whose fragment held no message).
    const text = params.get(HASH_KEY) ?? null;
    const mode = modeOfHash(params);
    const modeChanged = mode !== smtpMode();
    setSmtpMode(mode);
    selectTool("smtp");
    if (text !== null && text !== input.value) {
      fileToken++;
      smtpFileSource = null;
      input.value = text;
      decodeNow();
    } else if (modeChanged) {
      decodeNow();
    }
  }
}

function wire() {
  input.addEventListener("input", scheduleDecode);
  $("smtp-form").addEventListener("submit", (event) => {
    event.preventDefault();
    decodeNow();
  });
  $("smtp-clear").addEventListener("click", clearSmtp);
  copyButton.addEventListener("click", () => {
    copyJson();
  });
  for (const button of document.querySelectorAll("button.example[data-example]")) {
    button.addEventListener("click", () => loadExample(button.dataset.example));
  }
  // Choosing a reading decodes again at once.
  for (const radio of modeRadios) radio.addEventListener("change", decodeNow);
  $("smtp-open").addEventListener("click", () => smtpFile.click());
  smtpFile.addEventListener("change", () => {
    const [file] = smtpFile.files;
    if (file) loadSmtpFile(file);
    smtpFile.value = ""; // choosing the same file again reloads it
  });
  // Drop a file on the textarea or anywhere on the panel.
  acceptFileDrop(smtpPanel, loadSmtpFile);

  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTool(tab.dataset.tool, { focus: true }));
    tab.addEventListener("keydown", onTabKey);
  }

  recordInput.addEventListener("input", () => {
    // Keep the mirror in step at once (marks come back with the debounced check).
    paintBackdrop(recordBackdrop, recordInput, recordInput.value);
    scheduleRecordCheck();
  });
  recordInput.addEventListener("scroll", () => syncScroll(recordBackdrop, recordInput));
  new ResizeObserver(() => syncScroll(recordBackdrop, recordInput)).observe(recordInput);
  recordDomain.addEventListener("input", scheduleRecordCheck);
  recordRfc7489.addEventListener("change", checkRecordNow);
  $("record-form").addEventListener("submit", (event) => {
    event.preventDefault();
    checkRecordNow();
  });
  $("record-clear").addEventListener("click", clearRecord);
  recordCopyButton.addEventListener("click", () => {
    copyRecordJson();
  });
  for (const button of document.querySelectorAll("button.example[data-record-example]")) {
    button.addEventListener("click", () => loadRecordExample(button.dataset.recordExample));
  }
  for (const box of Object.values(EVAL_FIELDS)) box.addEventListener("input", onEvalFieldInput);
  $("eval-form").addEventListener("submit", (event) => {
    event.preventDefault();
    evalActive = true;
    checkRecordNow(); // and, for an SPF record, evaluates it
  });

  wireScore();
  wireHeaders();

  // A file dropped outside the panels that take one must not make the browser leave the page to
  // show it.
  const outsideDropPanels = (event) => hasFiles(event) && !dropPanels.some((panel) => panel.contains(event.target));
  window.addEventListener("dragover", (event) => {
    if (outsideDropPanels(event)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "none";
    }
  });
  window.addEventListener("drop", (event) => {
    if (outsideDropPanels(event)) event.preventDefault();
  });

  window.addEventListener("hashchange", restoreFromHash);
}

function setReady(value) {
  document.documentElement.dataset.ready = value;
  document.body.dataset.ready = value;
}

async function main() {
  wire();
  performance.mark("deliverkit:init-start");
  try {
    await init();
  } catch (error) {
    console.error("deliverkit: could not load the WebAssembly module", error);
    for (const box of [results, recordResults, scoreResults, headersResults]) box.setAttribute("aria-busy", "false");
    showPlaceholder("The decoder could not be loaded. This page needs a browser with WebAssembly.");
    showRecordPlaceholder("The checker could not be loaded. This page needs a browser with WebAssembly.");
    showScorePlaceholder("The scorer could not be loaded. This page needs a browser with WebAssembly.");
    showHeadersPlaceholder("The reader could not be loaded. This page needs a browser with WebAssembly.");
    setReady("error");
    return;
  }
  performance.mark("deliverkit:init-end");
  ready = true;
  $("version").textContent = `v${version()}`;
  for (const box of [results, recordResults, scoreResults, headersResults]) box.setAttribute("aria-busy", "false");
  scoreNow(); // the message score panel shows its placeholder (the fragment never fills it)
  readHeadersNow(); // and so does the Received headers panel

  const params = parseHash();
  const tool = toolOfHash(params);
  if (tool === "smtp") {
    const fromHash = params.get(HASH_KEY) ?? null;
    if (fromHash !== null) input.value = fromHash;
    setSmtpMode(modeOfHash(params));
    selectTool("smtp");
    decodeNow();
    checkRecordNow(); // the DNS record panel shows its placeholder
  } else {
    activeTool = tool; // first, so that the other panels' placeholders do not touch the fragment
    setSmtpMode("auto");
    decodeNow(); // the SMTP panel shows its placeholder
    if (tool !== "record") checkRecordNow(); // and so does the DNS record panel
    restoreFromHash();
  }
  setReady("1");
  performance.mark("deliverkit:ready");
  whenIdle(warmScorer);
}

/** Runs `task` once the page is idle (or after a short wait where requestIdleCallback is missing). */
function whenIdle(task) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => task(), { timeout: 3000 });
  else setTimeout(task, 300);
}

// A small message with the parts a real one has (a text and an HTML alternative, a link, an image).
const WARM_MESSAGE = [
  "From: Example <news@example.com>",
  "To: a@example.org",
  "Subject: Hello",
  "Date: Mon, 13 Jan 2025 10:04:50 +0000",
  "Message-ID: <warm@example.com>",
  "Received: from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.org with ESMTPS; Mon, 13 Jan 2025 10:04:51 +0000",
  "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.com",
  "MIME-Version: 1.0",
  'Content-Type: multipart/alternative; boundary="b"',
  "",
  "--b",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "Hello, see https://www.example.com/ for the news.",
  "--b",
  "Content-Type: text/html; charset=utf-8",
  "Content-Transfer-Encoding: quoted-printable",
  "",
  '<p>Hello, see <a href=3D"https://www.example.com/">the news</a>.<img src=3D"https://www.example.com/a.png" alt=3D""></p>',
  "--b--",
  "",
].join("\n");

/**
 * The scorer's first call is slow: 15-30 ms in Chromium, which compiles WebAssembly functions when
 * they are first called. The first message scored (Message score, Received headers) would wait for
 * that; it is paid here instead, once the page is idle (the result is not used).
 */
function warmScorer() {
  scoreMessage(WARM_MESSAGE);
}

main();
