// Progressive enhancement for source pages: a highlight brings its note into view and marks it.
// Everything works without this script through plain fragment links.
(function () {
  "use strict";
  function activate(noteId, from) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    var note = document.getElementById("note-" + noteId);
    if (!note) { return; }
    note.classList.add("active");
    document.querySelectorAll('mark.hl[data-claim="' + CSS.escape(noteId) + '"]').forEach(function (m) {
      m.classList.add("active");
    });
    if (from === "mark") {
      note.scrollIntoView({ block: "nearest", behavior: "smooth" });
      note.focus({ preventScroll: true });
    }
  }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark.hl[data-claim]");
    if (mark && !event.target.closest("a")) {
      activate(mark.getAttribute("data-claim"), "mark");
    }
  });
  function fromHash() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }  // ("#%E0")
    if (id.indexOf("note-") === 0) { activate(id.slice(5), "hash"); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  // Highlights on or off, remembered across pages, to read an article as it was published.
  var KEY = "site-builder:highlights";
  function setHighlights(on, button) {
    document.body.classList.toggle("highlights-off", !on);
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      // (its words in the site's language: the page gives them)
      button.textContent = button.getAttribute(on ? "data-on" : "data-off") ||
        (on ? "Highlights on" : "Highlights off");
    }
  }
  var remembered = null;
  try { remembered = window.localStorage.getItem(KEY); } catch (e) { remembered = null; }
  document.querySelectorAll(".toggle-highlights").forEach(function (button) {
    button.hidden = false;
    setHighlights(remembered !== "off", button);
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      setHighlights(on, button);
      try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode */ }
    });
  });
  if (remembered === "off") { setHighlights(false, null); }
})();
