// The search page: Pagefind's UI over the index built with the site (relative paths, so it
// works at a domain root or under a project path).
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element) { return; }
  if (typeof PagefindUI === "undefined") {  // no index: nothing searchable yet, or not built
    var told = document.createElement("p");
    told.textContent = element.getAttribute("data-empty");
    element.appendChild(told);
    return;
  }
  // The index comes in shards: the first is the bundle, the others are merged into it, each
  // with the site's own address (their paths are relative, to work under a project path).
  var bundle = element.getAttribute("data-bundle");
  var site = new URL(bundle + "../", window.location.href).pathname;
  var shards = (element.getAttribute("data-shards") || "").split(" ").filter(Boolean);
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundle,
    mergeIndex: shards.map(function (path) {
      return { bundlePath: new URL(path, window.location.href).pathname, baseUrl: site };
    }),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true
  });
  // The interface loads the index when its box takes the focus, and lists after a search only
  // the filters whose data had arrived by then. It focuses the box before it listens for that,
  // so tell it: the index and every filter load while the reader types.
  var box = element.querySelector("input");
  if (box && document.activeElement === box) { box.dispatchEvent(new FocusEvent("focus")); }
  // A search is an address: `?q=words` opens the page on it, and the address follows the box
  // as the reader types, so that a search can be bookmarked, shared or linked to.
  var address = new URL(window.location.href);
  var asked = address.searchParams.get("q");
  if (asked) { ui.triggerSearch(asked); }
  function follow(words) {
    if (words) { address.searchParams.set("q", words); } else { address.searchParams.delete("q"); }
    window.history.replaceState(window.history.state, "", address.href);
  }
  element.addEventListener("input", function (event) {
    if (event.target.classList.contains("pagefind-ui__search-input")) { follow(event.target.value); }
  });
  element.addEventListener("click", function (event) {
    if (event.target.closest(".pagefind-ui__search-clear")) { follow(""); }
  });
  // Pagefind's box has only a title; give it a name (its placeholder's word comes first).
  function label() {
    var input = element.querySelector("input");
    if (!input) { return false; }
    input.setAttribute("aria-label", element.getAttribute("data-label"));
    return true;
  }
  if (!label() && typeof MutationObserver !== "undefined") {
    var observer = new MutationObserver(function () { if (label()) { observer.disconnect(); } });
    observer.observe(element, { childList: true, subtree: true });
  }
})();
