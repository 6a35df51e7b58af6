// Delegation Desk's service worker (served at /sw.js by config/offline.py).
//
// It keeps one thing: the signed-in person's own itinerary pages (/<lang>/me/, with their
// driver cards and contacts) and the style and script files they use, so that they stay
// readable without a connection. Every other request goes to the network untouched.
// Pages are asked from the network first; only when it fails is the kept copy shown, with
// its "as of" stamp made visible. Sign-out (and any page seen signed out) clears it all.
"use strict";

const CACHE = "dd-offline-v1";
const LAST = "/offline/last-itinerary"; // which kept page to show for an address never kept
const ITINERARY = /^\/[a-z-]+\/me\/$/;
const STATIC = /^\/static\//;

self.addEventListener("install", (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

function isItinerary(url) {
  return url.origin === self.location.origin && ITINERARY.test(url.pathname);
}

function isStatic(url) {
  return url.origin === self.location.origin && STATIC.test(url.pathname);
}

// A copy of `response` that says when it was kept (the stamp shows that time offline).
async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  headers.set("X-Offline-Kept-At", new Date().toISOString());
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: headers,
  });
}

async function keepPage(url, response) {
  const cache = await caches.open(CACHE);
  await cache.put(url, await stamped(response));
  await cache.put(LAST, new Response(url));
}

// The kept page, with the offline stamp shown and set to when it was kept.
async function fromCache(url) {
  const cache = await caches.open(CACHE);
  let kept = await cache.match(url);
  if (!kept) {
    const last = await cache.match(LAST);
    if (last) {
      kept = await cache.match(await last.text());
    }
  }
  if (!kept) {
    return Response.error();
  }
  let html = await kept.text();
  const keptAt = kept.headers.get("X-Offline-Kept-At");
  html = html.replace(/data-offline-stamp hidden/g, "data-offline-stamp");
  if (keptAt) {
    html = html.replace(
      /<time datetime="[^"]*" data-offline-time data-zone="([^"]*)" data-lang="([^"]*)">[^<]*<\/time>/,
      (match, zone, lang) => {
        let text;
        try {
          text = new Intl.DateTimeFormat(lang, {
            timeZone: zone,
            dateStyle: "medium",
            timeStyle: "short",
          }).format(new Date(keptAt));
        } catch (error) {
          return match;
        }
        return `<time datetime="${keptAt}" data-offline-time data-zone="${zone}" data-lang="${lang}">${text}</time>`;
      }
    );
  }
  return new Response(html, { status: 200, headers: kept.headers });
}

async function itineraryPage(request) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await keepPage(request.url, response.clone());
    } else if (
      response.type === "opaqueredirect" ||
      response.redirected ||
      response.status === 404
    ) {
      // Signed out (sent to sign in) or no longer theirs: keep nothing of it.
      await caches.delete(CACHE);
    }
    return response;
  } catch (offline) {
    return fromCache(request.url);
  }
}

async function staticFile(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && (await cache.match(request.url))) {
      await cache.put(request.url, response.clone());
    }
    return response;
  } catch (offline) {
    return (await cache.match(request.url)) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (request.mode === "navigate" && isItinerary(url)) {
    event.respondWith(itineraryPage(request));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(request));
  }
});

// Messages from static/js/offline.js: "keep" the page just shown (when it was loaded before
// this worker took over) and its files; "clear" everything (signed out).
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  const reply = (answer) => port && port.postMessage(answer);
  if (data.type === "clear") {
    event.waitUntil(caches.delete(CACHE).then(() => reply("cleared")));
  } else if (data.type === "keep") {
    event.waitUntil(keep(data).then(() => reply("kept"), () => reply("failed")));
  }
});

async function keep(data) {
  const cache = await caches.open(CACHE);
  const page = new URL(data.page, self.location.origin);
  if (isItinerary(page) && !(await cache.match(page.href))) {
    const response = await fetch(page.href, { credentials: "same-origin" });
    if (response.ok && !response.redirected) {
      await keepPage(page.href, response);
    }
  } else if (isItinerary(page)) {
    await cache.put(LAST, new Response(page.href));
  }
  for (const file of data.files || []) {
    const url = new URL(file, self.location.origin);
    if (isStatic(url) && !(await cache.match(url.href))) {
      const response = await fetch(url.href);
      if (response.ok) {
        await cache.put(url.href, response);
      }
    }
  }
}
