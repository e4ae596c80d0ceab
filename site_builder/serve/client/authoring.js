// Authoring while serving: `site-builder serve` puts this script into the pages it serves (never
// into a built site). On a source page or a compare page, selecting text in an article shows
// "Note this passage"; each paragraph also has a "Note a passage here" control, shown on focus,
// for the keyboard. Both open one form, which writes a draft note (or adds the passage to a note
// that exists) through the dev server. What is sent is the source id and [start, end) offsets
// into the source's text: note numbers, link markers, labels and excerpt gaps are not counted.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="site-builder-token"]');
  if (!meta || !window.fetch) { return; }
  var TOKEN = meta.getAttribute("content");
  var API = "/_site-builder/";
  var ARTICLES = ".annotated[data-source], .compare-column[data-source]";
  var ROOT = "[data-offset]:not(.excerpt-gap)";  // an element whose text starts at its data-offset
  var NOT_SOURCE = ".note-ref, .link-marker, .only-label, .pnum, .excerpt-gap, .sb-ui";
  var LAYOUT = "ul, ol, blockquote";
  var FORM_KEY = "site-builder:form:" + location.pathname;  // an open form, across reloads
  var SAVED_KEY = "site-builder:saved";
  var articles = Array.prototype.slice.call(document.querySelectorAll(ARTICLES));
  var state = null;  // the verdict scale, the notes and the sources' text hashes, from the server
  var form = null;   // the form's elements, once made
  var current = null;  // what the open form is about
  var finding = null;  // the open form's first search for its passage, while under way

  // A request to the dev server; while it rebuilds (503), asked again a moment later.
  function post(path, body, tries) {
    tries = tries === undefined ? 20 : tries;
    return fetch(API + path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Site-Builder-Token": TOKEN },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 503 && tries > 0) {
        return new Promise(function (resolve) { setTimeout(resolve, 250); }).then(function () {
          return post(path, body, tries - 1);
        });
      }
      return response.json().then(function (data) {
        if (!response.ok) {
          var error = new Error(data.error || response.statusText);
          error.suggestion = data.suggestion || "";
          throw error;
        }
        return data;
      });
    });
  }

  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      element.setAttribute(name, attributes[name]);
    });
    if (text) { element.textContent = text; }
    return element;
  }

  // -- offsets: a point of the page as an offset into the source's text ----------------------------

  // The element that makes a text node not the source's text, if any: a note number, a marker,
  // a label, a gap, a control, or a list or quote that holds only blocks (its white space is
  // the HTML's layout).
  function notSource(node, root) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    if (element && element.matches(LAYOUT) && root.contains(element)) { return element; }
    var skipped = element && element.closest(NOT_SOURCE);
    return skipped && root.contains(skipped) ? skipped : null;
  }

  // The offset of a boundary point (node, offset) inside `root`. A point inside a gap of an
  // excerpt counts as where the text resumes after it (for a start) or where it stops (an end).
  function offsetIn(root, node, offset, isStart) {
    var point = document.createRange();
    point.setStart(node, offset);
    var position = Number(root.getAttribute("data-offset"));
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var text = walker.nextNode(); text; text = walker.nextNode()) {
      var skipped = notSource(text, root);
      if (text === node) {
        if (!skipped) { return position + offset; }
        return isStart && skipped.hasAttribute("data-offset") ? resume(skipped, position) : position;
      }
      if (point.comparePoint(text, 0) >= 0) { return position; }
      if (skipped) { position = resume(skipped, position); } else { position += text.data.length; }
    }
    return position;
  }

  function resume(skipped, position) {
    return skipped.matches(".excerpt-gap[data-offset]") ? Number(skipped.getAttribute("data-offset")) : position;
  }

  function rootEnd(root) {
    return offsetIn(root, root, root.childNodes.length, false);
  }

  function articleOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element && element.closest(ARTICLES);
  }

  // The passage a selection covers: its source and [start, end), or null.
  function selectedPassage() {
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    var touched = articles.filter(function (article) { return range.intersectsNode(article); });
    if (touched.length !== 1) { return null; }
    var roots = Array.prototype.filter.call(touched[0].querySelectorAll(ROOT), function (root) {
      return range.intersectsNode(root);
    });
    if (!roots.length) { return null; }
    var first = roots[0], last = roots[roots.length - 1];
    var start = first.contains(range.startContainer)
      ? offsetIn(first, range.startContainer, range.startOffset, true)
      : Number(first.getAttribute("data-offset"));
    var end = last.contains(range.endContainer)
      ? offsetIn(last, range.endContainer, range.endOffset, false)
      : rootEnd(last);
    if (end <= start) { return null; }
    return { source: touched[0].getAttribute("data-source"), start: start, end: end, after: last };
  }

  // -- "Note this passage", next to a selection ---------------------------------------------------

  var selectionButton = make("button", {
    type: "button", "data-action": "new-note", "class": "sb-ui sb-note-selection", hidden: ""
  }, "Note this passage");
  // Pressing the button must not move the selection it is about.
  selectionButton.addEventListener("mousedown", function (event) { event.preventDefault(); });
  selectionButton.addEventListener("click", function () {
    clearTimeout(selectionTimer);
    showPassage(window.getSelection().rangeCount ? window.getSelection().getRangeAt(0) : null);
    // The selection as it is now (it may have grown since the button was placed); the one the
    // button was placed for when focus has taken the selection away.
    var passage = selectedPassage() || {
      source: selectionButton.getAttribute("data-source"),
      start: Number(selectionButton.getAttribute("data-start")),
      end: Number(selectionButton.getAttribute("data-end"))
    };
    openForm({ mode: "selection", source: passage.source, start: passage.start, end: passage.end });
  });

  function showSelectionButton() {
    if (!state || current || document.activeElement === selectionButton) { return; }
    var passage = selectedPassage();
    if (!passage) { selectionButton.hidden = true; return; }
    selectionButton.setAttribute("data-source", passage.source);
    selectionButton.setAttribute("data-start", String(passage.start));
    selectionButton.setAttribute("data-end", String(passage.end));
    var range = window.getSelection().getRangeAt(0);
    var after = endOf(range, passage.after);
    after.parentNode.insertBefore(selectionButton, after.nextSibling);
    selectionButton.hidden = false;
    place(range, passage.after);
  }

  // Below the end of the selection; below its paragraph instead when that would crowd a link
  // (a note number is a small target, and needs room around it).
  function place(range, root) {
    var rects = range.getClientRects();
    var last = rects[rects.length - 1];
    var parent = selectionButton.offsetParent || document.body;
    if (!last) { return; }
    var box = parent.getBoundingClientRect();
    var width = selectionButton.offsetWidth, height = selectionButton.offsetHeight;
    var left = Math.max(0, Math.min(last.right - box.left, box.width - width));
    var paragraph = root.closest("p, li, blockquote, h2, h3, h4, figure") || root;
    var tops = [last.bottom + 4, paragraph.getBoundingClientRect().bottom + 4];
    var top = tops.filter(function (y) { return roomAt(box.left + left, y, width, height); })[0];
    selectionButton.style.left = left + "px";
    selectionButton.style.top = ((top === undefined ? tops[1] : top) - box.top) + "px";
  }

  function roomAt(x, y, width, height) {
    var margin = 12;
    return !Array.prototype.some.call(document.querySelectorAll("main a[href], main button:not(.sb-ui)"), function (target) {
      var r = target.getBoundingClientRect();
      return r.width && r.right > x - margin && r.left < x + width + margin && r.bottom > y - margin && r.top < y + height + margin;
    });
  }

  // The node the button goes after: the text the selection ends in, so that it is the next stop
  // of the Tab key from a caret (caret browsing); never inside a link or another control.
  function endOf(range, root) {
    var node = range.endContainer;
    if (node.nodeType !== 3) { node = node.childNodes[range.endOffset - 1] || node; }
    var element = node.nodeType === 1 ? node : node.parentElement;
    var control = element.closest("a, button, .sb-ui");
    if (control) { node = control; }
    return root.contains(node) && node !== root ? node : root;
  }

  // The selected passage stays marked while the form is open (the form's fields take the
  // selection); where the browser has the CSS Custom Highlight API.
  function showPassage(range) {
    if (!window.CSS || !CSS.highlights || !window.Highlight) { return; }
    if (range) { CSS.highlights.set("sb-passage", new Highlight(range.cloneRange())); } else { CSS.highlights.delete("sb-passage"); }
  }

  var selectionTimer = null;
  document.addEventListener("selectionchange", function () {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(showSelectionButton, 120);
  });

  // -- "Note a passage here", one for each paragraph, shown on focus ------------------------------

  function paragraphControls() {
    articles.forEach(function (article) {
      var compare = article.classList.contains("compare-column");
      var paragraphs = compare ? article.querySelectorAll(".compare-paragraph") : article.querySelectorAll(ROOT);
      var outlet = compare ? article.querySelector("h2 a").textContent + ", " : "";
      Array.prototype.forEach.call(paragraphs, function (paragraph, index) {
        var first = compare ? paragraph.querySelector(ROOT) : paragraph;
        if (!first) { return; }
        var number = (paragraph.id || "").replace(/^p-/, "") || String(index + 1);
        if (compare) {
          var label = paragraph.querySelector(".pnum");
          number = label ? label.textContent.replace(/\D/g, "") : number;
        }
        var button = make("button", {
          type: "button", "data-action": "note-paragraph", "class": "sb-ui sb-here"
        }, "Note a passage here");
        button.appendChild(make("span", { "class": "visually-hidden" }, " (" + outlet + "paragraph " + number + ")"));
        button.addEventListener("click", function () {
          var start = Number(first.getAttribute("data-offset"));
          openForm({ mode: "paragraph", source: article.getAttribute("data-source"), start: start, end: start });
        });
        if (compare) { paragraph.insertBefore(button, paragraph.firstChild); } else { paragraph.insertAdjacentElement("beforebegin", button); }
      });
    });
  }

  // -- the form ------------------------------------------------------------------------------------

  function field(container, id, label, control) {
    var wrapper = make("p", { "class": "sb-field" });
    wrapper.appendChild(make("label", { "for": id }, label));
    control.id = id;
    wrapper.appendChild(control);
    container.appendChild(wrapper);
    return control;
  }

  function makeForm() {
    var dialog = make("dialog", { "class": "sb-ui sb-dialog", "aria-labelledby": "sb-title" });
    var element = make("form", { method: "dialog", novalidate: "" });
    element.appendChild(make("h2", { id: "sb-title" }, "Note this passage"));
    var where = make("p", { id: "sb-where", "class": "sb-where", "aria-live": "polite" });
    element.appendChild(where);
    var quote = field(element, "sb-quote", "Quote, as the source words it (trim it to the passage)", make("textarea", { rows: "3" }));
    quote.setAttribute("aria-describedby", "sb-where");
    var target = make("fieldset", { "class": "sb-target" });
    target.appendChild(make("legend", {}, "Add it to"));
    [["new", "a new note"], ["existing", "a note that exists (also in this source)"]].forEach(function (choice) {
      var label = make("label", {});
      var radio = make("input", { type: "radio", name: "sb-target", value: choice[0] });
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + choice[1]));
      target.appendChild(label);
    });
    element.appendChild(target);
    var fresh = make("div", { "class": "sb-new" });
    var claim = field(fresh, "sb-claim", "Claim, as the claimant made it", make("input", { type: "text", autocomplete: "off" }));
    var verdict = field(fresh, "sb-verdict", "Verdict", make("select", {}));
    var claimant = field(fresh, "sb-claimant", "Claimant", make("input", { type: "text", autocomplete: "off" }));
    var tags = field(fresh, "sb-tags", "Tags, separated by commas", make("input", { type: "text", autocomplete: "off" }));
    element.appendChild(fresh);
    var existing = make("div", { "class": "sb-existing", hidden: "" });
    var note = field(existing, "sb-note", "Note", make("select", {}));
    element.appendChild(existing);
    var status = make("p", { id: "sb-status", "class": "sb-status", role: "status" });
    element.appendChild(status);
    var actions = make("p", { "class": "sb-actions" });
    var save = make("button", { type: "button", "data-action": "save-note" }, "Save draft note");
    var cancel = make("button", { type: "button", "data-action": "cancel" }, "Cancel");
    actions.appendChild(save);
    actions.appendChild(cancel);
    element.appendChild(actions);
    dialog.appendChild(element);
    (document.querySelector("main") || document.body).appendChild(dialog);

    state.verdicts.forEach(function (v) { verdict.appendChild(make("option", { value: v.key }, v.label)); });
    state.notes.forEach(function (n) { note.appendChild(make("option", { value: n.id }, n.claim + " (" + n.id + ")")); });
    if (!state.notes.length) { target.querySelector('input[value="existing"]').disabled = true; }

    quote.addEventListener("input", function () {
      current.quote = quote.value;
      current.quoteEdited = true;
      showPassage(null);
      current.resolved = null;
      if (!current.claimEdited) { claim.value = oneLine(quote.value); current.claim = claim.value; }
      remember();
      clearTimeout(current.timer);
      current.timer = setTimeout(function () { resolveQuote(); }, 400);
    });
    claim.addEventListener("input", function () { current.claimEdited = true; });
    target.addEventListener("change", function () { showTarget(); remember(); });
    [claim, verdict, claimant, tags, note].forEach(function (control) {
      control.addEventListener("input", remember);
      control.addEventListener("change", remember);
    });
    dialog.addEventListener("focusin", function (event) { if (current) { current.focus = event.target.id; remember(); } });
    element.addEventListener("submit", function (event) { event.preventDefault(); });  // saved by its button only
    save.addEventListener("click", function () { saveNote(); });
    cancel.addEventListener("click", function () { closeForm(); });
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); closeForm(); });
    return {
      dialog: dialog, title: element.querySelector("h2"), where: where, quote: quote, target: target,
      fresh: fresh, existing: existing, claim: claim, verdict: verdict, claimant: claimant, tags: tags,
      note: note, status: status, save: save
    };
  }

  function oneLine(text) { return text.replace(/\s+/g, " ").trim(); }

  function targetValue() {
    var checked = form.target.querySelector("input:checked");
    return checked ? checked.value : "new";
  }

  function showTarget() {
    var existing = targetValue() === "existing";
    form.fresh.hidden = existing;
    form.existing.hidden = !existing;
    form.save.textContent = existing ? "Add the passage to this note" : "Save draft note";
  }

  function openForm(subject) {
    if (!state) { return; }
    form = form || makeForm();
    current = {
      mode: subject.mode, source: subject.source, start: subject.start, end: subject.end,
      textHash: state.sources[subject.source], resolved: null, quote: "", quoteEdited: false,
      claim: "", claimEdited: false, verdict: state.verdict, claimant: "", tags: "",
      target: "new", note: "", version: "", focus: ""
    };
    fill(current);
    selectionButton.hidden = true;
    form.dialog.showModal();
    form.status.textContent = "";
    form.where.textContent = "Finding the passage\u2026";
    var search = finding = post("passage", {
      source: current.source, text_hash: current.textHash, start: current.start, end: current.end,
      paragraph: current.mode === "paragraph"
    }).then(function (found) {
      resolved(found);
      form.quote.value = current.quote = found.quote;
      if (!current.claimEdited) { form.claim.value = current.claim = oneLine(found.quote); }
      remember();
    }).catch(function (error) { form.where.textContent = error.message; }).then(function () {
      if (finding === search) { finding = null; }
    });
    (current.mode === "paragraph" ? form.quote : form.claim).focus();
  }

  function fill(values) {
    form.title.textContent = values.mode === "paragraph" ? "Note a passage of this paragraph" : "Note this passage";
    form.quote.value = values.quote;
    form.claim.value = values.claim;
    form.verdict.value = values.verdict;
    form.claimant.value = values.claimant;
    form.tags.value = values.tags;
    form.target.querySelector('input[value="' + values.target + '"]').checked = true;
    if (values.note) { form.note.value = values.note; }
    showTarget();
  }

  function resolved(found) {
    current.resolved = found;
    current.start = found.start;
    current.end = found.end;
    current.scope = found.scope;
    var context = found.prefix || found.suffix
      ? " It occurs more than once: the note will also quote the words around it."
      : found.hint !== null ? " The note will also give its position." : "";
    form.where.textContent = "Found in " + found.where + context;
  }

  function resolveQuote() {
    // Saved before the passage was found (a quick keyboard): its answer first, then the rest.
    if (finding) { return finding.then(resolveQuote); }
    if (current.resolved) { return Promise.resolve(current.resolved); }
    var scope = current.scope || [current.start, current.end];
    return post("passage", {
      source: current.source, text_hash: current.textHash, start: scope[0], end: scope[1], quote: form.quote.value
    }).then(function (found) {
      resolved(found);
      remember();
      return found;
    }).catch(function (error) {
      form.where.textContent = error.message + (error.suggestion ? " " + error.suggestion : "");
      throw error;
    });
  }

  function closeForm() {
    finding = null;
    showPassage(null);
    forget();
    current = null;
    if (form) { form.dialog.close(); }
  }

  function remember() {
    if (!current) { return; }
    current.claim = form.claim.value;
    current.verdict = form.verdict.value;
    current.claimant = form.claimant.value;
    current.tags = form.tags.value;
    current.target = targetValue();
    var note = state.notes.filter(function (n) { return n.id === form.note.value; })[0];
    if (note && note.id !== current.note) { current.note = note.id; current.version = note.version; }
    var kept = {};
    Object.keys(current).forEach(function (key) { if (key !== "timer") { kept[key] = current[key]; } });
    try { sessionStorage.setItem(FORM_KEY, JSON.stringify(kept)); } catch (e) { /* private mode */ }
  }

  function forget() {
    try { sessionStorage.removeItem(FORM_KEY); } catch (e) { /* private mode */ }
  }

  function saveNote() {
    form.status.textContent = "Saving\u2026";
    resolveQuote().then(function (found) {
      var body = { source: current.source, text_hash: current.textHash, start: found.start, end: found.end };
      if (targetValue() === "existing") {
        remember();
        body.note = current.note;
        body.version = current.version;
        return post("quotes", body);
      }
      body.claim = form.claim.value;
      body.verdict = form.verdict.value;
      body.claimant = form.claimant.value;
      body.tags = form.tags.value.split(",").map(oneLine).filter(Boolean);
      return post("notes", body);
    }).then(function (wrote) {
      forget();
      try { sessionStorage.setItem(SAVED_KEY, JSON.stringify(wrote)); } catch (e) { /* private mode */ }
      form.status.textContent = wrote.message + " The page reloads with it.";
      current.saved = true;
      // The dev server rebuilds and reloads the page; if no reload comes, reload all the same.
      setTimeout(function () { location.reload(); }, 10000);
    }).catch(function (error) {
      form.status.textContent = "Not saved: " + error.message;
    });
  }

  // -- after a reload: the form as it was, or what was saved ----------------------------------------

  function restoreForm() {
    var kept = null;
    try { kept = JSON.parse(sessionStorage.getItem(FORM_KEY) || "null"); } catch (e) { kept = null; }
    if (!kept || !state.sources[kept.source]) { return; }
    form = form || makeForm();
    current = kept;
    var focused = kept.focus;  // opening the dialog moves the focus (and would record it)
    fill(current);
    form.dialog.showModal();
    if (current.textHash !== state.sources[current.source]) {
      current.textHash = state.sources[current.source];
      current.resolved = null;
      form.where.textContent = "The article changed since the form was opened: the quote is looked for again.";
      resolveQuote().catch(function () { /* shown in the form */ });
    } else if (current.resolved) {
      resolved(current.resolved);
    }
    var focus = focused && document.getElementById(focused);
    (focus || form.quote).focus();
  }

  function showSaved() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(SAVED_KEY) || "null");
      sessionStorage.removeItem(SAVED_KEY);
    } catch (e) { saved = null; }
    if (!saved) { return; }
    var banner = make("p", { "class": "sb-ui sb-saved", role: "status" }, saved.message);
    var main = document.querySelector("main") || document.body;
    main.insertBefore(banner, main.firstChild);
    var note = document.getElementById("note-" + saved.note);
    if (note) {
      location.hash = "note-" + saved.note;
    } else {
      var mark = document.querySelector('mark[data-claim="' + CSS.escape(saved.note) + '"]');
      if (mark) { mark.scrollIntoView({ block: "center" }); }
    }
  }

  if (!articles.length) { return; }
  post("state", {
    sources: articles.map(function (article) { return article.getAttribute("data-source"); })
  }).then(function (loaded) {
    state = loaded;
    paragraphControls();
    document.documentElement.setAttribute("data-authoring", "ready");
    showSaved();
    restoreForm();
  }).catch(function (error) {
    document.documentElement.setAttribute("data-authoring", "off: " + error.message);
  });
})();
