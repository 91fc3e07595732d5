// The sign-up form's 전체 동의: ticking it ticks every consent, and it shows ticked while every one is.
//
// Without this file the form still works: the server reads a ticked 전체 동의 as agreeing to all of them.
// Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";

  var all = document.getElementById("agree-all");
  if (!all) return;
  var boxes = document.querySelectorAll("input[data-consent]");
  all.addEventListener("change", function () {
    Array.prototype.forEach.call(boxes, function (box) { box.checked = all.checked; });
  });
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      all.checked = Array.prototype.every.call(boxes, function (each) { return each.checked; });
    });
  });
})();
