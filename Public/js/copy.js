// 복사 buttons beside an account number (the virtual-account receipt).
//
// Without this file the button stays hidden and the number is plain text that a tap selects whole (the
// stylesheet's user-select: all); here the button is shown and copies the number it names by
// data-copy-target, then says so. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";

  var buttons = document.querySelectorAll(".copy-button[data-copy-target]");
  Array.prototype.forEach.call(buttons, function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = "복사했어요";
      }, function () {
        button.textContent = "길게 눌러 복사해 주세요";
      });
    });
  });
})();
