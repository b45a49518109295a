// Small behaviours of every page.
(function () {
  "use strict";

  // A table wider than its container scrolls inside it: keyboard users reach the
  // hidden columns once the container can take the focus (and says what it holds).
  function scrollersFocusable(root) {
    root.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth || box.hasAttribute("tabindex")) return;
      box.setAttribute("tabindex", "0");
      if (!box.hasAttribute("role")) box.setAttribute("role", "region");
      const caption = box.querySelector("caption");
      const heading = box.closest(".card") && box.closest(".card").querySelector(".card-header, h2, h3");
      const name = (caption || heading) ? (caption || heading).textContent.trim() : "";
      if (name && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", name);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { scrollersFocusable(document); });
  window.addEventListener("resize", function () { scrollersFocusable(document); });
  document.body && document.body.addEventListener("htmx:afterSwap", function (event) {
    scrollersFocusable(event.target);
  });
})();
