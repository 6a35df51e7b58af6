// Zone pickers: a search box that finds zones by city or country in any language, and the
// note beside each time field that names the zone it reads in. No inline script (CSP).
"use strict";
(function () {
  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function filter(search) {
    const select = search.parentElement.querySelector("select.zone-select");
    if (!select) return;
    const words = normalise(search.value.trim()).split(/\s+/).filter(Boolean);
    let first = null;
    for (const option of select.options) {
      if (!option.value) continue;
      const haystack = normalise(option.textContent + " " + (option.dataset.search || ""));
      const match = words.every((word) => haystack.includes(word));
      option.hidden = !match;
      if (match && !first) first = option;
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = !Array.from(group.children).some((option) => !option.hidden);
    }
    if (words.length && first && (select.selectedOptions[0] || {}).hidden !== false) {
      select.value = first.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function scopeOf(element) {
    return element.closest(".inline-related, tr.form-row, form") || document;
  }

  function zoneName(option) {
    // Options read "City (Country) · Zone name": the note shows the zone name.
    const text = option.textContent;
    const at = text.lastIndexOf(" · ");
    return at >= 0 ? text.slice(at + 3) : text;
  }

  function updateNotes(select) {
    const field = select.name.split("-").pop();
    const option = select.selectedOptions[0];
    if (!option || !option.value) return;
    for (const note of scopeOf(select).querySelectorAll('.zone-note[data-zone-field="' + field + '"]')) {
      note.textContent = zoneName(option);
      note.dataset.zone = option.value;
    }
  }

  // The wall-clock time in `zone` now, as a Date whose local fields show it (for strftime).
  function wallClock(zone) {
    const parts = {};
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    for (const part of format.formatToParts(new Date())) parts[part.type] = part.value;
    return new Date(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  }

  // Django's "Now" and "Today" links give the office's time; a field reading China time
  // wants China's. Runs after Django's own handler (this one listens on the document).
  function nowInZone(event) {
    const link = event.target.closest && event.target.closest(".datetimeshortcuts > a");
    if (!link || link !== link.parentElement.querySelector("a")) return;
    const input = link.parentElement.previousElementSibling;
    const paragraph = link.closest(".datetime");
    const note = paragraph && paragraph.nextElementSibling;
    if (!input || !note || !note.classList.contains("zone-note") || !note.dataset.zone) return;
    if (typeof get_format !== "function" || !Date.prototype.strftime) return;
    const formats = input.classList.contains("vTimeField") ? "TIME_INPUT_FORMATS" : "DATE_INPUT_FORMATS";
    input.value = wallClock(note.dataset.zone).strftime(get_format(formats)[0]);
  }

  // Each select is served with the common zones and its own value; the page holds every
  // zone once in <template id="zone-options">, copied here into each select.
  function fill(select) {
    const all = document.getElementById("zone-options");
    if (!all || select.dataset.filled) return;
    const value = select.value;
    for (const current of select.querySelectorAll("option[data-current]")) current.remove();
    select.append(all.content.cloneNode(true));
    select.value = value;
    select.dataset.filled = "1";
  }

  function reveal(root) {
    for (const select of root.querySelectorAll("select.zone-select")) fill(select);
    for (const search of root.querySelectorAll(".zone-search[hidden]")) search.hidden = false;
  }

  document.addEventListener("input", (event) => {
    if (event.target.classList && event.target.classList.contains("zone-search")) filter(event.target);
  });
  document.addEventListener("change", (event) => {
    if (event.target.classList && event.target.classList.contains("zone-select")) updateNotes(event.target);
  });
  document.addEventListener("click", nowInZone);
  document.addEventListener("formset:added", (event) => reveal(event.target));
  document.addEventListener("DOMContentLoaded", () => reveal(document));
})();
