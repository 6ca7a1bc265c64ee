/* The case form's department list follows the chosen supplier (progressive enhancement).
 *
 * Every department option carries data-supplier; the select names the supplier select it follows in
 * data-follows. Only "Hele leverandøren" and the chosen supplier's own departments are offered, and a
 * department of another supplier is unselected when the supplier changes. Without JavaScript every
 * department is listed and the server refuses one that does not belong to the supplier.
 */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("select[data-follows]"), function (select) {
    var leader = document.getElementById(select.getAttribute("data-follows"));
    if (!leader) { return; }
    var all = Array.prototype.slice.call(select.options);
    function follow() {
      var chosen = select.value;
      var supplier = leader.value;
      while (select.options.length) { select.remove(0); }
      all.forEach(function (option) {
        var owner = option.getAttribute("data-supplier");
        if (owner === null || (supplier && owner === supplier)) { select.add(option); }
      });
      select.value = chosen;
      if (select.value !== chosen) { select.value = ""; }
    }
    leader.addEventListener("change", follow);
    follow();
  });
})();
