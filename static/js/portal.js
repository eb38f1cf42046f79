/* Small progressive enhancements: the phone menu toggle and confirmation prompts. */
(function () {
  "use strict";
  var toggle = document.querySelector("[data-nav-toggle]");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // Fields that belong to one choice of a radio group (data-period="term") show only while it is chosen.
  var kinds = document.querySelectorAll("input[name=period_kind]");
  function showPeriodFields() {
    var chosen = document.querySelector("input[name=period_kind]:checked");
    document.querySelectorAll("[data-period]").forEach(function (box) {
      box.hidden = !!chosen && box.getAttribute("data-period").split(" ").indexOf(chosen.value) < 0;
    });
  }
  kinds.forEach(function (input) { input.addEventListener("change", showPeriodFields); });
  if (kinds.length) { showPeriodFields(); }
})();
