// Declarations of pkg/index.js, the package's entry: the generated module's, and validateSpf.
import type { SpfOptions, SpfReport } from './deliverkit.js';

export * from './deliverkit.js';
export { default } from './deliverkit.js';

/** Validate an SPF record without DNS: terms with spans, the static lookup count, and findings.
 * `valid` and `lookupTerms` are computed by the call, `terms` and `diagnostics` when first read.
 * Never throws for a bad record (the report says what is wrong); throws for malformed options. */
export function validateSpf(record: string, options?: SpfOptions): SpfReport;
