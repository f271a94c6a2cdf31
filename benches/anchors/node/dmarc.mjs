// DMARC record parsing/validation anchors, DNS-free: every record of dmarc_nodns + dmarc_rua.
//
//   mailauth    lib/dmarc/get-dmarc-record.js: the DMARC1 version test that fetchRecord()
//               applies to each TXT string (same regex, copied as it is not exported), then
//               parseDmarcRecord(txt, { strict: true }) and getPolicyTags(record) (the
//               RFC 9989 4.10.1 check of p/sp/np and rua that decides which policy applies).
//               No Tree Walk, no DNS.
//   dmarc-parse its default export parse(record) -> { tags, messages? }; accepted = no messages.
//   deliverkit  validateDmarc(record) from /work/main/pkg/node.mjs, when exported.
//
// Env: RUNS (passes, default 7), WARMUP_MS (300), PASS_MS (min length of one pass, 100), CORPUS.
import { createRequire } from 'node:module';
import { bench, setSuite, loadRecords, pkgVersion, loadDeliverkit, deliverkitAccepted } from './bench-lib.mjs';

const require = createRequire(import.meta.url);
setSuite('dmarc');
const { parseDmarcRecord, getPolicyTags } = require('mailauth/lib/dmarc/get-dmarc-record');
const dmarcParse = require('dmarc-parse');

const records = loadRecords('dmarc_nodns', 'dmarc_rua');

// Copied from mailauth lib/dmarc/get-dmarc-record.js (DMARC_VERSION_RE, not exported)
const DMARC_VERSION_RE = /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/;
function mailauthDmarc(txt) {
    txt = txt.trim();
    if (!DMARC_VERSION_RE.test(txt)) return false;
    const record = parseDmarcRecord(txt, { strict: true });
    return !!(record && getPolicyTags(record));
}

bench('mailauth', pkgVersion('mailauth'), records, mailauthDmarc, { timed: 'parseDmarcRecord(strict) + getPolicyTags' });
bench('dmarc-parse', pkgVersion('dmarc-parse'), records, record => !dmarcParse(record).messages, { timed: 'parse(record)' });

const dk = await loadDeliverkit('validateDmarc');
if (dk) {
    const fn = record => {
        try {
            return deliverkitAccepted(dk.fn(record));
        } catch {
            return false;
        }
    };
    bench('deliverkit-wasm', dk.version, records, fn, { timed: 'validateDmarc(record)' });
}
