// deliverkit extension: popup glue around the page's own main.js (loaded unchanged).
//
// A browser-action popup is destroyed whenever it closes, taking what was typed with it. The page
// keeps its state in the URL fragment (#smtp=..., #tool=record&text=..., ...), so this module keeps
// the last fragment in storage.session (memory only: never written to disk, never synced, cleared
// when the browser quits) and puts it back when popup.html is opened without one. Bounce messages
// are never in the fragment (the page keeps only the tab name), so they are never stored.
// It also marks the document when it is shown as the toolbar popup, for popup.css.

const api = globalThis.chrome ?? globalThis.browser;
const store = api?.storage?.session;
const KEY = "lastFragment";
const SAVE_DELAY_MS = 400; // after main.js's own 250 ms debounce has written the fragment

try {
  if (api?.extension?.getViews?.({ type: "popup" })?.includes(window)) {
    document.documentElement.classList.add("in-popup");
  }
} catch {
  // not in an extension view: nothing to mark
}

let saved = null;

async function save() {
  const hash = location.hash;
  if (!store || hash === saved) return;
  saved = hash;
  try {
    if (hash === "" || hash === "#") await store.remove(KEY);
    else await store.set({ [KEY]: hash });
  } catch {
    // storage unavailable: the popup simply starts empty next time
  }
}

async function restore() {
  if (!store || location.hash !== "") return;
  let hash;
  try {
    hash = (await store.get(KEY))[KEY];
  } catch {
    return;
  }
  // Only if nothing was typed (or navigated to) in the meantime.
  if (typeof hash !== "string" || !hash.startsWith("#") || location.hash !== "") return;
  saved = hash;
  history.replaceState(null, "", location.pathname + location.search + hash);
  // main.js reads the fragment when it starts and on hashchange (replaceState fires none).
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

let timer = 0;
function scheduleSave() {
  clearTimeout(timer);
  timer = setTimeout(save, SAVE_DELAY_MS);
}

for (const type of ["input", "change", "click", "keyup", "hashchange"]) {
  window.addEventListener(type, scheduleSave, { capture: true, passive: true });
}

restore().finally(() => {
  document.documentElement.dataset.stateRestored = "1";
});
