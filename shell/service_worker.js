// Offline use: a copy of the page's own files in Cache Storage, served when the network
// fails. Network first, so a new version on the server is used as soon as the server answers;
// the cache is only the fallback. Only same-origin GET requests are ever handled or cached:
// requests to other origins (there should be none, see the page's Content-Security-Policy)
// and anything that is not a GET go to the network untouched.
'use strict';

// Raise VERSION when the precache list or the caching rules change: the new worker installs,
// takes over at once (skipWaiting, clients.claim) and deletes the caches of older versions.
const VERSION = 1;
const CACHE_NAME = `touchpoint-offline-v${VERSION}`;

// Everything the workbench loads, including the simulation worker's module, which the page
// only fetches when Simulate or Experiments first runs: precached so that the first visit
// already makes the whole app available offline.
const PRECACHE = [
  './',
  'index.html',
  'shell.js',
  'style.css',
  'touchpoint.js',
  'touchpoint.wasm',
  'touchpoint.data',
  'touchpoint_worker.js',
  'touchpoint_worker.wasm',
];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE_NAME);
    // cache: 'reload' skips the HTTP cache, so the copy is what the server has now.
    // addAll is all or nothing: a failed file fails the install and the page keeps working
    // online (the browser tries again on a later visit).
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name !== CACHE_NAME).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // A request that may only be answered from the HTTP cache cannot be fetched here.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(networkFirst(event, request));
});

async function networkFirst(event, request) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cached = await cachedResponse(request);
    if (cached) return cached;
    throw error;  // neither network nor cache: the same network error the page would get without us
  }
  // Only whole, successful answers (not 206 ranges, redirects or errors) replace the copy.
  if (response.status === 200 && response.type === 'basic') {
    const copy = response.clone();
    event.waitUntil(caches.open(CACHE_NAME).then((cache) => cache.put(request, copy)).catch(() => {}));
  }
  return response;
}

async function cachedResponse(request) {
  const cache = await caches.open(CACHE_NAME);
  const exact = await cache.match(request);
  if (exact) return exact;
  // The page opened with a query (?seed=7&customers=3000) or as "/" is the same page.
  if (request.mode === 'navigate') {
    return (await cache.match(request, { ignoreSearch: true })) ?? (await cache.match('index.html'));
  }
  return undefined;
}
