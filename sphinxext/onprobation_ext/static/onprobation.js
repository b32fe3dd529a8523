/* On Probation archive: copy buttons for citations, and paragraph/comment
   numbers that copy their full address when clicked. */
(function () {
  "use strict";
  function copy(text, where) {
    if (!navigator.clipboard) { return; }
    navigator.clipboard.writeText(text).then(function () {
      if (!where) { return; }
      where.classList.add("copied");
      setTimeout(function () { where.classList.remove("copied"); }, 1200);
    }, function () {});
  }
  function pageUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    return (canonical ? canonical.href : window.location.href).split("#")[0];
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("span.paranum a, span.commentnum a").forEach(function (a) {
      a.title = (a.title ? a.title + ": " : "") + "click to copy its address";
      a.addEventListener("click", function () { copy(pageUrl() + a.getAttribute("href"), a); });
    });
    document.querySelectorAll("div.cite-this p.cite-reference, div.cite-this div.highlight").forEach(function (block) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cite-copy";
      button.textContent = "Copy";
      button.addEventListener("click", function () { copy(block.innerText.trim(), button); });
      block.parentNode.insertBefore(button, block.nextSibling);
    });
  });
})();
