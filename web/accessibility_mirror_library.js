// The DOM mirror of the UI Dear ImGui draws in the canvas: for screen readers, password managers and the
// keyboard. Linked into the module with --js-library; C++ side: src/platform/browser_accessibility.cpp,
// which hands over ui::AccessibilityTree's record of a frame (JSON) only when it changed.
//
// Each recorded item becomes a transparent element at the item's place over the canvas (#mirror, which
// takes no pointer events: the mouse still reaches the canvas, and the canvas still draws every pixel),
// with its role, accessible name and state: tabs in a tab list, buttons, links, checkboxes, text fields
// (real <input>s: the register and login fields inside a <form> with autocomplete tokens, so password
// managers and autofill engage), the visible rows of a table as a grid with aria-rowcount/aria-rowindex,
// headings and messages. Elements are kept from one record to the next (keyed by Dear ImGui's item id, or
// by their place for text), so an unchanged item costs a comparison.
//
// Focus is one thing: DOM focus arriving on a mirrored element (Tab, a screen reader, a test's focus())
// moves Dear ImGui's focus there (a text field starts editing), and while the DOM focus is in the mirror,
// Dear ImGui's focus moving (arrow keys) moves the DOM focus. A mirrored text field's text is the page's:
// each edit goes to C++ whole (text and caret, never a selection), and C++'s text comes back only once C++
// has applied the page's last edit (or for changes of its own: a cut to the limit, a form cleared).
// Messages are announced through two live regions: polite (#mirror-status) for notices, success and field
// errors, assertive (#mirror-alert) for other errors; the save state is a status element of its own.
//
// Over 400 lines on purpose: one Emscripten library object ($SeedMirror), copied into the module as
// source, whose methods share its element maps; update() is one pass over a frame.

var SeedMirrorLibrary = {
  $SeedMirror__deps: ['$SeedText'],
  $SeedMirror__postset: 'SeedMirror.guardKeys();',
  $SeedMirror: {
    root: null,
    statusRegion: null,
    alertRegion: null,
    elements: null,       // key → element (Maps made by install(): a library object is copied as source)
    byId: null,           // Dear ImGui id → element, for the last record
    forms: null,          // form name → <form>
    nodes: [],            // the last record's nodes
    reportedFocus: 0,     // the focus C++ reported last
    awaitingFocus: 0,     // the DOM focus moved here: C++'s reports are stale until they say so
    awaitingUpdates: 0,
    accepted: -1,         // credentials_accepted count of the last record (-1: no record yet)
    announced: { status: '', alert: '' },
    selectedTab: null,
    editSequence: 0,
    programmaticFocus: false,
    submitted: null,      // {form, credentials} of the last submit, until accepted or submitted again
    recycledRoles: ['row', 'gridcell'], // what scrolling replaces by the dozen (see update)
    stats: { updates: 0, lastSyncMs: 0, totalSyncMs: 0, credentialsStored: 0, credentialStoreError: '' },

    install: function () {
      if (SeedMirror.root) return;
      SeedMirror.elements = new Map();
      SeedMirror.byId = new Map();
      SeedMirror.forms = new Map();
      var root = document.createElement('div');
      root.id = 'mirror';
      var canvas = document.getElementById('canvas');
      document.body.insertBefore(root, canvas ? canvas.nextSibling : document.body.firstChild);
      var live = document.createElement('div');
      live.id = 'mirror-live';
      var status = document.createElement('div');
      status.id = 'mirror-status';
      status.setAttribute('role', 'status');
      status.setAttribute('aria-live', 'polite');
      var alert = document.createElement('div');
      alert.id = 'mirror-alert';
      alert.setAttribute('role', 'alert');
      live.appendChild(status);
      live.appendChild(alert);
      document.body.insertBefore(live, root.nextSibling);
      SeedMirror.root = root;
      SeedMirror.statusRegion = status;
      SeedMirror.alertRegion = alert;
      Module['seedMirror'] = SeedMirror.stats;

      root.addEventListener('focusin', function (event) {
        var element = event.target;
        if (!element.seedNode || !element.seedNode.i) return;
        if (SeedMirror.programmaticFocus) return;
        SeedMirror.awaitingFocus = element.seedNode.i;
        SeedMirror.awaitingUpdates = 0;
        SeedMirror.poke();
        _seed_mirror_focus(element.seedNode.i);
      });
      root.addEventListener('click', function (event) {
        var element = event.target.closest ? event.target.closest('[data-seed-press]') : null;
        if (!element || !element.seedNode) return;
        if (element.tagName === 'A') event.preventDefault();
        SeedMirror.press(element);
      });
      root.addEventListener('input', function (event) {
        var element = event.target;
        if (!element.seedNode || element.seedNode.r !== 'textbox') return;
        SeedMirror.sendEdit(element);
      });
      root.addEventListener('submit', function (event) {
        event.preventDefault(); // the submit button's click has pressed it in Dear ImGui already
      });
    },

    poke: function () {
      if (Module['seedInput']) Module['seedInput'].seen = true; // the frame pacer draws a frame for it
    },

    press: function (element) {
      SeedMirror.poke();
      // A form's submit: what it submits is kept for the password manager (C++ empties the password field
      // as soon as it has taken the password, before it knows whether the credentials are accepted).
      var node = element.seedNode;
      if ((node.s & 256) && node.f) SeedMirror.submitted = { form: node.f, credentials: SeedMirror.credentialsOf(node.f) };
      _seed_mirror_press(element.seedNode.i);
    },

    // The field's whole text and caret (as a byte offset) to C++, with the count of this edit.
    sendEdit: function (element) {
      var sequence = ++SeedMirror.editSequence;
      element.seedSent = sequence;
      var value = element.value;
      var end = typeof element.selectionEnd === 'number' ? element.selectionEnd : value.length;
      var caret = SeedText.encode(value.slice(0, end)).length;
      SeedMirror.poke();
      try {
        SeedText.withText(value, function (pointer, length) {
          _seed_mirror_edit(element.seedNode.i, pointer, length, caret, sequence);
        });
      } catch (error) {
        // No room in the heap for the text: the edit is dropped, as a full keyboard buffer would drop it.
      }
    },

    // Nothing of the page's has the focus: the page itself or the canvas.
    outside: function (element) {
      return !element || element === document.body || element === document.getElementById('canvas');
    },

    owns: function (element) {
      return !!(element && element.seedNode && SeedMirror.root && SeedMirror.root.contains(element));
    },

    // Key presses on mirrored elements are the page's: Emscripten's GLFW listens on the window in the
    // capture phase and would hand them to Dear ImGui as well (a character typed twice, Tab moving two
    // focuses). This listener is registered when the module loads, before GLFW's, and keeps from GLFW:
    // every key in a text field but Escape (Dear ImGui closes dialogs with it); Tab, Enter and Space on
    // other elements (the browser moves the focus, clicks buttons; Enter/Space press tabs and rows here).
    // Arrow keys and Escape go on to Dear ImGui, whose focus the mirror then follows.
    guardKeys: function () {
      var guard = function (event) {
        var target = event.target;
        if (!SeedMirror.owns(target)) {
          if (event.type === 'keydown' && event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.altKey &&
              SeedMirror.reportedFocus === 0 && SeedMirror.outside(document.activeElement)) {
            // The first Tab from page load enters the current view's first field (while Dear ImGui has no
            // focused item of its own: then Tab is Dear ImGui's, as in the canvas before).
            var first = SeedMirror.firstField();
            if (first) {
              event.preventDefault();
              event.stopImmediatePropagation();
              first.focus();
            }
          }
          return;
        }
        SeedMirror.poke();
        var key = event.key;
        if (key === 'Escape') return;
        var node = target.seedNode;
        if (node.r === 'textbox') {
          if (event.type === 'keydown' && key === 'Enter' && !(node.s & 32) && !target.form) {
            event.preventDefault();
            _seed_mirror_enter(node.i);
          }
          event.stopImmediatePropagation();
          return;
        }
        if (key !== 'Tab' && key !== 'Enter' && key !== ' ') return;
        event.stopImmediatePropagation();
        if (key !== 'Tab' && event.type === 'keydown' && target.tagName !== 'BUTTON' && target.tagName !== 'A' &&
            target.tagName !== 'INPUT' && target.hasAttribute('data-seed-press')) {
          event.preventDefault();
          SeedMirror.press(target);
        }
      };
      ['keydown', 'keypress', 'keyup'].forEach(function (type) { window.addEventListener(type, guard, true); });
    },

    // The first text field of the open view (after the main tab list), else its first focusable element.
    firstField: function () {
      var nodes = SeedMirror.nodes;
      var start = 0;
      for (var i = 0; i < nodes.length; ++i) if (nodes[i].r === 'tablist') { start = i; break; }
      var fallback = null;
      for (var j = start; j < nodes.length; ++j) {
        var element = nodes[j].element;
        if (!element || element.tabIndex < 0 || (nodes[j].s & 4)) continue;
        if (nodes[j].r === 'textbox') return element;
        if (!fallback && nodes[j].r !== 'tab' && nodes[j].r !== 'tablist') fallback = element;
      }
      return fallback;
    },

    tagFor: function (node) {
      switch (node.r) {
        case 'button': case 'menubutton': return 'button';
        case 'link': return 'a';
        case 'checkbox': return 'input';
        case 'textbox': return node.s & 32 ? 'textarea' : 'input';
        case 'heading': return 'h' + (node.l || 2);
        case 'text': return 'p';
        default: return 'div';
      }
    },

    create: function (node, tag) {
      var element = document.createElement(tag);
      switch (node.r) {
        case 'button': element.type = 'button'; break;
        case 'menubutton': element.type = 'button'; element.setAttribute('aria-haspopup', 'menu'); break;
        case 'link': element.href = '#'; break;
        case 'checkbox': element.type = 'checkbox'; break;
        case 'textbox': break;
        case 'heading': case 'text': case 'status': case 'alert': break;
        case 'grid': element.setAttribute('role', 'grid'); element.setAttribute('aria-readonly', 'true'); break;
        case 'dialog': element.setAttribute('role', 'dialog'); element.setAttribute('aria-modal', 'true'); break;
        default: element.setAttribute('role', node.r);
      }
      if (node.r === 'status' && (node.s & 512)) {
        element.setAttribute('role', 'status'); // the save state: announced where it is
      }
      // Roving: one tab, row or option of its list is in the Tab order (see update), the rest by arrow keys.
      if (['tab', 'menuitem', 'row', 'columnheader', 'option'].indexOf(node.r) >= 0) element.tabIndex = -1;
      if (node.r === 'combobox') element.tabIndex = 0;
      if (['button', 'menubutton', 'link', 'checkbox', 'tab', 'menuitem', 'row', 'columnheader', 'combobox', 'option'].indexOf(node.r) >= 0)
        element.setAttribute('data-seed-press', '');
      element.seedKey = '';
      element.seedState = {};
      return element;
    },

    set: function (element, name, value) {
      var state = element.seedState;
      if (state[name] === value) return;
      state[name] = value;
      if (value === null || value === false || value === undefined) element.removeAttribute(name);
      else element.setAttribute(name, value === true ? 'true' : String(value));
    },

    // The element's text content, for roles named by their content.
    setText: function (element, text) {
      if (element.seedState.text === text) return;
      element.seedState.text = text;
      // A recycled cell keeps its text node: changing its data costs less than replacing the node.
      var first = element.firstChild;
      if (first && first.nodeType === 3 && !first.nextSibling && text !== '') first.data = text;
      else element.textContent = text;
    },

    place: function (element, node, parentBox, ratio) {
      var b = node.b || [0, 0, 0, 0];
      // Tenths of a CSS pixel, compared as numbers: most elements do not move in a frame (cells are placed
      // inside their row), and formatting four strings for each of them cost more than the rest.
      var left = Math.round((b[0] - parentBox[0]) * 10 / ratio), top = Math.round((b[1] - parentBox[1]) * 10 / ratio);
      var width = Math.round((b[2] - b[0]) * 10 / ratio), height = Math.round((b[3] - b[1]) * 10 / ratio);
      var box = element.seedBox || (element.seedBox = [NaN, NaN, NaN, NaN]);
      var style = element.style;
      if (box[0] !== left) style.left = (box[0] = left) / 10 + 'px';
      if (box[1] !== top) style.top = (box[1] = top) / 10 + 'px';
      if (box[2] !== width) style.width = (box[2] = width) / 10 + 'px';
      if (box[3] !== height) style.height = (box[3] = height) / 10 + 'px';
    },

    updateNode: function (element, node, nodes) {
      var set = SeedMirror.set;
      var bits = node.s || 0;
      var disabled = (bits & 4) !== 0;
      switch (node.r) {
        case 'button': case 'menubutton': case 'link': case 'tab': case 'menuitem': case 'columnheader':
        case 'heading': case 'text': case 'status': case 'alert': case 'gridcell': case 'option':
          SeedMirror.setText(element, node.n || '');
          break;
        case 'checkbox': case 'combobox': case 'grid': case 'dialog': case 'listbox':
          set(element, 'aria-label', node.n || null);
          break;
      }
      if (node.r === 'checkbox') {
        if (element.checked !== ((bits & 2) !== 0)) element.checked = (bits & 2) !== 0;
      }
      if (node.r === 'tab') {
        set(element, 'aria-selected', (bits & 1) ? 'true' : 'false');
        var tabIndex = (bits & 1) ? 0 : -1;
        if (element.tabIndex !== tabIndex) element.tabIndex = tabIndex;
      }
      if (node.r === 'option') set(element, 'aria-selected', (bits & 1) ? 'true' : 'false');
      if (node.r === 'row') {
        set(element, 'aria-rowindex', node.x || null);
        if (node.i) set(element, 'aria-selected', (bits & 1) ? 'true' : 'false');
      }
      if (node.r === 'grid') {
        set(element, 'aria-rowcount', node.x || 0);
        set(element, 'aria-colcount', node.c || null);
      }
      if (node.r === 'menubutton' || node.r === 'combobox') set(element, 'aria-expanded', (bits & 64) ? 'true' : 'false');
      if (node.r !== 'textbox') set(element, 'aria-disabled', disabled ? 'true' : null);
      if (node.r === 'textbox') SeedMirror.updateField(element, node, nodes, bits);
    },

    updateField: function (element, node, nodes, bits) {
      var set = SeedMirror.set;
      var purpose = node.a || '';
      var password = (bits & 16) !== 0;
      if (element.tagName === 'INPUT') {
        var type = password ? 'password' : 'text';
        if (element.type !== type) element.type = type;
      }
      set(element, 'aria-label', node.n || null);
      set(element, 'autocomplete', purpose || 'off');
      var plain = purpose === 'username' || purpose === 'email';
      set(element, 'spellcheck', plain || password ? 'false' : null);
      set(element, 'autocapitalize', plain || password ? 'off' : null);
      set(element, 'inputmode', purpose === 'email' ? 'email' : null);
      set(element, 'aria-invalid', (bits & 8) ? 'true' : null);
      set(element, 'aria-disabled', (bits & 4) ? 'true' : null);
      if (element.readOnly !== ((bits & 4) !== 0)) element.readOnly = (bits & 4) !== 0;
      var described = node.d !== undefined && nodes[node.d] ? nodes[node.d].element : null;
      if (described && !described.id) described.id = 'mirror-message-' + (++SeedMirror.editSequence);
      set(element, 'aria-describedby', described ? described.id : null);
      // C++'s text wins only once it has applied the page's last edit of this field.
      if ((node.q || 0) < (element.seedSent || 0)) return;
      if (password) {
        if (!node.sl && element.value !== '') element.value = ''; // C++ emptied it (registered, left the view)
        return;
      }
      var value = node.v || '';
      if (element.value !== value) element.value = value;
    },

    credentialsOf: function (formName) {
      var form = SeedMirror.forms.get(formName);
      if (!form) return null;
      var user = form.querySelector('input[autocomplete="username"]');
      var secret = form.querySelector('input[autocomplete="new-password"], input[autocomplete="current-password"]');
      return user && secret && user.value && secret.value ? { id: user.value, password: secret.value } : null;
    },

    // The credentials of `form` were accepted: offer what it submitted to the browser's password manager.
    storeCredentials: function (formName) {
      var submitted = SeedMirror.submitted;
      SeedMirror.submitted = null;
      if (!submitted || submitted.form !== formName || !submitted.credentials) return;
      var user = { value: submitted.credentials.id }, secret = { value: submitted.credentials.password };
      SeedMirror.stats.credentialStoreAttempts = (SeedMirror.stats.credentialStoreAttempts || 0) + 1;
      if (typeof PasswordCredential !== 'function' || !navigator.credentials || !navigator.credentials.store) {
        SeedMirror.stats.credentialStoreError = 'PasswordCredential is not available';
        return;
      }
      try {
        var credential = new PasswordCredential({ id: user.value, password: secret.value, name: user.value });
        navigator.credentials.store(credential).then(function () {
          SeedMirror.stats.credentialsStored++;
        }, function (error) {
          SeedMirror.stats.credentialStoreError = SeedText.describeError(error);
        });
      } catch (error) {
        SeedMirror.stats.credentialStoreError = SeedText.describeError(error);
      }
    },

    formFor: function (name) {
      var form = SeedMirror.forms.get(name);
      if (!form) {
        form = document.createElement('form');
        form.setAttribute('aria-label', name === 'register' ? 'Create an account' : name === 'login' ? 'Log in' : name);
        form.noValidate = true;
        form.seedState = {};
        SeedMirror.forms.set(name, form);
      }
      return form;
    },

    announce: function (nodes) {
      var status = '', alert = '';
      for (var i = 0; i < nodes.length; ++i) {
        var node = nodes[i];
        if (node.r === 'status' && !(node.s & 512)) status = node.n;
        if (node.r === 'alert') {
          if (nodes.some(function (other) { return other.d === i; })) status = status || node.n;
          else alert = node.n;
        }
      }
      // A message is announced when it appears; the region empties when the message goes.
      if (status !== SeedMirror.announced.status) {
        SeedMirror.announced.status = status;
        SeedMirror.statusRegion.textContent = status;
      }
      if (alert !== SeedMirror.announced.alert) {
        SeedMirror.announced.alert = alert;
        SeedMirror.alertRegion.textContent = alert;
      }
    },

    update: function (frame) {
      var started = performance.now();
      SeedMirror.install();
      var nodes = frame.nodes;
      if (SeedMirror.accepted >= 0 && frame.accepted !== SeedMirror.accepted && frame.acceptedForm)
        SeedMirror.storeCredentials(frame.acceptedForm); // before the fields take C++'s (emptied) text
      SeedMirror.accepted = frame.accepted;

      var ratio = window.devicePixelRatio || 1;
      var seen = new Set();
      var cursors = new Map(); // parent element → index of its next child
      var counts = new Map();  // parent key + role → ordinal, for items without an id
      var byId = new Map();
      var root = SeedMirror.root;
      var rootBox = [0, 0, 0, 0];
      var usedForms = new Set();
      var missing = []; // nodes with no element yet
      // Puts `element` at the parent's next place. Moving an element takes the focus from it, so a focused
      // element stays and what stands before it moves instead.
      var place = function (parent, element) {
        var at = cursors.get(parent) || 0;
        if (parent.children[at] !== element) {
          if (element.parentNode === parent && element.contains(document.activeElement)) {
            while (parent.children[at] && parent.children[at] !== element)
              parent.insertBefore(parent.children[at], element.nextSibling);
          } else {
            parent.insertBefore(element, parent.children[at] || null);
          }
        }
        cursors.set(parent, at + 1);
      };
      for (var i = 0; i < nodes.length; ++i) {
        var node = nodes[i];
        var parentNode = node.p !== undefined ? nodes[node.p] : null;
        var parentKey = parentNode ? parentNode.key : '';
        var key;
        if (node.i) key = 'i' + node.i;
        else {
          var countKey = parentKey + '/' + node.r;
          var ordinal = counts.get(countKey) || 0;
          counts.set(countKey, ordinal + 1);
          key = countKey + ':' + ordinal;
        }
        node.key = key;
        var tag = SeedMirror.tagFor(node);
        var element = SeedMirror.elements.get(key);
        if (element && (element.seedTag !== tag || element.seedRole !== node.r)) {
          if (element.parentNode) element.parentNode.removeChild(element);
          SeedMirror.elements.delete(key);
          element = null;
        }
        seen.add(key);
        if (!element) {
          missing.push(node);
          continue;
        }
        element.seedRecycled = false;
        element.seedNode = node;
        node.element = element;
        if (node.i) byId.set(node.i, element);
      }
      // What is gone goes first, so that what stays keeps its place (and its focus). A row or cell that
      // scrolled out is kept for one that scrolled in (the next loop): a scroll step changes ~25 rows and
      // ~100 cells, and updating an element's text costs less than making a new one. A row keeps its
      // cells: the row that takes it over takes them too, in order, and only their texts change.
      var spare = new Map(); // tag + role → elements free for reuse
      var active = document.activeElement;
      var gone = [];
      var goneRows = 0;
      SeedMirror.elements.forEach(function (element, key) {
        if (seen.has(key)) return;
        SeedMirror.elements.delete(key);
        element.seedRecycled = SeedMirror.recycledRoles.indexOf(element.seedRole) >= 0 && !element.contains(active);
        if (element.seedRecycled && element.seedRole === 'row') ++goneRows;
        gone.push(element);
      });
      // Rows that went either leave the grid and those that came are inserted (a few rows scrolled), or
      // they stay where they stand and the rows that came take them over in order, so that only the rows
      // that stayed move (most of the window scrolled: a page down, a fast wheel, a drag of the scroll bar).
      // Either way as few rows move as can.
      var keptRows = 0;
      for (var kr = 0; kr < nodes.length; ++kr)
        if (nodes[kr].r === 'row' && nodes[kr].i && nodes[kr].element) ++keptRows;
      var inPlace = keptRows < goneRows;
      var inPlaceGrids = [];
      for (var g = 0; g < gone.length; ++g) {
        var element = gone[g];
        var parent = element.parentNode;
        var carried = element.seedRole === 'gridcell' && element.seedRecycled && parent && parent.seedRecycled &&
                      parent.seedRole === 'row';
        if (carried) continue; // stays in its row, which leaves the tree below or is taken over in place
        if (inPlace && element.seedRecycled && element.seedRole === 'row' && parent && parent.seedRole === 'grid' &&
            parent.seedRecycled === false) {
          if (!parent.seedInPlace) {
            parent.seedInPlace = [];
            inPlaceGrids.push(parent);
          }
          continue; // listed below, in the grid's order
        }
        // Out of the tree either way: what stays then keeps its order, and nothing has to move round it.
        if (parent) parent.removeChild(element);
        if (!element.seedRecycled) continue;
        var kind = element.seedTag + '|' + element.seedRole;
        if (!spare.has(kind)) spare.set(kind, []);
        spare.get(kind).push(element);
      }
      for (var ig = 0; ig < inPlaceGrids.length; ++ig) {
        var grid = inPlaceGrids[ig];
        for (var row = grid.firstChild; row; row = row.nextSibling)
          if (row.seedRecycled && row.seedRole === 'row') grid.seedInPlace.push(row);
        grid.seedInPlace.reverse(); // taken with pop(), first row first
      }
      var reusedRows = [];
      for (var m = 0; m < missing.length; ++m) {
        var node = missing[m];
        var tag = SeedMirror.tagFor(node);
        var element = null;
        var parentElement = node.p !== undefined ? nodes[node.p].element : null;
        if (parentElement && parentElement.seedInPlace && parentElement.seedInPlace.length && node.r === 'row' &&
            tag === parentElement.seedInPlace[parentElement.seedInPlace.length - 1].seedTag) {
          element = parentElement.seedInPlace.pop();
          element.seedCarried = element.firstChild;
          reusedRows.push(element);
        }
        if (parentElement && parentElement.seedCarried && node.r === 'gridcell') {
          // The next cell the recycled row brought along, if it is one.
          var next = parentElement.seedCarried;
          while (next && !(next.seedRecycled && next.seedTag === tag && next.seedRole === node.r)) next = next.nextSibling;
          if (next) {
            parentElement.seedCarried = next.nextSibling;
            next.seedRecycled = false;
            element = next;
          }
        }
        if (!element) {
          var free = spare.get(tag + '|' + node.r);
          element = free && free.length ? free.pop() : null;
          if (element && element.seedRole === 'row') {
            element.seedCarried = element.firstChild;
            reusedRows.push(element);
          }
        }
        if (!element) {
          element = SeedMirror.create(node, tag);
          element.seedTag = tag;
          element.seedRole = node.r;
        }
        element.seedRecycled = false;
        SeedMirror.elements.set(node.key, element);
        element.seedNode = node;
        node.element = element;
        if (node.i) byId.set(node.i, element);
      }
      // Rows left in place that no row took over, and cells a reused row brought along that its new row
      // has no place for.
      for (var lg = 0; lg < inPlaceGrids.length; ++lg) {
        var left = inPlaceGrids[lg].seedInPlace;
        for (var l = 0; l < left.length; ++l) inPlaceGrids[lg].removeChild(left[l]);
        inPlaceGrids[lg].seedInPlace = null;
      }
      for (var u = 0; u < reusedRows.length; ++u) {
        var reused = reusedRows[u];
        reused.seedCarried = null;
        for (var child = reused.firstChild; child;) {
          var after = child.nextSibling;
          if (child.seedRecycled) reused.removeChild(child);
          child = after;
        }
      }
      for (var n = 0; n < nodes.length; ++n) {
        var node = nodes[n];
        var element = node.element;
        var parentNode = node.p !== undefined ? nodes[node.p] : null;
        var parent = parentNode ? parentNode.element : root;
        var parentBox = parentNode ? parentNode.b : rootBox;
        if (!parentNode && node.f) {
          var form = SeedMirror.formFor(node.f);
          if (!usedForms.has(form)) {
            usedForms.add(form);
            place(root, form);
          }
          parent = form;
        }
        SeedMirror.place(element, node, parentBox, ratio);
        SeedMirror.updateNode(element, node, nodes);
        if (node.r === 'button') {
          var type = node.s & 256 ? 'submit' : 'button';
          if (element.type !== type) element.type = type;
        }
        place(parent, element);
      }
      // Rows of a grid, options of a listbox: one of each list in the Tab order (the selected one, else the
      // first shown), the others by arrow keys.
      var roving = new Map(); // parent index → the element in the Tab order
      for (var r = 0; r < nodes.length; ++r) {
        var item = nodes[r];
        if ((item.r !== 'row' && item.r !== 'option') || !item.i) continue;
        var list = item.r === 'row' ? 'grid' : item.p; // a grid's rows: all of its rows, whatever their parent
        var chosen = roving.get(list);
        if (!chosen || ((item.s & 1) && !(chosen.seedNode.s & 1))) roving.set(list, item.element);
      }
      for (var k = 0; k < nodes.length; ++k) {
        var listed = nodes[k];
        if ((listed.r !== 'row' && listed.r !== 'option') || !listed.i) continue;
        var index = roving.get(listed.r === 'row' ? 'grid' : listed.p) === listed.element ? 0 : -1;
        if (listed.element.tabIndex !== index) listed.element.tabIndex = index;
      }

      // An open combo box names the listbox of its popup (drawn after it, at the top level, under its
      // name) in aria-controls, which ARIA requires of an expanded combo box.
      for (var c = 0; c < nodes.length; ++c) {
        var combo = nodes[c];
        if (combo.r !== 'combobox') continue;
        var popup = null;
        for (var following = c + 1; (combo.s & 64) && !popup && following < nodes.length; ++following) {
          var candidate = nodes[following];
          if (candidate.r === 'listbox' && candidate.p === undefined && candidate.n === combo.n) popup = candidate.element;
        }
        if (popup && !popup.id) popup.id = 'mirror-popup-' + (++SeedMirror.editSequence);
        SeedMirror.set(combo.element, 'aria-controls', popup ? popup.id : null);
      }

      SeedMirror.forms.forEach(function (form) {
        if (!usedForms.has(form) && form.parentNode) form.parentNode.removeChild(form);
      });
      SeedMirror.byId = byId;
      SeedMirror.nodes = nodes;
      SeedMirror.announce(nodes);
      SeedMirror.followFocus(frame, nodes);
      var spent = performance.now() - started;
      SeedMirror.stats.updates++;
      SeedMirror.stats.lastSyncMs = spent;
      SeedMirror.stats.totalSyncMs += spent;
      SeedMirror.stats.nodes = root.getElementsByTagName('*').length;
    },

    // While the DOM focus is in the mirror, it follows Dear ImGui's (arrow keys, a view opening).
    followFocus: function (frame, nodes) {
      var active = document.activeElement;
      var inMirror = SeedMirror.owns(active);
      var selectedTab = null;
      for (var i = 0; i < nodes.length; ++i)
        if (nodes[i].r === 'tab' && (nodes[i].s & 1)) { selectedTab = nodes[i].key; break; }
      var tabChanged = SeedMirror.selectedTab !== null && selectedTab !== SeedMirror.selectedTab;
      SeedMirror.selectedTab = selectedTab;
      if (SeedMirror.awaitingFocus) {
        if (frame.focused === SeedMirror.awaitingFocus || ++SeedMirror.awaitingUpdates > 30) SeedMirror.awaitingFocus = 0;
        else return;
      }
      var target = null;
      if (tabChanged && inMirror) target = SeedMirror.firstField(); // opening a view focuses its first field
      else if (frame.focused !== SeedMirror.reportedFocus && inMirror) target = SeedMirror.byId.get(frame.focused) || null;
      SeedMirror.reportedFocus = frame.focused;
      if (!target || target === active) return;
      if (tabChanged) {
        target.focus({ preventScroll: true }); // C++ is told, as for Tab: the field starts editing
        return;
      }
      SeedMirror.programmaticFocus = true;
      try { target.focus({ preventScroll: true }); } finally { SeedMirror.programmaticFocus = false; }
    },
  },

  // The record of the last frame (ui::AccessibilityTree::to_json), when it changed.
  seed_mirror_update__deps: ['$SeedMirror', '$SeedText'],
  seed_mirror_update: function (pointer, length) {
    SeedMirror.update(JSON.parse(SeedText.fromText(pointer, length)));
  },
};

mergeInto(LibraryManager.library, SeedMirrorLibrary);
