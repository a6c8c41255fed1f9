// After a failed submit, move focus to the error summary so keyboard and screen-reader users start
// at what went wrong (the page would otherwise leave them at the top).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }
});
