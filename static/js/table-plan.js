// The table plan's drag and drop (delegations/views/protocol.py): drag a name onto a seat to
// move it there (whoever sat there takes the seat left free). It fills the page's hidden
// form with the person, table and seat and submits it: the same POST as the "Who sits where"
// forms, which keep working without this script. Static file only: the CSP allows no inline
// script.
(function () {
  var form = document.getElementById("drag-form");
  if (!form) return;
  var hint = document.querySelector(".drag-hint");
  if (hint) hint.hidden = false;
  var dragged = null;
  document.querySelectorAll(".seat .name[data-who]").forEach(function (name) {
    name.addEventListener("dragstart", function (event) {
      dragged = name.getAttribute("data-who");
      event.dataTransfer.setData("text/plain", dragged);
      event.dataTransfer.effectAllowed = "move";
    });
  });
  document.querySelectorAll(".seat[data-seat]").forEach(function (seat) {
    seat.addEventListener("dragover", function (event) {
      if (dragged) {
        event.preventDefault();
        seat.classList.add("drop-target");
      }
    });
    seat.addEventListener("dragleave", function () {
      seat.classList.remove("drop-target");
    });
    seat.addEventListener("drop", function (event) {
      event.preventDefault();
      seat.classList.remove("drop-target");
      var who = event.dataTransfer.getData("text/plain") || dragged;
      if (!who) return;
      form.elements.who.value = who;
      form.elements.table.value = seat.getAttribute("data-table");
      form.elements.seat.value = seat.getAttribute("data-seat");
      form.submit();
    });
  });
})();
