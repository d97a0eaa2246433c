// Progressive enhancement of the search form (htmx swaps #resultats): without JavaScript the whole page comes
// back with the same content.
(function () {
  function fromTheForm(detail) {
    // requestConfig.elt is the element that sent the request (detail.elt may be its target).
    var source = detail && detail.requestConfig && detail.requestConfig.elt;
    return !!source && source.id === "formulaire-recherche";
  }

  // A bad search answers 4xx with the error and its choices (an unknown or ambiguous commune…): show them in
  // place of the results, where htmx drops error responses by default.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr && event.detail.xhr.status;
    if (fromTheForm(event.detail) && status >= 400 && status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // htmx snapshots the page before a new search, and restores it on « Back »: the strict CSP refuses inline
  // styles there (even the empty ones that scripts leave behind). The page is about to be replaced: drop them.
  document.addEventListener("htmx:beforeHistorySave", function (event) {
    var root = event.detail.historyElt || document.body;
    root.querySelectorAll("[style]").forEach(function (element) {
      element.removeAttribute("style");
    });
  });

  // After a search, bring the results into view (on a phone they are below the form) and move the focus to
  // their heading, or to the error, so that a screen reader says what was found.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!fromTheForm(event.detail)) return;
    var results = document.getElementById("resultats");
    if (!results) return;
    var heading = results.querySelector("h2, .fr-alert");
    results.scrollIntoView({ block: "start" });
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  });
})();
