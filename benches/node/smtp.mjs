// decodeSmtp through the WASM package in Node, over the same corpus lines as benches/smtp.rs.
// Prints one JSON object: lines, runs, median lines/second, cold start (init to first decode).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const t0 = performance.now();
const dk = await import('../../pkg/node.mjs');
dk.decodeSmtp('550 5.1.1 user unknown');
const coldMs = performance.now() - t0;

const base = new URL('../../../shared/corpora/smtp/', import.meta.url);
const rows = (name) => readFileSync(new URL(name, base), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).slice(1).map((l) => l.split('\t'));
const lines = [
  ...rows('provider_replies.tsv').map((r) => r[1]).filter(Boolean),
  ...rows('expected.tsv').map((r) => r[14]).filter(Boolean),
];
const runs = Number(process.env.RUNS || 7);
const rates = [];
for (let i = 0; i < runs; i++) {
  const s = performance.now();
  for (const l of lines) dk.decodeSmtp(l);
  rates.push(lines.length / ((performance.now() - s) / 1000));
}
rates.sort((a, b) => a - b);
console.log(JSON.stringify({ lines: lines.length, runs, medianLinesPerSecond: Math.round(rates[runs >> 1]), coldStartMs: Number(coldMs.toFixed(1)) }));
