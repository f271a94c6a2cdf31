// SPF record parsing/validation anchors, DNS-free: every record of spf_simple + spf_real is
// only parsed and checked for syntax, nothing is looked up (include/a/mx are not followed).
//
//   mailauth   lib/spf/syntax.js validateTerms(): the RFC 7208 section 4.6 syntax check that
//              mailauth's spfVerify() runs on a fetched record before evaluating it. Timed
//              together with the steps spfVerify does right before it on the record text in
//              strict mode: the printable-ASCII check, the "v=spf1" version test and the split
//              into terms. (mailauth exports no DNS-free SPF parser; this is the internal one.)
//   spf-parse  its default export parse(record) -> { mechanisms, messages, valid }.
//   deliverkit validateSpf(record).valid from /work/main/pkg/node.mjs (valid and lookupTerms are
//              computed by the call), and again with terms and diagnostics read (the whole report).
//
// Env: RUNS (passes, default 7), WARMUP_MS (300), PASS_MS (min length of one pass, 100), CORPUS.
import { createRequire } from 'node:module';
import { bench, setSuite, loadRecords, pkgVersion, loadDeliverkit, deliverkitAccepted } from './bench-lib.mjs';

const require = createRequire(import.meta.url);
setSuite('spf');
const { validateTerms } = require('mailauth/lib/spf/syntax');
const spfParse = require('spf-parse');

const records = loadRecords('spf_simple', 'spf_real');

// Mirrors lib/spf/spf-verify.js (strict mode) from the fetched TXT string up to validateTerms().
const SPF_VERSION = /^v=spf1(?: |$)/i;
const NON_PRINTABLE = /[^\x20-\x7E]/;
function mailauthSpf(record) {
    if (!SPF_VERSION.test(record) || NON_PRINTABLE.test(record)) return false;
    const terms = record.split(' ').filter(part => part).slice(1);
    return validateTerms(terms) === false;
}

bench('mailauth', pkgVersion('mailauth'), records, mailauthSpf, { timed: 'lib/spf/syntax.js validateTerms (offline syntax check)' });
bench('spf-parse', pkgVersion('spf-parse'), records, record => spfParse(record).valid, { timed: 'parse(record)' });

const dk = await loadDeliverkit('validateSpf');
if (dk) {
    const fn = record => {
        try {
            return deliverkitAccepted(dk.fn(record));
        } catch {
            return false;
        }
    };
    bench('deliverkit-wasm', dk.version, records, fn, { timed: 'validateSpf(record).valid' });
    // The report's terms and diagnostics are worked out when first read: this row reads them.
    const whole = record => {
        const r = dk.fn(record);
        return r.terms.length + r.diagnostics.length >= 0 && deliverkitAccepted(r);
    };
    bench('deliverkit-wasm, whole report', dk.version, records, whole, { timed: 'validateSpf(record) with terms and diagnostics read' });
}
