// Expand/collapse of the unit tree, the net of the row forecasts and the reasons' running total.
// No inline script (CSP). The server computes everything again on save; this only shows it early.
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
    var fmt = function (n) { return Math.round(n).toLocaleString("sv-SE"); };
    var rowsNetTkr = null;  // the net of the row forecasts (tkr), when any row has one
    var rowInputs = Array.prototype.slice.call(document.querySelectorAll("input.row-forecast"));
    if (rowInputs.length) {
      // The contract's rule: a row's own forecast, else its children's (a child without one at its
      // annual budget) plus its own accounts' budget; top-level rows without any at their budget.
      var toOre = function (text) {
        var t = (text || "").replace(/[\s\u00a0\u202f]/g, "").replace("\u2212", "-").replace(",", ".");
        if (!t) { return null; }
        var n = Number(t);
        return isNaN(n) ? NaN : Math.round(n * 100000);
      };
      var nodes = {};
      rowInputs.forEach(function (i) {
        nodes[i.dataset.code] = {parent: i.dataset.parent, annual: parseInt(i.dataset.annual, 10) || 0,
                                 own: parseInt(i.dataset.own, 10) || 0, children: []};
      });
      rowInputs.forEach(function (i) {
        var parent = nodes[i.dataset.parent];
        if (parent) { parent.children.push(i.dataset.code); }
      });
      var rowValue = function (code, given) {
        if (given[code] !== undefined) { return given[code]; }
        var node = nodes[code], any = false, total = node.own;
        node.children.forEach(function (child) {
          var v = rowValue(child, given);
          if (v === null) { total += nodes[child].annual; } else { any = true; total += v; }
        });
        return any ? total : null;
      };
      var net = document.getElementById("prognos"), variance = document.getElementById("prognosavvikelse");
      var box = document.getElementById("by-rows"), out = document.getElementById("rows-net");
      var updateRows = function () {
        var given = {}, count = 0, bad = false;
        rowInputs.forEach(function (i) {
          var v = toOre(i.value);
          if (v === null) { return; }
          if (isNaN(v)) { bad = true; return; }
          given[i.dataset.code] = v;
          count += 1;
        });
        var byRows = count > 0 || bad;
        box.classList.toggle("is-hidden", !byRows);
        net.readOnly = byRows;
        variance.readOnly = byRows;
        rowsNetTkr = null;
        if (count > 0 && !bad) {
          var total = 0;
          Object.keys(nodes).forEach(function (code) {
            if (nodes[code].parent && nodes[nodes[code].parent]) { return; }
            var v = rowValue(code, given);
            total += v === null ? nodes[code].annual : v;
          });
          rowsNetTkr = total / 100000;
        }
        out.textContent = rowsNetTkr === null ? "–" : fmt(rowsNetTkr);
      };
      document.getElementById("unit-form").addEventListener("input", updateRows);
      updateRows();
    }
    var reasons = document.getElementById("reasons");
    if (reasons) {
      var parse = function (text) {
        var t = (text || "").replace(/[\s\u00a0\u202f]/g, "").replace("\u2212", "-").replace(",", ".");
        var n = parseFloat(t);
        return isNaN(n) ? 0 : n;
      };
      var budget = parseInt(document.getElementById("annual-budget").dataset.ore, 10) / 100000;
      var update = function () {
        var total = 0;
        reasons.querySelectorAll(".reason-amount").forEach(function (i) { total += parse(i.value); });
        document.getElementById("reasons-total").textContent = fmt(total);
        var f = document.getElementById("prognos").value, v = document.getElementById("prognosavvikelse").value;
        var variance = rowsNetTkr !== null ? budget - rowsNetTkr : (f.trim() ? budget - parse(f) : (v.trim() ? parse(v) : null));
        document.getElementById("reasons-variance").textContent = variance === null ? "–" : fmt(variance);
        document.getElementById("reasons-rest").textContent = variance === null ? "–" : fmt(variance - total);
      };
      document.getElementById("unit-form").addEventListener("input", update);
    }
  });
})();
