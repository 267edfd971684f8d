// Auto-save a draft application: a few seconds after the citizen stops typing, post the
// form's fields (not its files) to the autosave URL and say so in a polite live region.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form || !form.dataset.autosaveUrl) { return; }
  var status = document.getElementById("autosave-status");
  var timer = null;
  var say = function (text) { if (status) { status.textContent = text; } };
  var save = function () {
    var data = new FormData(form);
    Array.from(form.querySelectorAll("input[type=file]")).forEach(function (input) { data.delete(input.name); });
    data.delete("action");
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-CSRFToken": data.get("csrfmiddlewaretoken"), "Accept": "application/json"}
    }).then(function (response) { return response.json(); }).then(function (result) {
      say(result.saved ? (form.dataset.savedText || "✓ ") + result.at : (form.dataset.unsavedText || "!"));
    }).catch(function () { say(form.dataset.offlineText || "…"); });
  };
  form.addEventListener("input", function (event) {
    if (event.target.type === "file") { return; }
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "file") { return; }
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
})();
