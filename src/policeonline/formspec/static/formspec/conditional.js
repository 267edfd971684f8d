// Shows a conditional form field only while its condition holds (formspec/fields.html marks it
// with data-when-field and data-when-values). Hidden fields are disabled, so they are not sent;
// the server applies the same rule. No inline script: the site runs under a strict CSP.
(function () {
  "use strict";

  function currentValues(form, name) {
    var values = [];
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.disabled) { return; }
      if (input.type === "checkbox" && inputs.length === 1 && input.value === "true") {
        values.push(input.checked ? "true" : "false");
      } else if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) { values.push(input.value); }
      } else if (input.value !== "") {
        values.push(input.value);
      }
    });
    return values;
  }

  function update(form) {
    var blocks = form.querySelectorAll("[data-when-field]");
    // Conditions can chain (a field shown by a field that is itself conditional): repeat until
    // nothing changes; each pass is in page order, where controllers come first.
    for (var pass = 0; pass < 5; pass += 1) {
      var changed = false;
      Array.prototype.forEach.call(blocks, function (block) {
        var wanted = JSON.parse(block.getAttribute("data-when-values") || "[]");
        var have = currentValues(form, block.getAttribute("data-when-field"));
        var show = have.some(function (value) { return wanted.indexOf(value) !== -1; });
        if (block.hidden === show) {
          block.hidden = !show;
          Array.prototype.forEach.call(block.querySelectorAll("input, select, textarea"), function (el) {
            el.disabled = !show;
          });
          changed = true;
        }
      });
      if (!changed) { break; }
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      if (!form.querySelector("[data-when-field]")) { return; }
      form.addEventListener("change", function () { update(form); });
      form.addEventListener("input", function () { update(form); });
      update(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
