// The agenda builder's drag and drop, and the print view's Print button.
//
// Without JavaScript the builder works with its Move up / Move down buttons (also the keyboard
// way); this only adds a drag handle to each timeline row. A drop posts the whole new order of block ids to the
// reorder address (the same service the buttons use) and reloads the page, which then shows
// the recomputed start times and the server's message.
(function () {
  "use strict";

  function postOrder(body, form) {
    var data = new FormData(form);
    body.querySelectorAll("tr[data-block-id]").forEach(function (row) {
      data.append("block", row.getAttribute("data-block-id"));
    });
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).finally(function () {
      window.location.reload();
    });
  }

  function rowOrder(body) {
    return Array.prototype.map.call(body.querySelectorAll("tr[data-block-id]"), function (row) {
      return row.getAttribute("data-block-id");
    }).join(",");
  }

  function rowAt(body, dragged, y) {
    // The first other row whose middle is below the pointer: the dragged row goes before it.
    var rows = body.querySelectorAll("tr[data-block-id]");
    for (var i = 0; i < rows.length; i++) {
      if (rows[i] === dragged) {
        continue;
      }
      var box = rows[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) {
        return rows[i];
      }
    }
    return null;
  }

  function setUpDragging(body) {
    var form = document.getElementById(body.getAttribute("data-reorder-form"));
    if (!form) {
      return;
    }
    // One drag at a time. The moves are followed on the document, not with pointer capture:
    // moving the row in the DOM would release a capture on its handle.
    var drag = null;

    function onMove(event) {
      var next = rowAt(body, drag.row, event.clientY);
      if (next !== drag.row.nextElementSibling) {
        body.insertBefore(drag.row, next);
      }
    }

    function finish(event) {
      document.removeEventListener("pointermove", onMove);
      document.removeEventListener("pointerup", finish);
      document.removeEventListener("pointercancel", finish);
      var changed = rowOrder(body) !== drag.before;
      drag.row.classList.remove("agenda-row--dragging");
      drag = null;
      if (!changed) {
        return;
      }
      body.setAttribute("aria-busy", "true");
      if (event.type === "pointerup") {
        postOrder(body, form);
      } else {
        window.location.reload();
      }
    }

    body.querySelectorAll("tr[data-block-id]").forEach(function (row) {
      var handle = document.createElement("span");
      handle.className = "agenda-drag";
      handle.setAttribute("aria-hidden", "true");
      handle.title = body.getAttribute("data-drag-label") || "";
      handle.textContent = "\u2807";
      row.cells[0].insertBefore(handle, row.cells[0].firstChild);
      // Pointer events, not HTML5 drag and drop: the same code serves mouse, pen and touch.
      // Only the handle drags, so the minutes field and the buttons stay usable.
      handle.addEventListener("pointerdown", function (event) {
        if (drag || event.button !== 0 || body.getAttribute("aria-busy") === "true") {
          return;
        }
        event.preventDefault();
        drag = { row: row, before: rowOrder(body) };
        row.classList.add("agenda-row--dragging");
        document.addEventListener("pointermove", onMove);
        document.addEventListener("pointerup", finish);
        document.addEventListener("pointercancel", finish);
      });
    });
  }

  function setUpPrint() {
    document.querySelectorAll("[data-agenda-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-agenda-blocks]").forEach(setUpDragging);
    setUpPrint();
  });
})();
