/* The steps table of a procedure edited as a grid (procedures/admin/steps_grid.py).
 *
 * StepsTableBlock is Wagtail's StructBlock; its list of steps is Wagtail's
 * ListBlock, whose rows keep their own move, duplicate, delete and drag
 * buttons. This file only adds to what Wagtail renders:
 * - column headings, a "add a step" button, and the keyboard: Enter moves to
 *   the next box of the row, and in the row's last box adds a step after it;
 *   Tab in the last box of the last row adds a step at the end;
 * - the numbers B1, B2 … rewritten whenever rows are added, moved or removed
 *   (a number typed by hand that is not of that form, e.g. "B2a", is kept);
 * - the total of the steps' times against the legal processing time.
 * Every string comes translated from the server, in the block's meta.
 */
(function () {
  'use strict';

  var AUTO_NUMBER = /^B\d+$/i;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  /* "4.5" (the number box's value) -> 450 hundredths of a day; empty or invalid -> null. */
  function hundredths(text) {
    var value = String(text == null ? '' : text).trim().replace(',', '.');
    if (value === '' || !/^\d*\.?\d*$/.test(value)) return null;
    var number = Number(value);
    return isFinite(number) ? Math.round(number * 100) : null;
  }

  /* 450 -> "4,5": Vietnamese writes decimals with a comma (procedures.models.blocks.format_days). */
  function formatDays(value) {
    var text = (value / 100).toFixed(2);
    if (text.indexOf('.') !== -1) text = text.replace(/0+$/, '').replace(/\.$/, '');
    return text.replace('.', ',');
  }

  function StepsGrid(block, options) {
    this.block = block;
    this.options = options;
    this.strings = options.strings;
    this.list = block.childBlocks[options.stepsField];
    this.limit = block.childBlocks[options.limitField];
    this.root = this.list.container[0];
    this.build();
    this.listen();
    this.update();
  }

  StepsGrid.prototype.build = function () {
    var strings = this.strings;
    this.root.classList.add('steps-grid');

    var head = document.createElement('div');
    head.className = 'steps-grid__head';
    head.setAttribute('aria-hidden', 'true');
    var columns = document.createElement('div');
    columns.className = 'steps-grid__head-columns';
    strings.columns.forEach(function (label) {
      var cell = document.createElement('div');
      cell.className = 'steps-grid__heading';
      cell.textContent = label;
      columns.appendChild(cell);
    });
    head.appendChild(columns);
    head.appendChild(document.createElement('div'));
    this.list.sequenceContainer[0].before(head);

    var footer = document.createElement('div');
    footer.className = 'steps-grid__footer';

    this.addButton = document.createElement('button');
    this.addButton.type = 'button';
    this.addButton.className = 'button button-small button-secondary steps-grid__add';
    this.addButton.textContent = '+ ' + strings.add;
    footer.appendChild(this.addButton);

    var hint = document.createElement('p');
    hint.className = 'help steps-grid__hint';
    hint.textContent = strings.addHint;
    footer.appendChild(hint);

    this.total = document.createElement('p');
    this.total.className = 'steps-grid__total';
    this.total.setAttribute('role', 'status');
    this.total.setAttribute('aria-live', 'polite');
    this.totalText = document.createElement('span');
    this.total.appendChild(this.totalText);
    this.warning = document.createElement('span');
    this.warning.className = 'steps-grid__warning';
    this.total.appendChild(this.warning);
    footer.appendChild(this.total);

    this.root.appendChild(footer);
  };

  StepsGrid.prototype.listen = function () {
    var grid = this;
    var scheduled = false;
    this.schedule = function () {
      if (scheduled) return;
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        grid.update();
      });
    };

    this.addButton.addEventListener('click', function () {
      grid.addStep(grid.list.children.length);
    });

    // Rows added, moved (buttons or drag) or removed by Wagtail's own controls: every such
    // change goes through these two methods of the list.
    var list = this.list;
    ['blockCountChanged', 'moveBlock'].forEach(function (name) {
      var original = list[name];
      list[name] = function () {
        var result = original.apply(this, arguments);
        grid.schedule();
        return result;
      };
    });
    this.root.addEventListener('input', this.schedule);
    this.root.addEventListener('change', this.schedule);
    // The legal processing time, a box of the table itself.
    var limitField = this.options.limitField;
    var onLimit = function (event) {
      var path = event.target.closest('[data-contentpath]');
      if (path && path.getAttribute('data-contentpath') === limitField && !grid.root.contains(path)) grid.schedule();
    };
    this.block.container[0].addEventListener('input', onLimit);
    this.block.container[0].addEventListener('change', onLimit);

    this.root.addEventListener('keydown', function (event) {
      grid.onKeydown(event);
    });
  };

  /* The boxes of a row, in order: inputs and text areas, not Wagtail's buttons. */
  StepsGrid.prototype.fields = function (child) {
    var row = child.element.querySelector('[data-steps-grid-row]');
    if (!row) return [];
    return Array.prototype.slice.call(row.querySelectorAll('input:not([type=hidden]), textarea, select'));
  };

  StepsGrid.prototype.rowOf = function (target) {
    var children = this.list.children;
    for (var i = 0; i < children.length; i += 1) {
      if (children[i].element.contains(target)) return i;
    }
    return -1;
  };

  StepsGrid.prototype.onKeydown = function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    var target = event.target;
    if (!target.matches('input, textarea')) return;
    var index = this.rowOf(target);
    if (index === -1) return;
    var fields = this.fields(this.list.children[index]);
    var position = fields.indexOf(target);
    if (position === -1) return;
    var isLastField = position === fields.length - 1;
    var isLastRow = index === this.list.children.length - 1;

    if (event.key === 'Enter' && !event.shiftKey && target.tagName !== 'TEXTAREA') {
      // Never submits the page from a step's box.
      event.preventDefault();
      if (isLastField) {
        this.addStep(index + 1);
      } else {
        fields[position + 1].focus();
      }
    } else if (event.key === 'Tab' && !event.shiftKey && isLastField && isLastRow) {
      event.preventDefault();
      this.addStep(index + 1);
    }
  };

  /* A new empty step at `index`, through Wagtail's own insertion (new id, max count, animation). */
  StepsGrid.prototype.addStep = function (index) {
    var inserter = this.list.inserters[index];
    if (!inserter || inserter.element.disabled) return;
    inserter.element.click();
    var child = this.list.children[index];
    this.update();
    if (!child) return;
    var fields = this.fields(child);
    // The number is filled in: start at the work to do.
    var first = fields[1] || fields[0];
    window.setTimeout(function () {
      if (first) first.focus();
    }, 20);
  };

  StepsGrid.prototype.renumber = function () {
    var stepField = this.options.stepField;
    var strings = this.strings;
    this.list.children.forEach(function (child, i) {
      var step = child.block.childBlocks[stepField];
      var value = String(step.getValue() || '').trim();
      var number = 'B' + (i + 1);
      if ((value === '' || AUTO_NUMBER.test(value)) && value !== number) {
        step.setState(number);
      }
      child.element.setAttribute('data-step-number', number);
      var note = child.element.querySelector('[data-steps-grid-row] input[name$="-time_note"]');
      if (note && !note.placeholder) note.placeholder = strings.notePlaceholder;
    });
  };

  StepsGrid.prototype.update = function () {
    this.renumber();
    var timeField = this.options.timeField;
    var total = 0;
    this.list.children.forEach(function (child) {
      total += hundredths(child.block.childBlocks[timeField].getValue()) || 0;
    });
    var limit = this.limit ? hundredths(this.limit.getValue()) : null;
    var strings = this.strings;
    var over = limit !== null && total > limit;
    if (limit === null) {
      this.totalText.textContent = fill(strings.totalNoLimit, { total: formatDays(total) });
    } else {
      this.totalText.textContent = fill(strings.total, { total: formatDays(total), limit: formatDays(limit) });
    }
    this.warning.textContent = over ? ' ' + fill(strings.over, { over: formatDays(total - limit) }) : '';
    this.total.classList.toggle('steps-grid__total--over', over);
  };

  var StructBlockDefinition = window.wagtailStreamField.blocks.StructBlockDefinition;

  class StepsTableBlockDefinition extends StructBlockDefinition {
    render(placeholder, prefix, initialState, initialError) {
      var block = super.render(placeholder, prefix, initialState, initialError);
      block.stepsGrid = new StepsGrid(block, this.meta.stepsGrid);
      return block;
    }
  }

  window.telepath.register('procedures.blocks.StepsTableBlock', StepsTableBlockDefinition);
})();
