// Type-ahead pickers: every <select data-picker-url> searches the server as the
// user types (name, town, postal code; umlauts and case ignored on the server).
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") return;

  function setUp(select) {
    if (select.tomselect) return;
    const url = select.dataset.pickerUrl;
    const empty = select.dataset.pickerEmpty || "";
    const picker = new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      // The server has matched already ("baeckerei" finds "Bäckerei"): keep its order.
      score: function () { return function () { return 1; }; },
      loadThrottle: 250,
      maxOptions: 20,
      // The empty option is "nothing chosen": the placeholder shows, and an optional
      // field gets a button that clears the choice.
      allowEmptyOption: false,
      plugins: select.required ? [] : ["clear_button"],
      placeholder: select.dataset.pickerPlaceholder || "",
      shouldLoad: function (query) { return query.length >= 2 || /^\d/.test(query); },
      load: function (query, callback) {
        const self = this;
        fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { "Accept": "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            self.clearOptions();
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        option: function (item, escape) {
          const detail = item.detail ? '<div class="small text-body-secondary">' + escape(item.detail) + "</div>" : "";
          return "<div><div>" + escape(item.text) + "</div>" + detail + "</div>";
        },
        item: function (item, escape) { return "<div>" + escape(item.text) + "</div>"; },
        no_results: function () { return '<div class="no-results">' + empty.replace(/[<>&]/g, "") + "</div>"; },
      },
    });
    // Tom Select moves the field's label to its own input; the original select stays
    // in the form (for validation) and keeps the same name for assistive technology.
    const label = document.getElementById(picker.control_input.id + "-label")
      || document.querySelector('label[for="' + picker.control_input.id + '"]');
    if (label) {
      if (!label.id) label.id = select.id + "-label";
      select.setAttribute("aria-labelledby", label.id);
    }
  }

  function setUpAll(root) {
    root.querySelectorAll("select[data-picker-url]").forEach(setUp);
  }
  document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  // Forms that htmx swaps in get their pickers too.
  document.body && document.body.addEventListener("htmx:afterSwap", function (event) { setUpAll(event.target); });
})();
