// A tiny app importing deliverkit the way a bundler user does: `init()` then the named exports.
// Vite emits deliverkit_bg.wasm as an asset (new URL(..., import.meta.url) in deliverkit.js).
// Results are written as text (never HTML); <body data-ready="1"> tells the test it is done.
import init, { decodeSmtp, validateRecord, validateSpf, version } from "deliverkit";

const set = (id, value) => {
  document.getElementById(id).textContent = String(value);
};

async function main() {
  await init();
  const report = decodeSmtp(document.getElementById("input").textContent);
  set("version", version());
  set("reply-code", report.replyCode);
  set("status", report.status);
  set("provider", report.provider);
  set("reason", report.reason);
  set("retry", report.advice.retry);
  set("record-kind", validateRecord("v=DMARC1; p=none").kind);
  // validateSpf: the check through the module's scratch buffer, then the whole report when read.
  const spf = validateSpf("v=spf1 include:_spf.example.com ip4:192.0.2.1/24 +all");
  set("spf", [spf.valid, spf.lookupTerms, spf.terms.length, spf.diagnostics.map((d) => d.code).sort().join(" ")].join(","));
  document.body.dataset.ready = "1";
}

main().catch((error) => {
  set("error", error instanceof Error ? error.message : String(error));
  document.body.dataset.ready = "error";
});
