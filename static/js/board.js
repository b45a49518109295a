/* The pipeline board: drag a card to another column to move the case.
 *
 * A drop on an open stage posts the move at once; the server answers with the
 * whole board as it now is (or with the reason it refused), which replaces the
 * old one. A drop on won, lost or on-hold first asks for what that move needs
 * (reason, date, kind of partnership) in a dialog. Without JavaScript, every
 * card has a "Move" form that does the same.
 *
 * Won, lost and on hold sit in a rail beside the columns, collapsed to drop targets;
 * "Show cards" opens one (remembered for the session). A card's next step is edited
 * in place (htmx); Escape cancels the edit.
 */
(function () {
  "use strict";

  var dialogElement = document.getElementById("case-modal");
  var dialog = dialogElement ? bootstrap.Modal.getOrCreateInstance(dialogElement) : null;
  var movedInDialog = false;

  function board() {
    return document.getElementById("board");
  }

  function boardQuery() {
    var element = board();
    return element ? element.dataset.boardQuery || "" : "";
  }

  function putBack(evt) {
    var reference = evt.from.children[evt.oldIndex] || null;
    evt.from.insertBefore(evt.item, reference);
  }

  function askForDetails(card, stageId) {
    var url = card.dataset.moveUrl + "?" + new URLSearchParams({
      to: stageId,
      version: card.dataset.version,
      board_query: boardQuery(),
      next: board().dataset.boardUrl
    });
    movedInDialog = false;
    htmx.ajax("GET", url, { source: card, target: "#case-modal-content", swap: "innerHTML" })
      .then(function () { dialog.show(); });
  }

  function onDrop(evt) {
    if (evt.from === evt.to) {
      return;
    }
    var card = evt.item;
    var stageId = evt.to.dataset.stage;
    if (evt.to.dataset.kind !== "open") {
      putBack(evt);
      askForDetails(card, stageId);
      return;
    }
    card.classList.add("is-moving");
    card.setAttribute("aria-busy", "true");
    htmx.ajax("POST", card.dataset.moveUrl, {
      source: card,
      target: "#board",
      swap: "outerHTML",
      values: { to: stageId, version: card.dataset.version, board_query: boardQuery() }
    });
  }

  var OPEN_KEY = "tandem.board.open";
  var refocusCase = null;

  document.body.addEventListener("htmx:beforeRequest", function (evt) {
    var elt = evt.detail.elt;
    if (elt && elt.closest && elt.closest(".case-card-step-form")) {
      refocusCase = elt.closest(".case-card").dataset.case;
    }
  });

  function openColumns() {
    try {
      return JSON.parse(window.sessionStorage.getItem(OPEN_KEY) || "[]");
    } catch (e) {
      return [];
    }
  }

  function showColumn(button, open) {
    var column = button.closest(".board-column");
    column.classList.toggle("is-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? button.dataset.labelHide : button.dataset.labelShow;
  }

  function onToggle(evt) {
    var button = evt.currentTarget;
    var open = button.getAttribute("aria-expanded") !== "true";
    showColumn(button, open);
    var ids = openColumns().filter(function (id) { return id !== button.dataset.toggleColumn; });
    if (open) {
      ids.push(button.dataset.toggleColumn);
    }
    try {
      window.sessionStorage.setItem(OPEN_KEY, JSON.stringify(ids));
    } catch (e) { /* private mode: the rail just starts collapsed */ }
  }

  function init(root) {
    if (!root.querySelectorAll) {
      return;
    }
    // A card drawn anew after its next step was saved or the edit cancelled keeps the focus.
    if (refocusCase && root.classList && root.classList.contains("case-card") &&
        root.dataset.case === refocusCase) {
      refocusCase = null;
      var edit = root.querySelector(".case-card-edit") || root.querySelector(".case-card-title");
      if (edit) {
        edit.focus();
      }
    }
    var open = openColumns();
    root.querySelectorAll("[data-toggle-column]").forEach(function (button) {
      button.addEventListener("click", onToggle);
      if (open.indexOf(button.dataset.toggleColumn) !== -1) {
        showColumn(button, true);
      }
    });
    root.querySelectorAll(".board-cards").forEach(function (list) {
      if (list.dataset.sortable) {
        return;
      }
      list.dataset.sortable = "1";
      Sortable.create(list, {
        group: "cases",
        sort: false,
        animation: 150,
        draggable: ".case-card[data-movable]",
        // A card drags from anywhere, its title too; its controls stay usable.
        filter: "button, select, summary, input, label, textarea, .case-card-step-form",
        preventOnFilter: false,
        // On a touch screen a short press scrolls the page; holding a card picks it up.
        delay: 250,
        delayOnTouchOnly: true,
        ghostClass: "case-card-ghost",
        chosenClass: "case-card-chosen",
        onEnd: onDrop
      });
    });
  }

  document.addEventListener("keydown", function (evt) {
    if (evt.key !== "Escape") {
      return;
    }
    var form = evt.target.closest ? evt.target.closest(".case-card-step-form") : null;
    var cancel = form ? form.querySelector(".case-card-step-cancel") : null;
    if (cancel) {
      evt.preventDefault();
      cancel.click();
    }
  });

  htmx.onLoad(init);

  if (dialogElement) {
    document.body.addEventListener("caseMoved", function () {
      movedInDialog = true;
      dialog.hide();
    });
    // Closed without moving: the card went back already. If the dialog had to refuse
    // (someone changed the case meanwhile), show the board as it is now.
    dialogElement.addEventListener("hidden.bs.modal", function () {
      var content = document.getElementById("case-modal-content");
      var refused = content.querySelector(".alert-danger") !== null;
      content.innerHTML = "";
      if (!movedInDialog && refused) {
        htmx.ajax("GET", board().dataset.boardUrl, { target: "#board", swap: "outerHTML" });
      }
    });
  }
})();
