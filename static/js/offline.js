// The page's side of the offline copy (static/js/sw.js, config/offline.py).
// Signed in: register the service worker and, on an itinerary page, ask it to keep this page
// and its style and script files (the first visit is loaded before the worker takes over).
// Signed out: tell any worker to forget what it kept.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) {
    return;
  }
  var root = document.documentElement;
  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : "";
  }
  var signedIn = meta("dd-visitor") === "signed-in";

  function ask(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  if (!signedIn) {
    navigator.serviceWorker.getRegistration("/").then(function (registration) {
      var worker = registration && registration.active;
      if (worker) {
        ask(worker, { type: "clear" }).then(function () { root.dataset.offline = "cleared"; });
      }
    });
    return;
  }

  // Signing out: forget the kept pages before the form leaves (the answer also clears them).
  document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var worker = navigator.serviceWorker.controller;
      if (worker) { worker.postMessage({ type: "clear" }); }
    });
  });

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    if (meta("dd-offline") !== "keep" || !registration.active) {
      return;
    }
    var files = [];
    document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (el) {
      files.push(el.getAttribute("href") || el.getAttribute("src"));
    });
    return ask(registration.active, {
      type: "keep",
      page: location.pathname + location.search,
      files: files,
    }).then(function (answer) { root.dataset.offline = answer; });
  }).catch(function () { root.dataset.offline = "unavailable"; });
})();
