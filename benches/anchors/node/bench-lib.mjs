// Shared timing loop and corpus loading for the Node anchors (spf.mjs, dmarc.mjs).
//
// Method: the records are loaded once into an array of strings. A warm-up runs the parser
// over the whole set until WARMUP_MS have passed (JIT tiering), and also calibrates how many
// times a "pass" repeats the whole set so that one pass lasts at least PASS_MS (a single sweep
// over 1,300 records can take well under a millisecond, too short to time reliably). Then RUNS
// passes are timed with process.hrtime.bigint(); each pass gives records/second, and the
// median of those is printed. Every result is folded into a counter (`accepted`: how many
// records the tool judged valid) so that no call can be optimised away.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CORPUS = process.env.CORPUS || '/work/shared/corpora/auth/bench_corpus.json';
export const RUNS = Math.max(1, parseInt(process.env.RUNS || '7', 10) || 7);
export const WARMUP_MS = Number(process.env.WARMUP_MS || 300);
export const PASS_MS = Number(process.env.PASS_MS || 100);

// "spf" or "dmarc": printed in every line, as the same tool can appear in both suites.
let SUITE = null;
export function setSuite(name) {
    SUITE = name;
}

// Entries are plain strings (spf_simple, dmarc_nodns) or {domain, record} (spf_real, dmarc_rua).
export function loadRecords(...keys) {
    const corpus = JSON.parse(readFileSync(CORPUS, 'utf8'));
    const out = [];
    for (const key of keys) {
        if (!Array.isArray(corpus[key])) throw new Error(`corpus key ${key} missing in ${CORPUS}`);
        for (const entry of corpus[key]) out.push(typeof entry === 'string' ? entry : entry.record);
    }
    return out;
}

export function pkgVersion(name) {
    return require(`${name}/package.json`).version;
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

// fn(record) must return a truthy value when the tool accepts the record.
function sweep(fn, records, reps) {
    let accepted = 0;
    for (let r = 0; r < reps; r++) {
        for (let i = 0; i < records.length; i++) {
            if (fn(records[i])) accepted++;
        }
    }
    return accepted;
}

export function bench(tool, version, records, fn, extra = {}) {
    // warm-up + calibration
    let sweeps = 0;
    const start = now();
    while (now() - start < WARMUP_MS / 1000 || sweeps < 2) {
        sweep(fn, records, 1);
        sweeps++;
    }
    const perSweep = (now() - start) / sweeps;
    const reps = Math.max(1, Math.ceil(PASS_MS / 1000 / perSweep));

    const rates = [];
    let accepted = 0;
    for (let p = 0; p < RUNS; p++) {
        const t0 = process.hrtime.bigint();
        accepted = sweep(fn, records, reps) / reps;
        const secs = Number(process.hrtime.bigint() - t0) / 1e9;
        rates.push((records.length * reps) / secs);
    }
    rates.sort((a, b) => a - b);
    const mid = rates.length >> 1;
    const median = rates.length % 2 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
    console.log(
        JSON.stringify({
            tool,
            suite: SUITE,
            version,
            records: records.length,
            medianRecordsPerSecond: Math.round(median),
            accepted,
            runs: RUNS,
            sweepsPerRun: reps,
            runtime: `node ${process.versions.node}`,
            ...extra
        })
    );
}

// Optional deliverkit entry: the wasm package built into /work/main/pkg (or DELIVERKIT_PKG).
// Returns the exported function, or prints a "skipped" line and returns null.
export async function loadDeliverkit(exportName) {
    const pkgDir = process.env.DELIVERKIT_PKG || new URL('../../../pkg/', import.meta.url).pathname;
    const entry = `${pkgDir.replace(/\/?$/, '/')}node.mjs`;
    if (!existsSync(entry)) {
        console.log(JSON.stringify({ tool: 'deliverkit-wasm', suite: SUITE, skipped: `${entry} not built` }));
        return null;
    }
    let mod;
    try {
        mod = await import(entry);
    } catch (err) {
        console.log(JSON.stringify({ tool: 'deliverkit-wasm', suite: SUITE, skipped: `cannot load ${entry}: ${err.message}` }));
        return null;
    }
    if (typeof mod[exportName] !== 'function') {
        console.log(JSON.stringify({ tool: 'deliverkit-wasm', suite: SUITE, skipped: `${exportName} not exported yet` }));
        return null;
    }
    let version = 'unknown';
    try {
        version = JSON.parse(readFileSync(`${pkgDir.replace(/\/?$/, '/')}package.json`, 'utf8')).version;
    } catch {}
    return { fn: mod[exportName], version };
}

// A deliverkit report counts as "accepted" when it says valid/ok and has no error diagnostics;
// the exact shape is not fixed yet, so a few likely spellings are checked.
export function deliverkitAccepted(report) {
    if (!report || typeof report !== 'object') return !!report;
    if (typeof report.valid === 'boolean') return report.valid;
    if (typeof report.ok === 'boolean') return report.ok;
    const diags = report.diagnostics || report.errors;
    if (Array.isArray(diags)) return !diags.some(d => (d && (d.severity || d.level)) === 'error');
    return true;
}
