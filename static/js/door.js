/* The door (templates/forum/embassy/door.html): check-ins through a queue kept on the phone.

   Every check-in (a card's button, or a badge read by the camera) is put in localStorage with
   a nonce chosen here, then sent in order. When the connection is gone the queue waits and is
   sent when it returns ("online", and a retry every few seconds); an answer that never came
   leaves the request in the queue, and sending it again changes nothing on the server, which
   remembers nonces (forum/checkin.py, check_in_once). Without this script the same forms post
   and come back to the same search and card.

   The camera: BarcodeDetector where the browser has one, otherwise the jsQR decoder served
   from static/vendor/jsqr/ (loaded only then). Both end in DoorDesk.scanned(code). */
(function () {
  "use strict";

  var root = document.getElementById("door");
  if (!root) {
    return;
  }
  var text = root.dataset;
  var url = text.checkInUrl;
  var KEY = "door-queue:" + url;
  var RETRY_MS = 4000;
  var SAME_BADGE_MS = 4000;
  var sending = false;
  // The queue line shows only once a check-in had to wait (no connection, no answer): a
  // check-in sent at once changes nothing above the cards, so the list stays where it was
  // under the thumb that pressed.
  var waited = false;

  function token() {
    var input = document.querySelector("#door-token [name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function newNonce() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); })
      .join("");
  }

  function load() {
    try {
      return JSON.parse(localStorage.getItem(KEY) || "[]");
    } catch (error) {
      return [];
    }
  }

  function store(queue) {
    localStorage.setItem(KEY, JSON.stringify(queue));
  }

  function showQueue() {
    var box = document.getElementById("door-queue");
    var count = load().length;
    if (!waited) {
      return;
    }
    box.textContent = count ? text.msgQueue.replace("%(count)s", count) : text.msgSent;
    box.hidden = false;
    box.classList.toggle("is-done", !count);
  }

  function enqueue(item) {
    item.nonce = newNonce();
    var queue = load();
    queue.push(item);
    store(queue);
    showQueue();
    flush();
    return item;
  }

  async function send(item) {
    var body = new URLSearchParams();
    ["registration", "code", "undo", "nonce"].forEach(function (name) {
      if (item[name]) {
        body.append(name, item[name]);
      }
    });
    var response = await fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token() },
    });
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") === -1) {
      // A sign-in page, a proxy's error: not an answer to this check-in. Keep it queued.
      throw new Error("no answer");
    }
    return response.json();
  }

  async function flush() {
    if (sending) {
      return;
    }
    sending = true;
    try {
      for (;;) {
        var queue = load();
        if (!queue.length) {
          break;
        }
        var item = queue[0];
        var answer;
        try {
          answer = await send(item);
        } catch (error) {
          waited = true;
          break; // offline or no answer: the queue waits, nothing is lost
        }
        store(load().filter(function (other) { return other.nonce !== item.nonce; }));
        show(item, answer);
      }
    } finally {
      sending = false;
      showQueue();
    }
  }

  function setCount(answer) {
    if (typeof answer.arrived === "number") {
      root.querySelectorAll("[data-arrived]").forEach(function (el) { el.textContent = answer.arrived; });
      root.querySelectorAll("[data-expected]").forEach(function (el) { el.textContent = answer.expected; });
    }
  }

  function checkedInState(time) {
    var span = document.createElement("span");
    span.className = "checked";
    span.append("✓ " + text.msgCheckedIn + " ");
    var clock = document.createElement("time");
    clock.textContent = time;
    var zone = document.createElement("span");
    zone.className = "zone";
    zone.textContent = text.zone;
    span.append(clock, " ", zone);
    return span;
  }

  function updateCard(card, answer) {
    var state = card.querySelector("[data-state]");
    var form = card.querySelector("form");
    var button = form && form.querySelector("button");
    card.classList.remove("is-waiting");
    if (button) {
      button.disabled = false;
    }
    if (!answer.ok) {
      var refused = document.createElement("span");
      refused.className = "refused";
      refused.textContent = answer.message;
      state.replaceChildren(refused);
      return;
    }
    card.classList.toggle("is-in", answer.checked_in);
    var undo = form && form.querySelector("[name=undo]");
    if (answer.checked_in) {
      state.replaceChildren(checkedInState(answer.time));
      if (form && !undo) {
        undo = document.createElement("input");
        undo.type = "hidden";
        undo.name = "undo";
        undo.value = "1";
        form.append(undo);
      }
    } else {
      state.textContent = answer.status;
      if (undo) {
        undo.remove();
      }
    }
    if (button) {
      button.textContent = answer.checked_in ? text.msgUndo : text.msgCheckIn;
      button.classList.toggle("secondary", answer.checked_in);
    }
  }

  function showResult(answer) {
    var box = document.getElementById("door-result");
    box.hidden = false;
    box.classList.toggle("is-error", !answer.ok);
    var message = document.createElement("span");
    message.textContent = answer.message;
    box.replaceChildren(message);
    if (answer.ok && answer.checked_in && answer.registration) {
      var undo = document.createElement("button");
      undo.type = "button";
      undo.className = "big secondary";
      undo.textContent = text.msgUndo;
      undo.addEventListener("click", function () {
        undo.disabled = true;
        enqueue({ registration: String(answer.registration), undo: "1", shown: "result" });
      });
      box.append(undo);
    }
  }

  function show(item, answer) {
    setCount(answer);
    var card = answer.registration && document.getElementById("r" + answer.registration);
    if (card) {
      updateCard(card, answer);
    }
    if (item.code || item.shown === "result" || !card) {
      showResult(answer);
    }
  }

  // The cards' buttons: queued here instead of posted, each press with a nonce of its own.
  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "door-search") {
      if (!navigator.onLine) {
        event.preventDefault();
        showResult({ ok: false, message: text.msgOfflineSearch });
      }
      return;
    }
    if (!form.classList.contains("door-form")) {
      return;
    }
    event.preventDefault();
    var card = form.closest(".door-card");
    var undo = form.querySelector("[name=undo]");
    var button = form.querySelector("button");
    button.disabled = true;
    card.classList.add("is-waiting");
    card.querySelector("[data-state]").textContent = text.msgWaiting + "…";
    enqueue({
      registration: form.querySelector("[name=registration]").value,
      undo: undo ? "1" : "",
    });
  });

  // --- scanning -----------------------------------------------------------------------------
  var lastCode = "";
  var lastAt = 0;
  var stream = null;
  var detector = null;
  var decoder = null;
  var canvas = document.createElement("canvas");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var toggle = document.getElementById("scan-toggle");

  /* What every decoder calls with the text of a QR code it read: the badge code. The same
     badge seen again within a few seconds (it stays in front of the camera) is read once. */
  function scanned(code) {
    code = String(code || "").trim();
    if (!code) {
      return null;
    }
    var now = Date.now();
    if (code === lastCode && now - lastAt < SAME_BADGE_MS) {
      return null;
    }
    lastCode = code;
    lastAt = now;
    if (status) {
      status.textContent = text.msgScanned;
    }
    return enqueue({ code: code });
  }

  function loadDecoder() {
    if (decoder) {
      return decoder;
    }
    decoder = new Promise(function (resolve, reject) {
      if (window.jsQR) {
        resolve(window.jsQR);
        return;
      }
      var script = document.createElement("script");
      script.src = text.decoderUrl;
      script.onload = function () { resolve(window.jsQR); };
      script.onerror = reject;
      document.head.append(script);
    });
    return decoder;
  }

  /* The fallback decoder on one picture (a video frame, or any canvas): the code or null. */
  async function decode(source, width, height) {
    var jsQR = await loadDecoder();
    canvas.width = width;
    canvas.height = height;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0, width, height);
    var found = jsQR(context.getImageData(0, 0, width, height).data, width, height);
    return found ? found.data : null;
  }

  async function frame() {
    if (!stream) {
      return;
    }
    try {
      if (video.readyState >= 2) {
        var code = null;
        if (detector) {
          var codes = await detector.detect(video);
          code = codes.length ? codes[0].rawValue : null;
        } else {
          code = await decode(video, video.videoWidth, video.videoHeight);
        }
        if (code) {
          scanned(code);
        }
      }
    } finally {
      if (stream) {
        setTimeout(frame, 200);
      }
    }
  }

  async function startScanning() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
    } catch (error) {
      status.textContent = text.msgNoCamera;
      return;
    }
    detector = null;
    if ("BarcodeDetector" in window) {
      try {
        var formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.indexOf("qr_code") !== -1) {
          detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        }
      } catch (error) {
        detector = null;
      }
    }
    if (!detector) {
      await loadDecoder();
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    toggle.textContent = text.msgScanStop;
    status.textContent = text.msgPointing;
    frame();
  }

  function stopScanning() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    stream = null;
    video.hidden = true;
    video.srcObject = null;
    toggle.textContent = text.msgScanStart;
    status.textContent = "";
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    document.getElementById("door-scan").hidden = false;
    toggle.addEventListener("click", function () {
      if (stream) {
        stopScanning();
      } else {
        startScanning();
      }
    });
  }

  window.DoorDesk = {
    scanned: scanned,
    decode: decode,
    flush: flush,
    queue: load,
    isScanning: function () { return Boolean(stream); },
    usesBarcodeDetector: function () { return Boolean(detector); },
  };

  window.addEventListener("online", flush);
  setInterval(flush, RETRY_MS);
  showQueue();
  flush();
})();
