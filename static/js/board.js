/* The pipeline board: drag a card to another column to move the case.
 *
 * A drop on an open stage posts the move at once; the server answers with the
 * whole board as it now is (or with the reason it refused), which replaces the
 * old one. A drop on won, lost or on-hold first asks for what that move needs
 * (reason, date, kind of partnership) in a dialog. Without JavaScript, every
 * card has a "Move" form that does the same.
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

  function init(root) {
    var lists = root.querySelectorAll ? root.querySelectorAll(".board-cards") : [];
    lists.forEach(function (list) {
      if (list.dataset.sortable) {
        return;
      }
      list.dataset.sortable = "1";
      Sortable.create(list, {
        group: "cases",
        sort: false,
        animation: 150,
        draggable: ".case-card[data-movable]",
        // Links, buttons and the move form stay clickable inside a draggable card.
        filter: "a, button, select, summary, input, label",
        preventOnFilter: false,
        ghostClass: "case-card-ghost",
        chosenClass: "case-card-chosen",
        onEnd: onDrop
      });
    });
  }

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
