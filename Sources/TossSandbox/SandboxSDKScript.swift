/// The browser SDK shim served at `/v2/standard`: the same `TossPayments(clientKey).payment({customerKey})
/// .requestPayment(request)` calls as Toss's v2 SDK (TOSS_API.md §2.1). It checks the fields the way
/// the SDK does (rejecting with an error whose `code` is Toss's), then opens the sandbox's payment window
/// where Toss's SDK opens its own (`windowTarget`, TOSS_API.md §2.1): on a desktop-wide page, in an iframe
/// over the merchant's page, so the merchant's CSP must allow the window's origin as a frame; on a phone
/// (or with `windowTarget: "self"`), by moving the whole page there. Either way the window sends the top
/// page to successUrl or failUrl, as Toss's does.
enum SandboxSDKScript {
    static let source = #"""
    (function () {
      "use strict";
      var script = document.currentScript;
      var origin = script && script.src ? new URL(script.src).origin : window.location.origin;
      var methods = ["CARD", "TRANSFER", "VIRTUAL_ACCOUNT"];

      function sdkError(code, message) {
        var error = new Error(message);
        error.code = code;
        error.name = code;
        return error;
      }

      function check(request) {
        if (!request || typeof request !== "object") return sdkError("INVALID_PARAMETERS", "결제 요청 값이 없습니다.");
        if (methods.indexOf(request.method) < 0) return sdkError("NOT_SUPPORTED_METHOD", "지원하지 않는 결제수단입니다: " + request.method);
        var amount = request.amount;
        if (!amount || amount.currency !== "KRW") return sdkError("INVALID_AMOUNT_CURRENCY", "amount.currency 는 KRW 여야 합니다.");
        if (typeof amount.value !== "number" || Math.floor(amount.value) !== amount.value) return sdkError("INVALID_AMOUNT_VALUE", "amount.value 는 정수여야 합니다.");
        if (amount.value <= 0) return sdkError("BELOW_ZERO_AMOUNT", "결제 금액은 0보다 커야 합니다.");
        if (!/^[A-Za-z0-9_-]{6,64}$/.test(String(request.orderId || ""))) return sdkError("INVALID_ORDER_ID", "orderId 는 영문, 숫자, -, _ 로 6~64자여야 합니다.");
        var name = String(request.orderName || "");
        if (name.length < 1 || name.length > 100) return sdkError("INVALID_ORDER_NAME", "orderName 은 1~100자여야 합니다.");
        if (!/^https?:\/\//.test(String(request.successUrl || ""))) return sdkError("INCORRECT_SUCCESS_URL_FORMAT", "successUrl 은 절대 URL 이어야 합니다.");
        if (!/^https?:\/\//.test(String(request.failUrl || ""))) return sdkError("INCORRECT_FAIL_URL_FORMAT", "failUrl 은 절대 URL 이어야 합니다.");
        if (request.windowTarget !== undefined && request.windowTarget !== "iframe" && request.windowTarget !== "self") {
          return sdkError("INVALID_PARAMETERS", "windowTarget 은 iframe 또는 self 여야 합니다.");
        }
        return null;
      }

      // Toss opens an iframe on PC by default and must use the whole page on mobile, whatever is asked.
      function windowTarget(request) {
        var phone = window.matchMedia ? window.matchMedia("(max-width: 767px)").matches : window.innerWidth < 768;
        return phone ? "self" : (request.windowTarget || "iframe");
      }

      // Styles go through the CSSOM, which a CSP without 'unsafe-inline' still allows, as the SDK must.
      function openOverlay(url) {
        var overlay = document.createElement("div");
        overlay.setAttribute("data-sandbox-window", "overlay");
        overlay.setAttribute("role", "dialog");
        overlay.setAttribute("aria-modal", "true");
        overlay.setAttribute("aria-label", "토스페이먼츠 결제창");
        var o = overlay.style;
        o.position = "fixed"; o.top = "0"; o.left = "0"; o.width = "100%"; o.height = "100%";
        o.zIndex = "2147483647"; o.background = "rgba(0, 0, 0, 0.55)";
        o.display = "flex"; o.alignItems = "center"; o.justifyContent = "center";
        var frame = document.createElement("iframe");
        frame.src = url;
        frame.title = "토스페이먼츠 결제창";
        frame.name = "sandbox-payment-window";
        var f = frame.style;
        f.width = "min(650px, 100%)"; f.height = "min(720px, 100%)"; f.border = "0"; f.background = "#fff";
        f.borderRadius = "12px";
        overlay.appendChild(frame);
        document.body.appendChild(overlay);
        // Keyboard and screen-reader users land in the window, not on the page underneath.
        frame.focus();
      }

      function TossPayments(clientKey) {
        if (typeof clientKey !== "string" || clientKey.length === 0) throw sdkError("INVALID_CLIENT_KEY", "클라이언트 키가 없습니다.");
        if (clientKey.indexOf("_sk_") >= 0 || clientKey.indexOf("_gsk_") >= 0) throw sdkError("INSECURE_KEY_USAGE", "시크릿 키는 브라우저에서 쓸 수 없습니다.");
        return {
          payment: function (options) {
            var customerKey = options && options.customerKey;
            if (typeof customerKey !== "string" || !/^[A-Za-z0-9_=.@-]{2,50}$/.test(customerKey)) {
              throw sdkError("INVALID_CUSTOMER_KEY", "customerKey 가 올바르지 않습니다.");
            }
            return {
              requestPayment: function (request) {
                return new Promise(function (resolve, reject) {
                  var problem = check(request);
                  if (problem) { reject(problem); return; }
                  var query = "clientKey=" + encodeURIComponent(clientKey) +
                    "&customerKey=" + encodeURIComponent(customerKey) +
                    "&request=" + encodeURIComponent(JSON.stringify(request));
                  var target = windowTarget(request);
                  var url = origin + "/sandbox/window?" + query + "&windowTarget=" + target;
                  // The promise stays pending, as Toss's does in redirect mode: the window moves the page on.
                  if (target === "iframe") openOverlay(url); else window.location.assign(url);
                });
              }
            };
          }
        };
      }
      TossPayments.ANONYMOUS = "@@ANONYMOUS";
      window.TossPayments = TossPayments;
    })();
    """#
}
