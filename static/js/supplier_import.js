/* A supplier import being parsed in the background: reload the page every few seconds until it is done.
 * Without JavaScript the page offers a link that does the same. */
(function () {
  "use strict";
  var box = document.querySelector("[data-import-pending]");
  if (!box) { return; }
  var seconds = parseInt(box.getAttribute("data-reload-seconds"), 10) || 2;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
