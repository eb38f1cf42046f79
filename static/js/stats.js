/* Draws each statistics chart with the vendored ECharts from the figures in the page's json_script block
   (#stats-charts). The same numbers are in the table beneath every chart, for screen readers and printing. */
(function () {
  "use strict";
  // The period form shows only the fields of the chosen kind of period.
  var kind = document.getElementById("id_kind");
  var fieldsOf = { term: ["term"], school_year: ["school_year"], year: ["year"], range: ["starts_on", "ends_on"] };
  function showPeriodFields() {
    var chosen = kind.value || "term";
    Object.keys(fieldsOf).forEach(function (k) {
      fieldsOf[k].forEach(function (name) {
        var box = document.getElementById("field-" + name);
        if (box) { box.hidden = k !== chosen; }
      });
    });
  }
  if (kind) { kind.addEventListener("change", showPeriodFields); showPeriodFields(); }

  var source = document.getElementById("stats-charts");
  if (!source || typeof window.echarts === "undefined") { return; }
  var specs = JSON.parse(source.textContent);
  var quiet = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var charts = [];

  function option(spec, narrow) {
    var base = { animation: !quiet, tooltip: { trigger: spec.type === "pie" ? "item" : "axis", confine: true },
                 legend: { type: "scroll", bottom: 0 }, textStyle: { fontFamily: "inherit" } };
    if (spec.type === "pie") {
      base.series = [{ type: "pie", name: spec.series[0].name, radius: narrow ? ["30%", "60%"] : ["35%", "65%"],
        data: spec.categories.map(function (label, i) { return { name: label, value: spec.series[0].data[i] }; }),
        label: { formatter: "{b}: {c}" } }];
      return base;
    }
    var categoryAxis = { type: "category", data: spec.categories, axisLabel: { interval: 0, width: narrow ? 90 : 160,
      overflow: "truncate" } };
    if (!spec.horizontal) { categoryAxis.axisLabel.rotate = spec.categories.length > 4 ? 30 : 0; }
    var valueAxes = [{ type: "value", minInterval: 1 }];
    var hasPercent = spec.series.some(function (s) { return s.percent; });
    if (hasPercent) { valueAxes.push({ type: "value", axisLabel: { formatter: "{value}%" } }); }
    base.grid = { left: 8, right: 16, top: 16, bottom: 40, containLabel: true };
    base.xAxis = spec.horizontal ? valueAxes[0] : categoryAxis;
    base.yAxis = spec.horizontal ? Object.assign({ inverse: true }, categoryAxis) : valueAxes;
    base.series = spec.series.map(function (s) {
      var kind = (s.line || spec.type === "line") ? "line" : "bar";
      var series = { type: kind, name: s.name, data: s.data };
      if (spec.stacked && kind === "bar") { series.stack = "total"; }
      if (s.percent && !spec.horizontal) { series.yAxisIndex = 1; }
      if (kind === "line" && s.line) { series.symbol = "circle"; series.lineStyle = { type: "dashed" }; }
      return series;
    });
    return base;
  }

  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var spec = specs[box.getAttribute("data-chart")];
    if (!spec) { return; }
    var rows = spec.categories.length;
    if (spec.horizontal) {
      box.style.height = Math.max(220, Math.min(1200, 70 + rows * (14 + 10 * spec.series.length))) + "px";
    }
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option(spec, box.clientWidth < 480));
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
