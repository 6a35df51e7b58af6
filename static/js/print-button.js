// The print view's Print button: shown only where JavaScript runs (the CSP allows scripts
// from this site only, so no inline handler).
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
