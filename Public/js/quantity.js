// The product page's − / + buttons beside the quantity field.
//
// The field is a plain number input and works without this file; here the buttons (rendered hidden) are shown
// and step the value within the field's min and max. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";

  var buttons = document.querySelectorAll(".stepper-button[data-step]");
  Array.prototype.forEach.call(buttons, function (button) {
    var input = document.getElementById(button.getAttribute("aria-controls"));
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var min = parseInt(input.min, 10) || 1;
      var max = parseInt(input.max, 10) || min;
      var value = parseInt(input.value, 10);
      if (isNaN(value)) value = min;
      var next = Math.min(max, Math.max(min, value + parseInt(button.getAttribute("data-step"), 10)));
      input.value = String(next);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
})();
