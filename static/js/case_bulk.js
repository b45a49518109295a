// Bulk actions on the case list: tick cases (or all on the page), then act.
// The ticks belong to the form #case-bulk through their `form` attribute.
(function () {
  "use strict";
  const form = document.getElementById("case-bulk");
  if (!form) return;
  const boxes = () => Array.from(document.querySelectorAll("input[data-bulk-case]"));
  const all = document.querySelector("input[data-bulk-all]");
  const count = form.querySelector("[data-bulk-count]");
  const buttons = form.querySelectorAll("[data-bulk-submit]");

  function refresh() {
    const ticked = boxes().filter((box) => box.checked).length;
    count.textContent = ticked
      ? `${count.dataset.templateSome} ${ticked}`
      : count.dataset.templateNone;
    buttons.forEach((button) => {
      if (!button.hasAttribute("data-bulk-never")) button.disabled = ticked === 0;
    });
    if (all) {
      const total = boxes().length;
      all.checked = total > 0 && ticked === total;
      all.indeterminate = ticked > 0 && ticked < total;
    }
  }

  if (all) {
    all.addEventListener("change", () => {
      boxes().forEach((box) => { box.checked = all.checked; });
      refresh();
    });
  }
  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("input[data-bulk-case]")) refresh();
  });
  // The campaign button stays off when there is no campaign in draft.
  buttons.forEach((button) => { if (button.disabled) button.setAttribute("data-bulk-never", ""); });
  refresh();
})();
