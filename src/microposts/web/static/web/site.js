// Progressive enhancement only: every page works without this file.
"use strict";

// A live character counter under each textarea that has data-max-length, announced politely.
function setUpCounter(textarea) {
  const limit = Number(textarea.dataset.maxLength);
  const counter = document.getElementById(textarea.dataset.counter);
  if (!limit || !counter) return;
  const update = () => {
    // Count code points, as the server does (Python's len), not UTF-16 units.
    const left = limit - Array.from(textarea.value.normalize("NFC").trim()).length;
    counter.textContent = left >= 0 ? `${left} characters left` : `${-left} characters too many`;
    counter.classList.toggle("over", left < 0);
  };
  textarea.addEventListener("input", update);
  update();
}

function enhance(root) {
  root.querySelectorAll("textarea[data-max-length]").forEach(setUpCounter);
}

document.addEventListener("DOMContentLoaded", () => enhance(document));
document.addEventListener("htmx:load", (event) => enhance(event.target));
