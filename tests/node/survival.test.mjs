// Issue #8: the WASM module survives anything. One instance decodes every file of the corpora with
// every export that reads text (scoreMessageBytes also reads the raw bytes), plus hostile inputs,
// and must still answer correctly at the end.
// Also: the .wasm imports nothing that could reach the network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as dk from '../../pkg/node.mjs';

const corpora = new URL('../../../shared/corpora/', import.meta.url).pathname;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

const text = (bytes) => {
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  return utf8.includes('\uFFFD') ? new TextDecoder('iso-8859-1').decode(bytes) : utf8;
};

test('the .wasm imports only wasm-bindgen glue: no fetch, sockets or timers', () => {
  const mod = new WebAssembly.Module(readFileSync(new URL('../../pkg/deliverkit_bg.wasm', import.meta.url)));
  const imports = WebAssembly.Module.imports(mod);
  assert.ok(imports.length > 0);
  for (const i of imports) {
    assert.equal(i.module, './deliverkit_bg.js', `import from ${i.module}`);
    assert.doesNotMatch(i.name, /fetch|xmlhttp|websocket|request|socket|sendbeacon|eventsource|importscripts|navigator/i, i.name);
  }
  const glue = readFileSync(new URL('../../pkg/deliverkit.js', import.meta.url), 'utf8');
  // The glue's only fetch is init()'s load of the module's own .wasm file.
  assert.equal((glue.match(/\bfetch\(/g) || []).length, 1);
  assert.doesNotMatch(glue, /XMLHttpRequest|WebSocket|sendBeacon|EventSource/);
});

test('every corpus file through every text entry point, then hostile inputs, in one instance', () => {
  let n = 0;
  const zone = { 'example.com': [{ TXT: 'v=spf1 include:_spf.example.com -all' }], '_spf.example.com': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 ~all' }] };
  for (const f of files(corpora)) {
    const bytes = readFileSync(f);
    const t = text(bytes);
    const reports = [
      dk.decodeSmtpLines(t.slice(0, 200_000)),
      dk.decodeBounce(t),
      dk.validateRecord(t.slice(0, 70_000)),
      // Both steps of the SPF report: the check at the call, the whole report on first read.
      dk.validateSpf(t.slice(0, 70_000)).diagnostics,
      dk.scoreMessage(t),
      dk.scoreMessageBytes(bytes),
    ];
    for (const r of reports) assert.ok(r && typeof r === 'object', f);
    n++;
  }
  assert.ok(n > 4000, `${n} files`);
  const hostile = [
    '', '\0'.repeat(1000), ' '.repeat(1_000_000), '5'.repeat(100_000), '550-'.repeat(50_000),
    'Content-Type: multipart/mixed; boundary=a\n\n' + '--a\nContent-Type: multipart/mixed; boundary=a\n\n'.repeat(5000),
    'Content-Type: multipart/mixed; boundary=b0\n\n' + Array.from({ length: 20_000 }, (_, i) => `--b${i}\nContent-Type: multipart/mixed; boundary=b${i + 1}\n\n`).join(''),
    'v=spf1 ' + 'include:a.example.com '.repeat(5000), 'v=DMARC1; ' + 'p=reject; '.repeat(10_000),
    'v=DMARC1; ' + Array.from({ length: 10_000 }, (_, i) => `x${i}=y; `).join(''),
    '\uD800\uDFFF\uFFFE', 'é'.repeat(300_000), 'From: x\n\n' + 'a@b.c '.repeat(100_000),
    'Received: from a by b; ' + 'x'.repeat(100_000) + '\n' + 'Received: x\n'.repeat(20_000),
    'Authentication-Results: mx; ' + 'spf=pass a=b '.repeat(20_000) + '\n\n',
    'Content-Type: text/html\n\n' + '<a href="http://a.example/">'.repeat(50_000) + '<div style="display:none">'.repeat(50_000),
    'Content-Type: text/html\n\n<' + '!--'.repeat(100_000) + '<script>' + '<img src=x>'.repeat(50_000),
    'Content-Type: text/plain; charset=x-unknown\nContent-Transfer-Encoding: base64\n\n' + '=?'.repeat(200_000),
    'x'.repeat(17 * 1024 * 1024),
  ];
  for (const h of hostile) {
    dk.decodeSmtp(h);
    dk.decodeSmtpLines(h);
    dk.decodeBounce(h);
    dk.validateRecord(h);
    dk.validateSpf(h).terms;
    dk.checkHost({ ip: '192.0.2.9', sender: 'a@example.com' }, zone);
    for (const r of [dk.scoreMessage(h), dk.scoreMessageBytes(new TextEncoder().encode(h))]) {
      assert.ok(Number.isFinite(r.score) && Array.isArray(r.findings) && Array.isArray(r.diagnostics), 'a score report');
    }
  }
  for (const bytes of [new Uint8Array(0), new Uint8Array(1 << 20), Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24), [0xff, 0xfe, 0x00]]) {
    assert.ok(Array.isArray(dk.scoreMessageBytes(bytes).diagnostics), 'bytes');
  }
  // Still alive and still right.
  assert.equal(dk.decodeSmtp('550 5.1.1 <a@example.com>: Recipient address rejected: User unknown').reason, 'userunknown');
  assert.equal(dk.checkHost({ ip: '192.0.2.9', sender: 'a@example.com' }, zone).result, 'pass');
  assert.equal(dk.validateRecord('v=DMARC1; p=reject').kind, 'dmarc');
  const spam = dk.scoreMessage('From: a@example.com\nSubject: FREE MONEY NOW\nContent-Type: text/html\n\n<a href="https://bit.ly/x">https://www.example.com/</a>');
  assert.ok(spam.findings.some((f) => f.rule === 'links/shortener') && spam.findings.some((f) => f.rule === 'wording/subject-caps'));
  const hop = dk.scoreMessage('Received: from a.example.com (a.example.com [192.0.2.1]) by b.example.net with ESMTP; Mon, 13 Jan 2025 10:00:00 +0000\nFrom: a@example.com\n\nhi');
  assert.equal(hop.trace.hops[0].fromIp, '192.0.2.1');
});
