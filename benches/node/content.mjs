// scoreMessageBytes through the WASM package in Node over the content corpus (one JSON line).
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
const dk = await import('../../pkg/node.mjs');
const base = new URL('../../../shared/corpora/content/', import.meta.url);
const msgs = [];
for (const d of ['ham', 'spam']) {
  const dir = new URL(`${d}/`, base);
  for (const f of readdirSync(dir)) msgs.push(new Uint8Array(readFileSync(new URL(f, dir))));
}
const runs = Number(process.env.RUNS || 5);
const rates = [];
let spam = 0;
for (let i = 0; i < runs; i++) {
  const s = performance.now();
  spam = 0;
  for (const m of msgs) if (dk.scoreMessageBytes(m).verdict === 'spam') spam++;
  rates.push(msgs.length / ((performance.now() - s) / 1000));
}
rates.sort((a, b) => a - b);
console.log(JSON.stringify({ tool: 'deliverkit-wasm', messages: msgs.length, spamVerdicts: spam, runs, medianMessagesPerSecond: Math.round(rates[runs >> 1]) }));
