// onrecord explorer: the little behaviour the pages need. Served as a file because the
// Content-Security-Policy forbids inline script. It only shows and hides markup the server
// rendered (and escaped); it never builds HTML from strings.
"use strict";

(function () {
  function selectStatement(index, marks, cards, hint) {
    marks.forEach(function (m) {
      m.classList.toggle("active", m.dataset.st === index);
      m.setAttribute("aria-pressed", m.dataset.st === index ? "true" : "false");
    });
    cards.forEach(function (c) {
      c.hidden = c.dataset.card !== index;
    });
    if (hint) {
      hint.hidden = index !== null;
    }
  }

  function setUpArticle() {
    var body = document.querySelector(".story");
    if (!body) {
      return;
    }
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark.st[data-st]"));
    var cards = Array.prototype.slice.call(document.querySelectorAll("[data-card]"));
    var hint = document.getElementById("details-hint");
    body.addEventListener("click", function (event) {
      var mark = event.target.closest("mark.st[data-st]");
      if (!mark || event.target.closest("a")) {
        return;
      }
      selectStatement(mark.dataset.st, marks, cards, hint);
    });
    body.addEventListener("keydown", function (event) {
      var mark = event.target.closest("mark.st[data-st]");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        selectStatement(mark.dataset.st, marks, cards, hint);
      } else if (event.key === "Escape") {
        selectStatement(null, marks, cards, hint);
      }
    });
    // A link to #s3 (from the list under the article) selects that statement too.
    function fromHash() {
      var match = /^#s(\d+)$/.exec(window.location.hash);
      if (match) {
        selectStatement(match[1], marks, cards, hint);
      }
    }
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  function setUpForms() {
    // Leave empty fields out of the query string, so search URLs stay short and shareable.
    document.querySelectorAll("form.search").forEach(function (form) {
      form.addEventListener("submit", function () {
        Array.prototype.forEach.call(form.elements, function (field) {
          if (field.name && field.value === "" && field.type !== "submit") {
            field.disabled = true;
          }
        });
        window.setTimeout(function () {
          Array.prototype.forEach.call(form.elements, function (field) {
            field.disabled = false;
          });
        }, 0);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpArticle();
    setUpForms();
  });
})();
