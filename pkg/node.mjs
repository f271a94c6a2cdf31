// Node entry of the deliverkit package: the same ES module as for browsers (index.js), initialised
// synchronously from the .wasm file next to it, so `import { decodeSmtp } from 'deliverkit'`
// works without an `await init()` (calling the default export is still allowed and resolves at once).
import { readFileSync } from 'node:fs';
import { initSync } from './deliverkit.js';

initSync({ module: readFileSync(new URL('./deliverkit_bg.wasm', import.meta.url)) });

export * from './index.js';
export default async function init() {}
