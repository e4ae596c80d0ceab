// The search page: Pagefind's UI over the index built with the site (relative paths, so it
// works at a domain root or under a project path).
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") { return; }
  new PagefindUI({
    element: "#search",
    bundlePath: element.getAttribute("data-bundle"),
    showSubResults: true,
    showImages: false,
    resetStyles: false
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
