// deliverkit extension: background (a service worker in Chromium, an event page in Firefox).
//
// Adds two context-menu entries on selected text. Clicking one opens the extension's own page
// (popup.html) in a new tab with the selection in the URL fragment, the same fragment the web page
// understands (#smtp=... for the SMTP decoder, #tool=record&text=... for the DNS record checker).
// The selection never leaves the browser: nothing here makes a network request.

// `chrome` (with callbacks) exists in Chromium and in Firefox alike.
const api = globalThis.chrome ?? globalThis.browser;

const MENUS = [
  { id: "deliverkit-smtp", title: "Decode SMTP error", fragment: (text) => `smtp=${encodeURIComponent(text)}` },
  { id: "deliverkit-record", title: "Check DNS record", fragment: (text) => `tool=record&text=${encodeURIComponent(text)}` },
];

/** The page URL (inside the extension) that opens a tool with `text`. */
function toolUrl(menuId, text) {
  const menu = MENUS.find((m) => m.id === menuId);
  if (!menu) return null;
  return api.runtime.getURL(`popup.html#${menu.fragment(text.trim())}`);
}

function createMenus() {
  api.contextMenus.removeAll(() => {
    for (const { id, title } of MENUS) {
      api.contextMenus.create({ id, title, contexts: ["selection"] }, () => void api.runtime.lastError);
    }
  });
}

// Menus persist across service-worker restarts; (re)create them on install/update and on startup.
api.runtime.onInstalled.addListener(createMenus);
api.runtime.onStartup?.addListener(createMenus);

/** Opens the tool a menu entry names, with the selected text, in a new tab. */
function onMenuClicked(info, tab) {
  const url = toolUrl(info.menuItemId, info.selectionText ?? "");
  if (!url) return undefined;
  const props = { url };
  // Open next to the tab the text was selected in (not available in every window, e.g. devtools).
  if (tab && tab.id !== undefined && tab.id >= 0) {
    props.index = tab.index + 1;
    props.openerTabId = tab.id;
    if (tab.windowId !== undefined && tab.windowId >= 0) props.windowId = tab.windowId;
  }
  return api.tabs.create(props);
}

api.contextMenus.onClicked.addListener(onMenuClicked);

// For the tests (evaluated in the service worker): what a menu click does.
globalThis.deliverkit = { MENUS: MENUS.map(({ id, title }) => ({ id, title })), toolUrl, onMenuClicked };
