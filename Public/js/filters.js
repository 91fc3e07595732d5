// The catalog's filters sit in <details class="filter-details"> so that a phone folds them behind 필터. On wider
// windows the stylesheet shows them anyway (::details-content); this file also opens the element there, so that
// browsers without that selector, assistive technology and find-in-page all see an open panel. It never closes
// one: a panel the shopper opened stays open when the window narrows. Loaded as a file: the CSP allows no inline
// script.
(function () {
  "use strict";

  var wide = window.matchMedia("(min-width: 721px)");
  function openWhenWide() {
    if (!wide.matches) return;
    Array.prototype.forEach.call(document.querySelectorAll("details.filter-details"), function (details) {
      details.open = true;
    });
  }
  openWhenWide();
  wide.addEventListener("change", openWhenWide);
})();
