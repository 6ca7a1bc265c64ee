/* The status of an export made in the background (case file ZIP, submission PDF).
 *
 * Polls the export's JSON status endpoint and, when the file is ready (or cannot be made), updates the
 * message and shows the download link in place. Without JavaScript the page says the same on reload.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-export-status]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var delay = (parseInt(box.getAttribute("data-poll-seconds"), 10) || 3) * 1000;
  var MAX_DELAY = 30000;
  var message = box.querySelector("[data-export-message]");
  var linkRow = box.querySelector("[data-export-link]");
  var link = box.querySelector("[data-export-download]");
  var reload = box.querySelector("[data-export-reload]");
  var alert = box.querySelector(".alert");
  if (!reload) { return; } // already ready or given up when the page was made

  function show(data) {
    if (message && data.message) { message.textContent = data.message; }
    if (data.done) {
      link.setAttribute("href", data.download_url);
      link.textContent = data.link_text;
      linkRow.hidden = false;
      reload.hidden = true;
      alert.className = "alert alert-success";
      return true;
    }
    if (data.gave_up) {
      reload.hidden = true;
      alert.className = "alert alert-error";
      return true;
    }
    return false;
  }

  function poll() {
    window.fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) {
        if (!show(data)) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        // offline or logged out: try less often; the reload link still works
        delay = Math.min(delay * 2, MAX_DELAY);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
