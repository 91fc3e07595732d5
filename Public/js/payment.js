// Opens the Toss Payments window for the order on this page.
//
// The server writes everything the SDK needs into
//   <script type="application/json" id="payment-request">{"clientKey", "customerKey", "request"}</script>
// and this file (loaded after the Toss SDK, no inline script because the CSP forbids it) calls
//   TossPayments(clientKey).payment({customerKey}).requestPayment(request)
// once on load and again whenever the shopper presses 결제하기. Toss redirects to successUrl or failUrl;
// the server never trusts anything this page sends.
(function () {
  "use strict";

  var button = document.getElementById("pay-button");
  var status = document.getElementById("payment-status");
  var blob = document.getElementById("payment-request");

  function show(message, isError) {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("is-error", Boolean(isError));
  }

  function setBusy(busy) {
    if (!button) return;
    button.disabled = busy;
    button.setAttribute("aria-busy", busy ? "true" : "false");
  }

  var config = null;
  try {
    config = JSON.parse(blob ? blob.textContent : "");
  } catch (error) {
    config = null;
  }
  if (!config || !config.clientKey || !config.request) {
    show("결제 정보를 불러오지 못했습니다. 페이지를 새로고침하거나 장바구니에서 다시 주문해 주세요.", true);
    setBusy(true);
    return;
  }

  function describe(error) {
    var code = error && error.code ? String(error.code) : "";
    if (code === "USER_CANCEL" || code === "PAY_PROCESS_CANCELED") {
      return { text: "결제를 취소했습니다. 다시 결제하려면 ‘결제하기’를 눌러 주세요.", isError: false };
    }
    var detail = error && error.message ? " (" + error.message + ")" : "";
    return { text: "결제창을 열지 못했습니다" + detail + ". 잠시 후 다시 시도해 주세요.", isError: true };
  }

  function pay() {
    if (typeof window.TossPayments !== "function") {
      show("결제 모듈을 불러오지 못했습니다. 네트워크 연결을 확인한 뒤 새로고침해 주세요.", true);
      return;
    }
    setBusy(true);
    show("결제창을 여는 중입니다…", false);
    var started;
    try {
      var payment = window.TossPayments(config.clientKey).payment({ customerKey: config.customerKey });
      started = Promise.resolve(payment.requestPayment(config.request));
    } catch (error) {
      started = Promise.reject(error);
    }
    started.then(
      function () {
        // Redirect mode: Toss navigates to successUrl/failUrl. If it resolves instead, let the shopper retry.
        setBusy(false);
      },
      function (error) {
        var outcome = describe(error);
        show(outcome.text, outcome.isError);
        setBusy(false);
      }
    );
  }

  if (button) button.addEventListener("click", pay);

  // Open the window by itself only the first time this order's page is shown, so that coming back
  // with the browser's back button does not pop the window up again.
  var marker = "storefront.payment-opened." + (config.request.orderId || "");
  var openedBefore = false;
  try {
    openedBefore = window.sessionStorage.getItem(marker) === "1";
    window.sessionStorage.setItem(marker, "1");
  } catch (error) {
    openedBefore = false;
  }
  if (!openedBefore) pay();
})();
