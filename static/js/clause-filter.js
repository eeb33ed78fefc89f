// The ISO clause picker of the document editor: a text box that narrows the list of clauses
// (number or words of the title, with or without Vietnamese marks). Checked clauses always stay.
(() => {
  const { Controller } = window.StimulusModule;
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();

  class ClauseFilter extends Controller {
    static targets = ["input", "option", "group", "none"];

    filter() {
      const words = fold(this.inputTarget.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      this.optionTargets.forEach((option) => {
        const checked = option.querySelector("input:checked");
        const text = fold(option.textContent);
        const visible = Boolean(checked) || words.every((word) => text.includes(word));
        option.hidden = !visible;
        if (visible) shown += 1;
      });
      this.groupTargets.forEach((group) => {
        group.hidden = !group.querySelector("[data-qms-clause-filter-target=option]:not([hidden])");
      });
      this.noneTarget.hidden = shown > 0;
    }

    ignore(event) {
      event.preventDefault(); // Enter in the box must not submit the editor's form
    }
  }

  window.wagtail.app.register("qms-clause-filter", ClauseFilter);
})();
