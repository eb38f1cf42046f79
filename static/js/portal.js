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
})();

/* A period form shows only the fields its chosen kind (学期 / 学年 / 年度 / 时段) needs. */
(function () {
  "use strict";
  var needs = {term: ["term"], school_year: ["year"], year: ["year"],
               range: ["starts_on", "ends_on", "period_label"]};
  document.querySelectorAll("form").forEach(function (form) {
    var radios = form.querySelectorAll('input[name="period_kind"]');
    if (!radios.length) { return; }
    function show() {
      var checked = form.querySelector('input[name="period_kind"]:checked');
      var wanted = needs[checked ? checked.value : "term"] || [];
      ["term", "year", "starts_on", "ends_on", "period_label"].forEach(function (name) {
        var box = form.querySelector("#field-" + name);
        if (box) { box.hidden = wanted.indexOf(name) < 0; }
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", show); });
    show();
  });
})();
