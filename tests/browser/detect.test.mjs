// Browser test of how the SMTP error / bounce tool of the page (www/) reads its one input, in headless
// Chromium through playwright-core: reply and log lines (decodeSmtpLines) or a whole message
// (decodeBounce), detected automatically (a header section at the top followed by a blank line, or an
// opened .eml file) and said in words; the "Read as" radio group that overrides it, with the keyboard;
// the fragment, which keeps the choice but never a message; and Copy as JSON following the reading.
// With ../shared/corpora/smtp/ present, every message of the bounce corpus must be read as a
// message and every reply line of the SMTP corpus as lines.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { SKIP, launch, waitReady } from "./helpers.mjs";
import { decodeBounce, decodeSmtpLines } from "../../pkg/node.mjs";

const CORPUS = process.env.DELIVERKIT_SMTP_CORPUS ?? fileURLToPath(new URL("../../../shared/corpora/smtp/", import.meta.url));
const HAVE_CORPUS = existsSync(join(CORPUS, "set-of-emails", "maildir")) && existsSync(join(CORPUS, "provider_replies.tsv"));

const REPLY = "550 5.1.1 <x@example.net>: Recipient address rejected: User unknown";
const AUTO_LINES = "Read as reply or log lines (detected: no header section at the top).";
const AUTO_MESSAGE = "Read as a whole bounce message (detected: header fields at the top, then a blank line).";

let harness;
let origin;

before(async () => {
  if (SKIP) return;
  harness = await launch();
  ({ origin } = harness);
});

after(async () => {
  await harness?.close();
});

/** The reading shown under the input. */
function readDetected(page) {
  return page.$eval("#smtp-detected", (node) => ({ detected: node.dataset.detected, mode: node.dataset.mode, source: node.dataset.source, text: node.textContent }));
}

/** What the results show: reply cards or a bounce view. */
function readShown(page) {
  return page.$eval("#smtp-results", (root) => ({
    cards: root.querySelectorAll(".report").length,
    kind: root.querySelector('[data-field="kind"]')?.dataset.value ?? null,
    recipients: [...root.querySelectorAll('tr.recipient [data-field="recipient"]')].map((n) => n.textContent),
  }));
}

/** What the tool shows for `text`: reply cards for lines, the bounce view for a message. */
function expectedShown(text, mode) {
  if (mode === "message") {
    const report = decodeBounce(text);
    return { cards: 0, kind: report.kind, recipients: report.recipients.map((r) => r.recipient) };
  }
  return { cards: decodeSmtpLines(text).length, kind: null, recipients: [] };
}

/**
 * Reads each text through the page at once: the form's submit handler decodes synchronously. For
 * the harness's sake, a plain submit event (requestSubmit() costs milliseconds of its own per call)
 * and, during the loop, no history writes (each reply line's fragment would be one more same-document
 * navigation for Playwright to follow).
 */
function readAsInPage(page, texts) {
  return page.evaluate((list) => {
    const input = document.getElementById("smtp-input");
    const submit = () => document.getElementById("smtp-form").dispatchEvent(new Event("submit", { cancelable: true }));
    const replaceState = history.replaceState;
    history.replaceState = () => {};
    let out;
    try {
      out = list.map((text) => {
        input.value = text;
        submit();
        return document.getElementById("smtp-detected").dataset.detected;
      });
    } finally {
      history.replaceState = replaceState;
    }
    input.value = "";
    submit();
    return out;
  }, texts);
}

const hash = (page) => page.evaluate(() => location.hash);

test("SMTP error / bounce tool: the automatic reading, said in words, and its override", { timeout: 180_000 }, async (t) => {
  if (SKIP) {
    t.skip(SKIP);
    return;
  }
  const page = await harness.newPage();
  await page.goto(`${origin}/`);
  await waitReady(page);

  await t.test("the Read as group: labelled radios, automatic by default, nothing said before there is input", async () => {
    assert.equal(await page.$eval("#smtp-read-as", (f) => f.tagName), "FIELDSET");
    assert.equal(await page.$eval("#smtp-read-as legend", (l) => l.textContent), "Read as");
    assert.deepEqual(
      await page.$$eval('#smtp-read-as input[type="radio"]', (radios) => radios.map((r) => [r.value, r.name, r.checked, document.querySelector(`label[for="${r.id}"]`)?.textContent])),
      [
        ["auto", "smtp-mode", true, "automatic"],
        ["lines", "smtp-mode", false, "reply or log lines"],
        ["message", "smtp-mode", false, "whole bounce message"],
      ],
    );
    assert.deepEqual(await readDetected(page), { detected: "", mode: "", source: "auto", text: "" });
    assert.equal(await page.isVisible("#smtp-detected"), false, "an empty line takes no room");
    assert.match(await page.getAttribute("#smtp-input", "aria-describedby"), /smtp-detected/, "the reading describes the textarea");
    assert.equal(await page.getAttribute("#smtp-detected", "aria-live"), "polite");
  });

  await t.test("every example is read as what it is, in one click", async () => {
    const names = await page.$$eval("#panel-smtp button.example", (b) => b.map((x) => x.dataset.example));
    assert.deepEqual(names, ["gmail-5.7.26", "outlook-prx2", "postfix", "exim", "multiline", "several", "bounce-dsn", "bounce-qmail"]);
    for (const name of names) {
      await page.click(`button[data-example="${name}"]`);
      const text = await page.inputValue("#smtp-input");
      const mode = name.startsWith("bounce-") ? "message" : "lines";
      assert.deepEqual(await readDetected(page), { detected: mode, mode, source: "auto", text: mode === "message" ? AUTO_MESSAGE : AUTO_LINES }, name);
      assert.deepEqual(await readShown(page), expectedShown(text, mode), name);
      if (mode === "lines") assert.equal(await hash(page), `#smtp=${encodeURIComponent(text)}`, `${name}: reply lines are kept in the link`);
      else assert.equal(await hash(page), "#tool=smtp", `${name}: a message is not`);
    }
  });

  await t.test("typed input: header fields and a blank line make a message; reply lines, log lines and a lone field do not", async () => {
    const message = ["From: MAILER-DAEMON@mx.example.com", "Subject: failure notice", "", `<x@example.net>: ${REPLY}`, ""].join("\n");
    const cases = [
      [message, "message"],
      [`\n\n${message}`, "message"], // leading blank lines
      [`From MAILER-DAEMON Mon Jan 13 10:04:52 2025\n${message}`, "message"], // an mbox separator line
      [["Received: from mx.example.com", "\tby mail.example.org; Mon, 13 Jan 2025 10:04:52 +0000", "Subject: x", "", "body"].join("\n"), "message"], // folded
      [message.replace("\n\n", "\n"), "lines"], // no blank line after the fields
      [["Subject: failure notice", "", REPLY].join("\n"), "lines"], // one field only
      [`Diagnostic-Code: smtp; ${REPLY}\n\n`, "lines"], // a DSN field on its own
      [`${REPLY}\n\n`, "lines"],
      ["Jan 12 10:04:51 mail postfix/smtp[2211]: 4F2A31C0E3: to=<x@example.com>, status=bounced (host said: 550 5.1.1 unknown)", "lines"],
      ["host mx.example.com[192.0.2.1]: 550 5.1.1 user unknown\nSubject: x\n\n", "lines"], // fields not at the top
      ["   \n", ""], // nothing to read
    ];
    assert.deepEqual(await readAsInPage(page, cases.map(([text]) => text)), cases.map(([, kind]) => kind));

    // As typed (debounced): the view switches between reply cards and the bounce view.
    await page.fill("#smtp-input", REPLY);
    await page.waitForFunction(() => document.querySelectorAll("#smtp-results .report").length === 1);
    assert.deepEqual(await readDetected(page), { detected: "lines", mode: "lines", source: "auto", text: AUTO_LINES });
    await page.fill("#smtp-input", message);
    await page.waitForFunction(() => document.querySelector('#smtp-results [data-field="kind"]'));
    assert.deepEqual(await readDetected(page), { detected: "message", mode: "message", source: "auto", text: AUTO_MESSAGE });
    assert.deepEqual(await readShown(page), expectedShown(message, "message"));
    assert.deepEqual((await readShown(page)).recipients, ["x@example.net"]);
    assert.equal(await hash(page), "#tool=smtp", "a typed message is not put in the link");
  });

  await t.test("the bounce corpus is read as messages, the SMTP corpus's reply lines as lines", { skip: !HAVE_CORPUS && "corpus not found" }, async () => {
    const files = [];
    const walk = (dir) => {
      for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (statSync(path).size >= 16) files.push(path); // (mailbox/size-* are 0 to 3 bytes)
      }
    };
    walk(join(CORPUS, "set-of-emails", "maildir"));
    walk(join(CORPUS, "set-of-emails", "mailbox"));
    // As the page reads a file that is not UTF-8: one character per byte.
    const messages = files.map((f) => new TextDecoder("iso-8859-1").decode(readFileSync(f)));
    const lines = [];
    for (const row of readFileSync(join(CORPUS, "provider_replies.tsv"), "utf8").split("\n")) {
      const cells = row.split("\t");
      if (row.startsWith("#") || cells[0] === "provider" || !cells[1]) continue;
      lines.push(cells[1]);
    }
    const expected = readFileSync(join(CORPUS, "expected.tsv"), "utf8").split("\n").filter((l) => !l.startsWith("#"));
    const column = expected[0].split("\t").indexOf("diagnosticcode_from_5.1.0_run");
    assert.ok(column > 0, "expected.tsv has the diagnostic code column");
    for (const row of expected.slice(1)) if (row.split("\t")[column]) lines.push(row.split("\t")[column]);
    assert.ok(messages.length > 800 && lines.length > 1000, `${messages.length} messages, ${lines.length} lines`);

    const readMessages = await readAsInPage(page, messages);
    const missed = files.filter((_, i) => readMessages[i] !== "message");
    assert.deepEqual(missed, [], "every message of the corpus is read as a message");
    const readLines = await readAsInPage(page, lines);
    const wrong = lines.filter((_, i) => readLines[i] !== "lines");
    assert.deepEqual(wrong, [], "every reply line is read as lines");
  });

  await t.test("choosing a reading overrides the detection, at once; the link keeps the choice, never a message", async () => {
    await page.click('button[data-example="bounce-dsn"]');
    const dsn = await page.inputValue("#smtp-input");
    await page.check("#smtp-mode-lines");
    assert.deepEqual(await readDetected(page), {
      detected: "message",
      mode: "lines",
      source: "override",
      text: "Read as reply or log lines (your choice; read automatically, it would be a whole bounce message).",
    });
    assert.deepEqual(await readShown(page), expectedShown(dsn, "lines"));
    assert.ok((await readShown(page)).cards > 1, "the message's lines are decoded one reply at a time");
    assert.equal(await hash(page), "#tool=smtp&mode=lines", "the choice, not the message");

    // Copy as JSON follows the reading: the reply reports as an array.
    await page.click("#smtp-copy");
    await page.waitForFunction(() => document.getElementById("smtp-status").textContent.startsWith("Copied"));
    const copiedLines = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.deepEqual(copiedLines, JSON.parse(JSON.stringify(decodeSmtpLines(dsn))));

    await page.check("#smtp-mode-message");
    assert.deepEqual(await readDetected(page), {
      detected: "message",
      mode: "message",
      source: "override",
      text: "Read as a whole bounce message (your choice; the automatic reading agrees).",
    });
    assert.deepEqual(await readShown(page), expectedShown(dsn, "message"));
    assert.equal(await hash(page), "#tool=smtp&mode=message");
    await page.click("#smtp-copy");
    await page.waitForFunction(() => document.getElementById("smtp-status").textContent === "Copied the report as JSON.");
    assert.deepEqual(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())), JSON.parse(JSON.stringify(decodeBounce(dsn))));

    await page.check("#smtp-mode-auto");
    assert.deepEqual(await readDetected(page), { detected: "message", mode: "message", source: "auto", text: AUTO_MESSAGE });
    assert.equal(await hash(page), "#tool=smtp");

    // Reply lines read as a message: decodeBounce's answer, and still nothing of the text in the link.
    await page.check("#smtp-mode-message");
    await page.fill("#smtp-input", REPLY);
    await page.waitForFunction(() => document.querySelector('#smtp-results [data-field="kind"]')?.dataset.value === "not-bounce");
    assert.deepEqual(await readDetected(page), {
      detected: "lines",
      mode: "message",
      source: "override",
      text: "Read as a whole bounce message (your choice; read automatically, it would be reply or log lines).",
    });
    assert.deepEqual(await readShown(page), expectedShown(REPLY, "message"));
    assert.equal(await hash(page), "#tool=smtp&mode=message", "typing keeps the choice; the text stays out of the link");
  });

  await t.test("the radios work with the keyboard; a chosen reading of reply lines round-trips through the link", async () => {
    await page.focus("#smtp-mode-message");
    await page.keyboard.press("ArrowRight"); // wraps to the first radio
    assert.equal(await page.isChecked("#smtp-mode-auto"), true);
    assert.equal((await readDetected(page)).mode, "lines", "arrow keys change the reading at once");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.isChecked("#smtp-mode-lines"), true);
    assert.deepEqual(await readDetected(page), { detected: "lines", mode: "lines", source: "override", text: "Read as reply or log lines (your choice; the automatic reading agrees)." });
    const linked = `#smtp=${encodeURIComponent(REPLY)}&mode=lines`;
    assert.equal(await hash(page), linked);

    const shared = await harness.newPage();
    await shared.goto(`${origin}/${linked}`);
    await waitReady(shared);
    assert.equal(await shared.isChecked("#smtp-mode-lines"), true);
    assert.equal(await shared.inputValue("#smtp-input"), REPLY);
    assert.deepEqual(await readShown(shared), expectedShown(REPLY, "lines"));
    assert.equal(await hash(shared), linked, "restoring does not rewrite the fragment");
    // A hand-edited fragment (hashchange) applies its reading.
    await shared.evaluate(() => {
      location.hash = "#tool=smtp&mode=message";
    });
    await shared.waitForFunction(() => document.getElementById("smtp-mode-message").checked && document.querySelector('#smtp-results [data-field="kind"]'));
    assert.equal(await hash(shared), "#tool=smtp&mode=message");
    await shared.close();
  });

  await t.test("an example and Clear go back to the automatic reading", async () => {
    await page.check("#smtp-mode-message");
    await page.click('button[data-example="outlook-prx2"]');
    assert.equal(await page.isChecked("#smtp-mode-auto"), true);
    assert.deepEqual(await readDetected(page), { detected: "lines", mode: "lines", source: "auto", text: AUTO_LINES });
    await page.check("#smtp-mode-lines");
    await page.click("#smtp-clear");
    assert.equal(await page.isChecked("#smtp-mode-auto"), true);
    assert.equal(await hash(page), "", "no input, automatic reading: no fragment");
    assert.deepEqual(await readDetected(page), { detected: "", mode: "", source: "auto", text: "" });
  });

  await t.test("an opened .eml file is a message whatever it holds; other files go by their text; no file goes into the link", async () => {
    await page.setInputFiles("#smtp-file", { name: "reply.eml", mimeType: "message/rfc822", buffer: Buffer.from(`${REPLY}\n`) });
    await page.waitForFunction(() => document.getElementById("smtp-status").textContent.startsWith("Loaded reply.eml"));
    assert.deepEqual(await readDetected(page), {
      detected: "message",
      mode: "message",
      source: "auto",
      text: "Read as a whole bounce message (detected: opened as the .eml file reply.eml).",
    });
    assert.deepEqual(await readShown(page), expectedShown(`${REPLY}\n`, "message"));
    assert.equal(await hash(page), "#tool=smtp");
    // Edited, it is ordinary text again: reply lines, kept in the link.
    await page.fill("#smtp-input", REPLY);
    await page.waitForFunction(() => document.getElementById("smtp-detected").dataset.mode === "lines");
    assert.deepEqual(await readDetected(page), { detected: "lines", mode: "lines", source: "auto", text: AUTO_LINES });
    assert.equal(await page.textContent("#smtp-status"), "", "the file's status goes with the file");
    assert.equal(await hash(page), `#smtp=${encodeURIComponent(REPLY)}`);

    const log = [
      "Jan 12 10:04:51 mail postfix/smtp[2211]: 4F2A31C0E3: to=<x@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <x@example.com>: User unknown (in reply to RCPT TO command))",
      "Jan 12 10:04:52 mail postfix/smtp[2212]: 5A1B2C3D4E: to=<y@example.org>, relay=mx.example.org[192.0.2.2]:25, dsn=4.2.2, status=deferred (host mx.example.org[192.0.2.2] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))",
    ].join("\n");
    await page.setInputFiles("#smtp-file", { name: "mail.log", mimeType: "text/plain", buffer: Buffer.from(log) });
    await page.waitForFunction(() => document.getElementById("smtp-status").textContent.startsWith("Loaded mail.log"));
    assert.deepEqual(await readDetected(page), { detected: "lines", mode: "lines", source: "auto", text: AUTO_LINES });
    assert.deepEqual(await readShown(page), expectedShown(log, "lines"));
    assert.equal(await hash(page), "#tool=smtp", "an opened file is not put in the link, even as lines");

    const message = ["From: MAILER-DAEMON@mx.example.com", "Subject: failure notice", "", `<x@example.net>: ${REPLY}`, ""].join("\n");
    await page.setInputFiles("#smtp-file", { name: "bounce.txt", mimeType: "text/plain", buffer: Buffer.from(message) });
    await page.waitForFunction(() => document.getElementById("smtp-status").textContent.startsWith("Loaded bounce.txt"));
    assert.deepEqual(await readDetected(page), { detected: "message", mode: "message", source: "auto", text: AUTO_MESSAGE });
    assert.deepEqual((await readShown(page)).recipients, ["x@example.net"]);
  });

  await page.close();
  harness.assertClean();
});
