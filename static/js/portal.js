// Behaviour of the staff portal, kept out of the pages so the content security policy can forbid inline scripts.
document.addEventListener("click", (event) => {
  if (event.target.closest(".print-button")) {
    window.print();
  }
});

// An issue's body frozen before its tables' cells were labelled (an earlier release, or a table typed
// into a rich-text section) reads as cards on a phone like the others: each cell is given its column's
// name from the table's header row. Only what the browser shows changes; the body stays as it
// was issued. Tables whose cells span columns or rows keep scrolling sideways.
function labelCellsFromHeader(table) {
  const header = table.tHead && table.tHead.rows[0];
  const spans = table.querySelector("td[colspan], td[rowspan], th[colspan], th[rowspan]");
  if (!header || spans || table.querySelector("td[data-label]")) {
    return;
  }
  const names = Array.from(header.cells, (cell) => cell.textContent.trim());
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      Array.from(row.cells).forEach((cell, index) => {
        if (names[index]) {
          cell.setAttribute("data-label", names[index]);
        }
      });
    }
  }
  if (!table.classList.contains("steps-table")) {
    table.classList.add("table-cards");
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".document-body table").forEach(labelCellsFromHeader);
});
