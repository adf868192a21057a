// Expand/collapse of the unit tree and the reasons' running total. No inline script (CSP).
(function () {
  "use strict";
  document.documentElement.classList.add("has-js");
  document.addEventListener("DOMContentLoaded", function () {
    document.body.classList.add("has-js");
    var table = document.getElementById("units");
    if (table) {
      var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-code]"));
      var byParent = {};
      rows.forEach(function (r) { (byParent[r.dataset.parent] = byParent[r.dataset.parent] || []).push(r); });
      var setHidden = function (code, hidden) {
        (byParent[code] || []).forEach(function (child) {
          child.classList.toggle("is-hidden", hidden);
          var button = child.querySelector("button.toggle");
          var childOpen = !button || button.getAttribute("aria-expanded") === "true";
          setHidden(child.dataset.code, hidden || !childOpen);
        });
      };
      table.addEventListener("click", function (event) {
        var button = event.target.closest("button.toggle");
        if (!button) { return; }
        var open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", open ? "false" : "true");
        setHidden(button.dataset.toggle, open);
      });
      document.querySelectorAll("[data-expand]").forEach(function (b) {
        b.addEventListener("click", function () {
          var open = b.dataset.expand === "all";
          table.querySelectorAll("button.toggle").forEach(function (t) {
            var row = t.closest("tr");
            if (row.classList.contains("level-0")) { t.setAttribute("aria-expanded", open ? "true" : "false"); setHidden(t.dataset.toggle, !open); }
            else { t.setAttribute("aria-expanded", open ? "true" : "false"); }
          });
          if (open) { rows.forEach(function (r) { r.classList.remove("is-hidden"); }); }
        });
      });
    }
    var reasons = document.getElementById("reasons");
    if (reasons) {
      var parse = function (text) {
        var t = (text || "").replace(/[\s\u00a0\u202f]/g, "").replace("\u2212", "-").replace(",", ".");
        var n = parseFloat(t);
        return isNaN(n) ? 0 : n;
      };
      var fmt = function (n) { return Math.round(n).toLocaleString("sv-SE"); };
      var budget = parseInt(document.getElementById("annual-budget").dataset.ore, 10) / 100000;
      var update = function () {
        var total = 0;
        reasons.querySelectorAll(".reason-amount").forEach(function (i) { total += parse(i.value); });
        document.getElementById("reasons-total").textContent = fmt(total);
        var f = document.getElementById("prognos").value, v = document.getElementById("prognosavvikelse").value;
        var variance = f.trim() ? budget - parse(f) : (v.trim() ? parse(v) : null);
        document.getElementById("reasons-variance").textContent = variance === null ? "–" : fmt(variance);
        document.getElementById("reasons-rest").textContent = variance === null ? "–" : fmt(variance - total);
      };
      document.getElementById("unit-form").addEventListener("input", update);
    }
  });
})();
