// 大字模式: a class on <html>, remembered in localStorage; set before the page paints.
(function () {
  var KEY = "liaison-large-text";
  var root = document.documentElement;
  try { if (localStorage.getItem(KEY) === "1") root.classList.add("large"); } catch (e) {}
  document.addEventListener("click", function (event) {
    var menu = event.target.closest("[data-menu-toggle]");
    if (menu) {
      var open = document.getElementById("menu").classList.toggle("open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    var button = event.target.closest("[data-large-toggle]");
    if (!button) return;
    var on = root.classList.toggle("large");
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {}
    button.setAttribute("aria-pressed", on ? "true" : "false");
  });
  // Destructive actions ask first: <form data-confirm="确定…？">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  // Bar charts: <div data-chart='{"labels": [...], "values": [...], "unit": "%"}'>.
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = JSON.parse(el.getAttribute("data-chart"));
      var chart = window.echarts.init(el);
      chart.setOption({
        grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 4 ? 30 : 0 } },
        yAxis: { type: "value", max: data.max, axisLabel: { formatter: "{value}" + (data.unit || "") } },
        series: [{ type: "bar", data: data.values, name: data.name, label: { show: true, position: "top", formatter: "{c}" + (data.unit || "") } }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  });
})();
