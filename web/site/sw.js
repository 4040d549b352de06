// The service worker: keeps the files of one build in a cache named after that build and serves them,
// so the app starts without a network after the first visit and an open app never mixes two builds.
//
// The build (cmake/site/assemble_site.mjs) replaces the BUILD placeholder below with the build's version
// and the SHA-256 of every file of the site, so a new deploy is a byte-different sw.js: the browser
// installs it beside the running one, loader.js offers "New version available — reload", and the old
// cache is deleted once the new worker takes over. Paths are relative to this file, so the site works
// from any folder of a host (https://host/ or https://host/some/path/).
'use strict';

// { version: '…', files: { 'index.html': '<sha256 hex>', … }, onDemand: { 'DroidSansFallback-CJK.ttf': '<sha256>' } }
const BUILD = /*@SEED_BUILD@*/ null;
// Files of the build that the first visit does not need (the CJK font: most people never draw such text):
// stored in the build's cache the first time the page fetches one, so it is there offline afterwards.
const onDemand = (BUILD && BUILD.onDemand) || {};

const base = new URL('./', self.location.href); // the site's folder
const cachePrefix = `seed-registration ${base.pathname} `; // one app per folder; several may share an origin
const cacheName = BUILD ? cachePrefix + BUILD.version : null;

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// Puts every file of this build in the cache, each checked against its hash. A file that an older
// build's cache holds unchanged is copied from there instead of downloaded again. If the server already
// holds another deploy, a hash differs and the install fails: the browser keeps the running worker and
// tries again at the next update check, which then fetches the newer sw.js.
async function fillCache() {
  if (!BUILD) throw new Error('sw.js was not stamped by the build (cmake/site/assemble_site.mjs)');
  const cache = await caches.open(cacheName);
  await Promise.all(Object.entries(BUILD.files).map(async ([name, hash]) => {
    const url = new URL(name, base).href;
    if (await cache.match(url)) return; // a retried install already got it (it was checked then)
    let bytes = null;
    let type = null;
    const older = await caches.match(url);
    if (older) {
      const olderBytes = await older.arrayBuffer();
      if ((await sha256Hex(olderBytes)) === hash) [bytes, type] = [olderBytes, older.headers.get('Content-Type')];
    }
    if (!bytes) {
      const response = await fetch(url, { cache: 'no-cache' }); // revalidates: 304 if the HTTP cache has it
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      bytes = await response.arrayBuffer();
      type = response.headers.get('Content-Type');
      if ((await sha256Hex(bytes)) !== hash) {
        throw new Error(`${name} on the server is not the one of build ${BUILD.version} (deployed meanwhile?)`);
      }
    }
    await cache.put(url, responseFor(bytes, type));
  }));
  // An on-demand file an older build stored, unchanged, comes along (offline, it could not be fetched
  // again); one not stored yet waits for the page to ask.
  await Promise.all(Object.entries(onDemand).map(async ([name, hash]) => {
    const url = new URL(name, base).href;
    const older = await caches.match(url);
    if (!older) return;
    const bytes = await older.arrayBuffer();
    if ((await sha256Hex(bytes)) === hash) await cache.put(url, responseFor(bytes, older.headers.get('Content-Type')));
  }));
}

function responseFor(bytes, type) {
  const headers = { 'Content-Length': String(bytes.byteLength) };
  if (type) headers['Content-Type'] = type;
  return new Response(bytes, { headers });
}

// An on-demand file: from the cache, or fetched, checked against its hash and stored. A file of another
// deploy is handed over but not stored (the next build's worker brings its own).
async function onDemandResponse(name, request) {
  const url = new URL(name, base).href;
  const cache = await caches.open(cacheName);
  const cached = await cache.match(url);
  if (cached) return cached;
  const response = await fetch(request);
  if (!response.ok) return response;
  const bytes = await response.arrayBuffer();
  const type = response.headers.get('Content-Type');
  if ((await sha256Hex(bytes)) === onDemand[name]) await cache.put(url, responseFor(bytes, type));
  return responseFor(bytes, type);
}

self.addEventListener('install', (event) => {
  event.waitUntil(fillCache());
});

// The worker now in charge deletes the caches of older builds of this app (not those of other folders).
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(cachePrefix) && n !== cacheName).map((n) => caches.delete(n)));
  })());
});

// loader.js asks the waiting worker to take over when the person clicks "Reload"; a page not under a
// worker yet (the first visit) asks it to store an on-demand file it fetched (host_library_glyph_font.js).
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
  if (event.data && event.data.type === 'keep-on-demand' && BUILD &&
      Object.prototype.hasOwnProperty.call(onDemand, event.data.name)) {
    const name = event.data.name;
    event.waitUntil(onDemandResponse(name, new Request(new URL(name, base).href)).catch(() => {}));
  }
});

// This build's files come from its cache (on-demand ones once fetched); everything else goes to the
// network as if there were no worker. A navigation to the folder itself (with any query) is index.html.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (!BUILD || request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return;
  let name = decodeURIComponent(url.pathname.slice(base.pathname.length));
  if (name === '' && request.mode === 'navigate') name = 'index.html';
  if (Object.prototype.hasOwnProperty.call(onDemand, name)) {
    event.respondWith(onDemandResponse(name, request)); // offline and never stored: fails, as without a worker
    return;
  }
  if (!Object.prototype.hasOwnProperty.call(BUILD.files, name)) return;
  event.respondWith((async () => {
    const cached = await (await caches.open(cacheName)).match(new URL(name, base).href);
    return cached || fetch(request); // evicted by the browser: the network, if there is one
  })());
});
