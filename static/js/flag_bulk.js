// Bulk answers in the review queue: tick flags (or all on the page), write one note,
// acknowledge or dismiss. The ticks belong to the form #flag-bulk through their
// `form` attribute; htmx replaces the queue after acting, so every listener is
// on the document and the state is read afresh after each swap.
(function () {
  "use strict";
  const boxes = () => Array.from(document.querySelectorAll("input[data-bulk-flag]"));
  const alls = () => Array.from(document.querySelectorAll("#review-queue input[data-bulk-all]"));

  function refresh() {
    const form = document.getElementById("flag-bulk");
    if (!form) return;
    const ticked = boxes().filter((box) => box.checked).length;
    const total = boxes().length;
    const count = form.querySelector("[data-bulk-count]");
    count.textContent = ticked
      ? `${count.dataset.templateSome} ${ticked}`
      : count.dataset.templateNone;
    form.querySelectorAll("[data-bulk-submit]").forEach((button) => {
      button.disabled = ticked === 0;
    });
    alls().forEach((all) => {
      all.checked = total > 0 && ticked === total;
      all.indeterminate = ticked > 0 && ticked < total;
    });
  }

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (!target.matches) return;
    if (target.matches("#review-queue input[data-bulk-all]")) {
      boxes().forEach((box) => { box.checked = target.checked; });
      refresh();
    } else if (target.matches("input[data-bulk-flag]")) {
      refresh();
    }
  });
  document.body.addEventListener("htmx:afterSettle", refresh);
  refresh();
})();
