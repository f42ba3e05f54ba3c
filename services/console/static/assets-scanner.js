// The stock-take scanner: where the browser has BarcodeDetector and a camera, read the labels'
// QR codes into the form's list (one a line); elsewhere the form stays as it is, for typing.
(function () {
  "use strict";
  var box = document.getElementById("scanner");
  var codes = document.getElementById("f-codes");
  var messages = document.getElementById("scan-messages");
  if (!box || !codes || !messages || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  box.hidden = false;
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var seen = {};
  function add(code) {
    if (seen[code]) { return; }
    seen[code] = true;
    codes.value = (codes.value ? codes.value.replace(/\s*$/, "\n") : "") + code;
    status.textContent = messages.dataset.read.replace("%(code)s", code);
  }
  document.getElementById("scan-start").addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      status.textContent = messages.dataset.reading;
      (function tick() {
        detector.detect(video).then(function (found) {
          found.forEach(function (code) { add(code.rawValue); });
          window.setTimeout(tick, 250);
        }, function () { window.setTimeout(tick, 500); });
      })();
    }, function () { status.textContent = messages.dataset.denied; });
  });
})();
