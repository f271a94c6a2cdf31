// deliverkit page: SMTP reply decoder.
//
// Plain ES module, no bundler. Everything the user pastes is shown with textContent and
// createElement only; it is never parsed as HTML. The page makes no network request beyond
// its own files (see the Content-Security-Policy in index.html).

import init, { version, decodeSmtpLines } from "./pkg/deliverkit.js";

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

let lastReports = [];
let debounceTimer = 0;
let ready = false;

// ---------------------------------------------------------------------------------------------
// DOM helpers: every piece of text goes through textContent.

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || ["href", "rel", "target", "type", "id", "role", "title"].includes(key)) {
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

function selectInInput(loc) {
  if (!loc) return;
  input.focus();
  input.setSelectionRange(loc.utf16Start, loc.utf16End);
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

function renderDiagnostics(diagnostics) {
  const list = el("ul", { class: "diagnostics", "data-field": "diagnostics" });
  for (const d of diagnostics) {
    const severity = Object.hasOwn(SEVERITY_TEXT, d.severity) ? d.severity : "info";
    const item = el("li", { class: `diagnostic sev-${severity}`, "data-severity": severity, "data-code": d.code });
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
      button.addEventListener("click", () => selectInInput(loc));
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
  heading.append(
    total > 1 ? el("span", { class: "ordinal" }, `#${index + 1} `) : null,
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
  lastReports = reports;
  copyButton.disabled = reports.length === 0;
  if (reports.length === 0) {
    showPlaceholder("No reply found in the input.");
    return;
  }
  const summary = el("p", { class: "summary" }, reports.length === 1 ? "1 reply decoded." : `${reports.length} replies decoded.`);
  results.replaceChildren(summary, ...reports.map((r, i) => renderReport(r, i, reports.length)));
}

// ---------------------------------------------------------------------------------------------
// URL fragment: #smtp=<encodeURIComponent(text)>

function readHash() {
  const hash = location.hash.startsWith("#") ? location.hash.slice(1) : location.hash;
  for (const part of hash.split("&")) {
    if (part.startsWith(`${HASH_KEY}=`)) {
      try {
        return decodeURIComponent(part.slice(HASH_KEY.length + 1));
      } catch {
        return null; // a malformed fragment is ignored, never fatal
      }
    }
  }
  return null;
}

function writeHash(text) {
  const base = location.pathname + location.search;
  if (text === "") {
    if (location.hash) history.replaceState(null, "", base);
    return true;
  }
  if (text.length > MAX_HASH_CHARS) {
    if (location.hash) history.replaceState(null, "", base);
    return false;
  }
  const hash = `#${HASH_KEY}=${encodeURIComponent(text)}`;
  if (location.hash !== hash) history.replaceState(null, "", base + hash);
  return true;
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
  const shared = writeHash(text);
  setStatus(shared ? "" : "Input too long to keep in the link.");
  if (text.trim() === "") {
    lastReports = [];
    copyButton.disabled = true;
    showPlaceholder("Paste an SMTP reply, a bounce line or an MTA log line above, or try an example.");
    return;
  }
  let reports;
  try {
    reports = decodeSmtpLines(text);
  } catch (error) {
    // The decoder reports bad input as data; an exception here is a bug worth showing.
    console.error("deliverkit: decodeSmtpLines threw", error);
    lastReports = [];
    copyButton.disabled = true;
    showPlaceholder(`The decoder failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  render(reports);
}

function scheduleDecode() {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(decodeNow, DEBOUNCE_MS);
}

async function copyJson() {
  const json = JSON.stringify(lastReports, null, 2);
  try {
    await navigator.clipboard.writeText(json);
  } catch {
    // Clipboard API refused (permissions, insecure context): fall back to a selection copy.
    const scratch = el("textarea", { class: "offscreen", "aria-hidden": "true" });
    scratch.value = json;
    document.body.append(scratch);
    scratch.select();
    const ok = document.execCommand("copy");
    scratch.remove();
    input.focus();
    if (!ok) {
      setStatus("Copy failed: your browser blocked clipboard access.");
      return;
    }
  }
  setStatus(lastReports.length === 1 ? "Copied 1 report as JSON." : `Copied ${lastReports.length} reports as JSON.`);
}

function loadExample(name) {
  const text = EXAMPLES[name];
  if (text === undefined) return;
  input.value = text;
  decodeNow();
  input.focus();
}

function restoreFromHash() {
  const text = readHash();
  if (text !== null && text !== input.value) {
    input.value = text;
    decodeNow();
  }
}

function wire() {
  input.addEventListener("input", scheduleDecode);
  $("smtp-form").addEventListener("submit", (event) => {
    event.preventDefault();
    decodeNow();
  });
  $("smtp-clear").addEventListener("click", () => {
    input.value = "";
    decodeNow();
    input.focus();
  });
  copyButton.addEventListener("click", () => {
    copyJson();
  });
  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => loadExample(button.dataset.example));
  }
  window.addEventListener("hashchange", restoreFromHash);
}

async function main() {
  wire();
  try {
    await init();
  } catch (error) {
    console.error("deliverkit: could not load the WebAssembly module", error);
    results.setAttribute("aria-busy", "false");
    showPlaceholder("The decoder could not be loaded. This page needs a browser with WebAssembly.");
    document.body.dataset.ready = "error";
    return;
  }
  ready = true;
  $("version").textContent = `v${version()}`;
  results.setAttribute("aria-busy", "false");

  const fromHash = readHash();
  if (fromHash !== null) input.value = fromHash;
  decodeNow();
  document.body.dataset.ready = "1";
}

main();
