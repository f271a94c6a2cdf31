// A tiny app importing deliverkit the way a bundler user does: `init()` then the named exports.
// Vite emits deliverkit_bg.wasm as an asset (new URL(..., import.meta.url) in deliverkit.js).
// Results are written as text (never HTML); <body data-ready="1"> tells the test it is done.
import init, { decodeSmtp, validateRecord, version } from "deliverkit";

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
  document.body.dataset.ready = "1";
}

main().catch((error) => {
  set("error", error instanceof Error ? error.message : String(error));
  document.body.dataset.ready = "error";
});
