/* Autosave for the supplier's oplysningsskema (progressive enhancement of the section page).
 *
 * Every answer is sent on its own as soon as it changes (text: shortly after typing stops). Until the
 * server has confirmed an edit, it is kept in localStorage, so closing the tab or losing the network
 * loses nothing: the edit is put back into the page and sent again on the next visit or when the
 * browser is online again. A save that would overwrite someone else's newer answer comes back as
 * HTTP 409 with both values, and the supplier chooses which one stays.
 *
 * A repeating table is saved row by row as rows become complete: a row with something in it but a required
 * cell still empty is not sent (its cells go as blank, so the server keeps the table's complete rows) and
 * stays in localStorage until it is complete. It shows no error until the supplier moves to a field outside
 * the row; then the required cells it lacks are marked. Submitting the section shows the server's errors.
 *
 * Without JavaScript the page still works: "Gem og fortsæt" posts the whole section.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-autosave-form]");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }

  var texts = {};
  try { texts = JSON.parse(document.getElementById("autosave-texts").textContent); } catch (e) { texts = {}; }
  function t(key, values) {
    var text = texts[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("%(" + name + ")s").join(values[name]); });
    return text;
  }

  var csrf = form.getAttribute("data-csrf");
  var storeKey = "skema-autosave:" + form.getAttribute("data-storage-key");
  var TEXT_DELAY = 1200;
  var retryDelay = 5000;
  var retryTimer = null;
  var state = {}; // question pk → {timer, inflight, again}

  // --- local copy of unsent edits ---------------------------------------------------------------------
  function loadAll() {
    try { return JSON.parse(window.localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function storeAll(all) {
    try {
      if (Object.keys(all).length) { window.localStorage.setItem(storeKey, JSON.stringify(all)); }
      else { window.localStorage.removeItem(storeKey); }
    } catch (e) { /* private mode or full: the server copy is all we have */ }
  }
  function remember(pk, entry) { var all = loadAll(); all[pk] = entry; storeAll(all); }
  function forget(pk, stamp) {
    var all = loadAll();
    if (all[pk] && (stamp === undefined || all[pk].stamp === stamp)) { delete all[pk]; storeAll(all); }
  }

  // --- reading and writing a question's inputs ---------------------------------------------------------
  function blockFor(pk) { return form.querySelector('[data-question="' + pk + '"]'); }
  function ownInputs(block) {
    var name = block.getAttribute("data-field-name");
    return Array.prototype.filter.call(block.querySelectorAll("input, select, textarea"), function (el) {
      return el.name === name || el.name.indexOf(name + "-") === 0;
    });
  }
  function fieldsOf(block) {
    var pairs = [];
    ownInputs(block).forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      pairs.push([el.name, el.value]);
    });
    return pairs;
  }
  // --- repeating tables: rows that are begun but not complete ------------------------------------------
  function tableRows(block) {
    var table = block && block.querySelector("[data-table]");
    return table ? Array.prototype.slice.call(table.querySelectorAll("tbody tr")) : [];
  }
  function cellInputs(row) { return Array.prototype.slice.call(row.querySelectorAll("input, select")); }
  function isBlank(el) { return !String(el.value || "").trim(); }
  function missingCells(row) {
    var inputs = cellInputs(row);
    if (inputs.every(isBlank)) { return []; }
    return inputs.filter(function (el) { return el.hasAttribute("data-required") && isBlank(el); });
  }
  function incompleteRows(block) {
    return tableRows(block).filter(function (row) { return missingCells(row).length > 0; });
  }
  function rowNumber(row) { return row.querySelector("[data-row-number]").textContent.trim(); }
  function listText(items) {
    if (items.length < 2) { return items.join(""); }
    return items.slice(0, -1).join(", ") + " " + t("and") + " " + items[items.length - 1];
  }
  function incompleteText(rows) {
    var numbers = rows.map(rowNumber);
    return t(numbers.length === 1 ? "incomplete_row" : "incomplete_rows", {rows: listText(numbers)});
  }
  // The required cells a row lacks are marked once the supplier has left the row (data-left), not before.
  function clearRowErrors(row) {
    Array.prototype.forEach.call(row.querySelectorAll(".js-row-error"), function (el) { el.remove(); });
    cellInputs(row).forEach(function (el) {
      if (el.hasAttribute("data-row-invalid")) {
        el.removeAttribute("data-row-invalid");
        el.removeAttribute("aria-invalid");
        el.removeAttribute("aria-describedby");
        el.closest("td").classList.remove("form-error");
      }
    });
  }
  function showRowErrors(block) {
    tableRows(block).forEach(function (row) {
      clearRowErrors(row);
      if (!row.hasAttribute("data-left")) { return; }
      var missing = missingCells(row);
      if (!missing.length) { row.removeAttribute("data-left"); return; }
      missing.forEach(function (el) {
        if (el.getAttribute("aria-invalid")) { return; } // the server's message is already there
        var text = t("cell_required", {label: el.getAttribute("data-column-label")});
        var message = errorElement(text, el.id + "-error");
        message.classList.add("js-row-error");
        el.closest("td").classList.add("form-error");
        el.setAttribute("aria-invalid", "true");
        el.setAttribute("aria-describedby", message.id);
        el.setAttribute("data-row-invalid", "");
        el.insertAdjacentElement("beforebegin", message);
      });
    });
  }
  // A row counts as left when focus lands in another field. Not on blur alone: marking it while a button is
  // being pressed would move the button away from under the pointer (submitting shows the server's errors).
  var lastRow = null;
  form.addEventListener("focusin", function (event) {
    var target = event.target;
    if (!/^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) { return; }
    var row = target.closest("[data-table] tbody tr");
    if (lastRow && lastRow !== row && document.contains(lastRow)) {
      if (missingCells(lastRow).length) { lastRow.setAttribute("data-left", ""); }
      showRowErrors(lastRow.closest("[data-question]"));
    }
    lastRow = row;
  });
  // Rows the server refused when the section was submitted keep their errors after the next autosave.
  Array.prototype.forEach.call(form.querySelectorAll("[data-table] tbody tr"), function (row) {
    if (row.querySelector(".form-error")) { row.setAttribute("data-left", ""); }
  });

  function applyFields(block, pairs) {
    var wanted = {};
    pairs.forEach(function (p) { (wanted[p[0]] = wanted[p[0]] || []).push(p[1]); });
    var rows = wanted[block.getAttribute("data-field-name") + "-rows"];
    var table = block.querySelector("[data-table]");
    if (table && rows) {
      while (table.querySelectorAll("tbody tr").length < parseInt(rows[0], 10)) { addRow(block); }
    }
    ownInputs(block).forEach(function (el) {
      var values = wanted[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) !== -1; }
      else if (el.type !== "hidden") { el.value = values.length ? values[0] : ""; }
    });
    updateWordCount(block);
  }

  // --- what the supplier sees ---------------------------------------------------------------------------
  function setStatus(block, kind, text) {
    var status = block && block.querySelector("[data-status]");
    if (!status) { return; }
    status.className = "autosave-status" + (kind ? " autosave-status--" + kind : "");
    status.textContent = text;
  }
  function setRevision(block, revision) {
    block.setAttribute("data-revision", revision);
    var input = block.querySelector("[data-revision-input]");
    if (input) { input.value = revision; }
  }
  function clearErrors(block) {
    Array.prototype.forEach.call(block.querySelectorAll(".js-error"), function (el) { el.remove(); });
    Array.prototype.forEach.call(block.querySelectorAll(".form-error"), function (el) { el.classList.remove("form-error"); });
    Array.prototype.forEach.call(block.querySelectorAll("[aria-invalid]"), function (el) { el.removeAttribute("aria-invalid"); });
    Array.prototype.forEach.call(block.querySelectorAll(".form-error-message:not(.js-error)"), function (el) { el.remove(); });
  }
  function errorElement(message, id) {
    var span = document.createElement("span");
    span.className = "form-error-message js-error";
    if (id) { span.id = id; }
    var hidden = document.createElement("span");
    hidden.className = "sr-only";
    hidden.textContent = t("error_prefix") + " ";
    span.appendChild(hidden);
    span.appendChild(document.createTextNode(message));
    return span;
  }
  function showErrors(block, errors, cellErrors) {
    clearErrors(block);
    var name = block.getAttribute("data-field-name");
    if (errors.length) {
      var group = block.querySelector(".form-group");
      var first = ownInputs(block).filter(function (el) { return el.type !== "hidden"; })[0];
      if (group) {
        group.classList.add("form-error");
        var anchor = group.querySelector(".form-hint") || group.querySelector("legend, label");
        var message = errorElement(errors.join(" "), "id_" + name + "-js-error");
        if (anchor) { anchor.insertAdjacentElement("afterend", message); } else { group.prepend(message); }
      }
      if (first) { first.setAttribute("aria-invalid", "true"); }
    }
    cellErrors.forEach(function (cell) {
      var input = block.querySelector('[name="' + name + "-" + cell.row + "-" + cell.column + '"]');
      if (!input) { return; }
      var td = input.closest("td");
      td.classList.add("form-error");
      input.setAttribute("aria-invalid", "true");
      var message = errorElement(cell.message, input.id + "-error");
      input.setAttribute("aria-describedby", message.id);
      input.insertAdjacentElement("beforebegin", message);
    });
  }
  function clearConflict(block) {
    var old = block.querySelector(".conflict");
    if (old) { old.remove(); }
  }
  function showConflict(pk, block, conflict) {
    clearConflict(block);
    var box = document.createElement("div");
    box.className = "alert alert-warning conflict";
    box.setAttribute("role", "alert");
    box.id = "conflict-" + pk;
    var body = document.createElement("div");
    body.className = "alert-body";
    var heading = document.createElement("h2");
    heading.className = "alert-heading h5";
    heading.textContent = t("conflict_heading");
    var list = document.createElement("dl");
    list.className = "conflict-values";
    [[t("your_value"), conflict.your_display],
     [t("saved_by", {who: conflict.saved_by || t("colleague"), when: conflict.saved_at}), conflict.current_display]
    ].forEach(function (pair) {
      var dt = document.createElement("dt"); dt.textContent = pair[0];
      var dd = document.createElement("dd"); dd.textContent = pair[1];
      list.appendChild(dt); list.appendChild(dd);
    });
    var actions = document.createElement("div");
    actions.className = "action-row";
    var keep = document.createElement("button");
    keep.type = "button"; keep.className = "button button-primary"; keep.textContent = t("keep_mine");
    keep.addEventListener("click", function () {
      clearConflict(block);
      capture(block, {force: true});
      send(pk);
    });
    var useSaved = document.createElement("button");
    useSaved.type = "button"; useSaved.className = "button button-secondary"; useSaved.textContent = t("use_saved");
    useSaved.addEventListener("click", function () {
      forget(pk);
      window.location.hash = "q-" + pk;
      window.location.reload();
    });
    actions.appendChild(keep); actions.appendChild(useSaved);
    body.appendChild(heading); body.appendChild(list); body.appendChild(actions);
    box.appendChild(body);
    var status = block.querySelector("[data-status]");
    status.insertAdjacentElement("afterend", box);
    keep.focus();
  }
  function updateProgress(progress) {
    var el = document.querySelector("[data-section-progress]");
    if (!el || !progress) { return; }
    el.textContent = progress.required
      ? t("progress", {answered: progress.answered, required: progress.required})
      : t("no_required");
  }
  function removeCarriedOver(block) {
    var marker = block.querySelector("[data-carried-over]");
    if (marker) { marker.remove(); }
    block.classList.remove("question--carried");
  }

  // --- sending -----------------------------------------------------------------------------------------
  function capture(block, options) {
    var pk = block.getAttribute("data-question");
    var incomplete = incompleteRows(block);
    var held = {};
    incomplete.forEach(function (row) { cellInputs(row).forEach(function (el) { held[el.name] = true; }); });
    var fields = fieldsOf(block);
    var entry = {
      url: block.getAttribute("data-autosave-url"),
      revision: block.getAttribute("data-revision"),
      fields: fields,
      // What is sent: the same, with the cells of incomplete rows blank (the server drops blank rows).
      send: fields.map(function (pair) { return held[pair[0]] ? [pair[0], ""] : pair; }),
      incomplete: incomplete.map(rowNumber),
      stamp: Date.now(),
      force: !!(options && options.force)
    };
    remember(pk, entry);
    return entry;
  }

  function scheduleRetry() {
    if (retryTimer) { return; }
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      sendAll();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  function send(pk) {
    var entry = loadAll()[pk];
    if (!entry) { return; }
    var s = state[pk] = state[pk] || {};
    if (s.inflight) { s.again = true; return; }
    var block = blockFor(pk);
    var body = new URLSearchParams();
    (entry.send || entry.fields).forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.append("revision", entry.revision);
    if (entry.force) { body.append("force", "1"); }
    s.inflight = true;
    setStatus(block, "saving", t("saving"));
    window.fetch(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        var error = new Error("not json"); error.loggedOut = true; throw error;
      }
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    }).then(function (result) {
      s.inflight = false;
      retryDelay = 5000;
      var data = result.data;
      var held = entry.incomplete && entry.incomplete.length;
      if (result.status === 200) {
        // A half-filled table row stays in the browser (with the new revision) until it is complete.
        if (!held) { forget(pk, entry.stamp); }
        // Edits made while this one was on its way were based on the revision we just replaced.
        var all = loadAll();
        if (all[pk] && all[pk].revision === entry.revision) { all[pk].revision = String(data.revision); storeAll(all); }
        if (block) {
          setRevision(block, data.revision);
          clearErrors(block);
          clearConflict(block);
          showRowErrors(block);
          if (!data.carried_over) { removeCarriedOver(block); }
          var waiting = incompleteRows(block);
          var complete = tableRows(block).filter(function (row) {
            return waiting.indexOf(row) === -1 && !cellInputs(row).every(isBlank);
          });
          if (waiting.length) {
            var prefix = complete.length ? t("saved", {time: data.saved_at}) + ". " : "";
            setStatus(block, "", prefix + incompleteText(waiting));
          } else {
            setStatus(block, "saved", t("saved", {time: data.saved_at}));
          }
        }
        updateProgress(data.progress);
      } else if (result.status === 409 && data.conflict) {
        forget(pk, entry.stamp);
        if (block) {
          setStatus(block, "error", t("not_saved_conflict"));
          showConflict(pk, block, data.conflict);
        }
      } else {
        // Refused (422: e.g. a CPR number; 403: the form is locked). Not kept locally: it cannot be saved,
        // unless a half-filled table row is waiting in it.
        if (!held || result.status === 403) { forget(pk, entry.stamp); }
        if (block) {
          showErrors(block, data.errors || [], data.cell_errors || []);
          showRowErrors(block);
          setStatus(block, "error", t("not_saved_error"));
        }
      }
      if (s.again) { s.again = false; send(pk); }
    }).catch(function (error) {
      s.inflight = false;
      s.again = false;
      setStatus(block, "offline", error && error.loggedOut ? t("logged_out") : t("offline"));
      scheduleRetry();
    });
  }

  function sendAll() {
    Object.keys(loadAll()).forEach(send);
  }

  // --- events ------------------------------------------------------------------------------------------
  function questionOf(target) {
    var block = target.closest("[data-question]");
    if (!block || target.name === undefined || target.name.indexOf("rev-") === 0 || target.type === "file") { return null; }
    return block;
  }
  form.addEventListener("input", function (event) {
    var block = questionOf(event.target);
    if (!block) { return; }
    updateWordCount(block);
    if (event.target.closest("tr[data-left]")) { showRowErrors(block); }
    if (event.target.tagName === "SELECT" || event.target.type === "radio" || event.target.type === "checkbox") { return; }
    var pk = block.getAttribute("data-question");
    capture(block);
    setStatus(block, "", t("unsaved"));
    var s = state[pk] = state[pk] || {};
    window.clearTimeout(s.timer);
    s.timer = window.setTimeout(function () { s.timer = null; send(pk); }, TEXT_DELAY);
  });

  // A section submitted while an autosave is on its way would carry a stale revision and be taken for a
  // conflict: send what is waiting, let every save land, then submit with the fresh revisions.
  var submitting = false;
  form.addEventListener("submit", function (event) {
    if (submitting) { return; }
    var keys = Object.keys(state);
    var busy = keys.some(function (pk) { return state[pk].inflight || state[pk].timer; });
    if (!busy) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    keys.forEach(function (pk) {
      if (state[pk].timer) { window.clearTimeout(state[pk].timer); state[pk].timer = null; send(pk); }
    });
    var waited = 0;
    (function waitForSaves() {
      var inflight = Object.keys(state).some(function (pk) { return state[pk].inflight; });
      if (inflight && waited < 10000) { waited += 100; window.setTimeout(waitForSaves, 100); return; }
      submitting = true;
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
    })();
  });
  form.addEventListener("change", function (event) {
    var block = questionOf(event.target);
    if (!block) { return; }
    var pk = block.getAttribute("data-question");
    var s = state[pk] = state[pk] || {};
    window.clearTimeout(s.timer);
    s.timer = null;
    capture(block);
    send(pk);
  });
  window.addEventListener("online", sendAll);
  // Last chance before the tab closes: the local copy is already stored; try to send it too.
  window.addEventListener("pagehide", function () {
    Object.keys(state).forEach(function (pk) { window.clearTimeout(state[pk].timer); });
  });

  // --- confirm a carried-over answer without reloading ----------------------------------------------------
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm-url]");
    if (button) {
      event.preventDefault();
      var block = button.closest("[data-question]");
      window.fetch(button.getAttribute("data-confirm-url"), {
        method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
      }).then(function (response) {
        if (!response.ok) { throw new Error("confirm failed"); }
        return response.json();
      }).then(function (data) {
        if (!block) { return; }
        setRevision(block, data.revision);
        removeCarriedOver(block);
        setStatus(block, "saved", t("confirmed"));
        var focusable = block.querySelector("input:not([type=hidden]), select, textarea");
        if (focusable) { focusable.focus(); }
      }).catch(function () {
        // Fall back to the ordinary form post.
        form.requestSubmit ? form.requestSubmit(button) : form.submit();
      });
      return;
    }
    var add = event.target.closest("[data-add-row]");
    if (add) {
      event.preventDefault();
      var newRow = addRow(add.closest("[data-question]"));
      if (newRow) { newRow.querySelector("input, select").focus(); }
    }
  });

  // --- repeating tables: add a row in place ----------------------------------------------------------------
  function addRow(block) {
    var table = block && block.querySelector("[data-table]");
    if (!table) { return null; }
    var body = table.querySelector("tbody");
    var rows = body.querySelectorAll("tr");
    var last = rows[rows.length - 1];
    var index = rows.length;
    var copy = last.cloneNode(true);
    var pattern = new RegExp("-" + (index - 1) + "-");
    Array.prototype.forEach.call(copy.querySelectorAll("[name], [id], [for]"), function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        if (el.hasAttribute(attr)) { el.setAttribute(attr, el.getAttribute(attr).replace(pattern, "-" + index + "-")); }
      });
      if (el.tagName === "INPUT") { el.value = ""; }
      if (el.tagName === "SELECT") { el.selectedIndex = 0; }
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
    Array.prototype.forEach.call(copy.querySelectorAll(".form-error-message"), function (el) { el.remove(); });
    Array.prototype.forEach.call(copy.querySelectorAll(".form-error"), function (el) { el.classList.remove("form-error"); });
    copy.querySelector("[data-row-number]").textContent = index + 1;
    Array.prototype.forEach.call(copy.querySelectorAll(".cell-label .sr-only"), function (el) {
      el.textContent = el.textContent.replace(/\d+\s*$/, String(index + 1));
    });
    body.appendChild(copy);
    var count = block.querySelector("[data-row-count]");
    if (count) { count.value = index + 1; }
    return copy;
  }

  // --- word counter for long answers -------------------------------------------------------------------
  function updateWordCount(block) {
    var counter = block && block.querySelector("[data-word-count]");
    var area = block && block.querySelector("textarea");
    if (!counter || !area) { return; }
    // The server's rule (assessments.domain.answers.count_words): any space or zero-width character separates.
    var words = area.value.split(/[\s\u180e\u200b\u200c\u200d\u2060\ufeff]+/).filter(Boolean).length;
    var max = parseInt(counter.getAttribute("data-max-words") || "0", 10);
    counter.textContent = max ? t("words_of", {n: words, max: max}) : t("words", {n: words});
    counter.classList.toggle("word-count--over", !!max && words > max);
  }

  // --- on load: put back and resend what never reached the server --------------------------------------
  var pending = loadAll();
  var restored = 0;
  var restoredRows = 0;
  Object.keys(pending).forEach(function (pk) {
    var block = blockFor(pk);
    if (!block) { return; }
    var before = JSON.stringify(fieldsOf(block));
    applyFields(block, pending[pk].fields);
    if (JSON.stringify(fieldsOf(block)) === before) { return; }
    // A table whose only unsent part is a half-filled row is not "being saved now": it waits for the row.
    var held = pending[pk].incomplete && pending[pk].incomplete.length;
    if (held) { restoredRows += 1; } else { restored += 1; }
  });
  if (restored || restoredRows) {
    var banner = document.createElement("div");
    banner.className = "alert alert-info restored-banner";
    banner.setAttribute("role", "status");
    var bannerBody = document.createElement("div");
    bannerBody.className = "alert-body";
    [[restored, "restored"], [restoredRows, "restored_rows"]].forEach(function (pair) {
      if (!pair[0]) { return; }
      var p = document.createElement("p");
      p.className = "alert-text";
      p.textContent = t(pair[1], {n: pair[0]});
      bannerBody.appendChild(p);
    });
    banner.appendChild(bannerBody);
    form.insertAdjacentElement("beforebegin", banner);
  }
  sendAll();
})();
