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

  function zoneOf(input) {
    const paragraph = input && input.closest(".datetime");
    const note = paragraph && paragraph.nextElementSibling;
    if (!note || !note.classList.contains("zone-note") || !note.dataset.zone) return null;
    return note.dataset.zone;
  }

  function formatted(input, date) {
    const formats = input.classList.contains("vTimeField") ? "TIME_INPUT_FORMATS" : "DATE_INPUT_FORMATS";
    return date.strftime(get_format(formats)[0]);
  }

  // Django's "Now" and "Today" links, and the "Now", "Yesterday", "Today" and "Tomorrow" of
  // its clock and calendar pop-ups, give the office's time; a field reading China time wants
  // China's. The pop-ups stop clicks from bubbling, so this listens in the capture phase and
  // corrects the value just after Django's own handler has written it.
  function nowInZone(event) {
    setTimeout(() => correctToZone(event), 0);
  }

  function correctToZone(event) {
    if (typeof get_format !== "function" || !Date.prototype.strftime) return;
    const target = event.target.closest ? event.target : null;
    if (!target) return;
    const link = target.closest(".datetimeshortcuts > a");
    if (link && link === link.parentElement.querySelector("a")) {
      const input = link.parentElement.previousElementSibling;
      const zone = zoneOf(input);
      if (zone) input.value = formatted(input, wallClock(zone));
      return;
    }
    const shortcuts = window.DateTimeShortcuts;
    if (!shortcuts) return;
    const clockLink = target.closest(".clockbox .timelist a");
    if (clockLink) {
      const item = clockLink.closest("li");
      if (item !== item.parentElement.firstElementChild) return; // only "Now" depends on the zone
      const input = shortcuts.clockInputs[clockLink.closest(".clockbox").id.replace("clockbox", "")];
      const zone = zoneOf(input);
      if (zone) input.value = formatted(input, wallClock(zone));
      return;
    }
    const dayLink = target.closest(".calendarbox .calendar-shortcuts a");
    if (dayLink) {
      const links = Array.from(dayLink.parentElement.querySelectorAll("a"));
      const offset = links.indexOf(dayLink) - 1; // yesterday, today, tomorrow
      const input = shortcuts.calendarInputs[dayLink.closest(".calendarbox").id.replace("calendarbox", "")];
      const zone = zoneOf(input);
      if (!zone) return;
      const day = wallClock(zone);
      day.setDate(day.getDate() + offset);
      input.value = formatted(input, day);
    }
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
  document.addEventListener("click", nowInZone, true);
  document.addEventListener("formset:added", (event) => reveal(event.target));
  document.addEventListener("DOMContentLoaded", () => reveal(document));
})();
