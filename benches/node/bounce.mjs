// decodeBounce through the WASM package in Node over set-of-emails/maildir/bsd (one JSON line).
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
const dk = await import('../../pkg/node.mjs');
const dir = new URL('../../../shared/corpora/smtp/set-of-emails/maildir/bsd/', import.meta.url);
const decode = (bytes) => {
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  return utf8.includes('\uFFFD') ? new TextDecoder('iso-8859-1').decode(bytes) : utf8;
};
const texts = readdirSync(dir).map((f) => decode(readFileSync(new URL(f, dir))));
const runs = Number(process.env.RUNS || 7);
const rates = [];
let recipients = 0;
for (let i = 0; i < runs; i++) {
  const s = performance.now();
  recipients = 0;
  for (const t of texts) recipients += dk.decodeBounce(t).recipients.length;
  rates.push(texts.length / ((performance.now() - s) / 1000));
}
rates.sort((a, b) => a - b);
console.log(JSON.stringify({ tool: 'deliverkit-wasm', messages: texts.length, recipients, runs, medianMessagesPerSecond: Math.round(rates[runs >> 1]) }));
