// Draws each report chart from the data the page embeds (#report-charts); the table
// beside each chart holds the same figures for screen readers and for those who prefer numbers.
(function () {
  "use strict";
  const data = document.getElementById("report-charts");
  if (!data || typeof Chart === "undefined") return;
  const palette = ["#1f6f8b", "#e07a5f", "#3d9970", "#f2a541", "#6c5b7b", "#99b898"];
  for (const spec of JSON.parse(data.textContent)) {
    const canvas = document.getElementById(spec.id);
    if (!canvas) continue;
    const config = spec.config;
    const axis = config.horizontal ? "y" : "x";
    const valueAxis = config.horizontal ? "x" : "y";
    new Chart(canvas, {
      type: config.kind,
      data: {
        labels: config.labels,
        datasets: config.series.map((series, index) => ({
          label: series.label,
          data: series.values,
          backgroundColor: palette[index % palette.length],
          borderColor: palette[index % palette.length],
          tension: 0.2,
        })),
      },
      options: {
        indexAxis: axis,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: config.series.length > 1, position: "bottom" } },
        scales: {
          [valueAxis]: {
            beginAtZero: true,
            ticks: config.percent ? { callback: (value) => value + " %" } : { precision: 0 },
          },
        },
      },
    });
  }
})();
