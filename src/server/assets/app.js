// khabar serve: small enhancements; the page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // "/" puts the cursor in the search box.
  const box = document.querySelector('input[name="q"]');
  document.addEventListener("keydown", (e) => {
    if (e.key === "/" && box && document.activeElement !== box) {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });
  // A changed date searches at once.
  for (const input of document.querySelectorAll('form.search input[type="date"]')) {
    input.addEventListener("change", () => input.form.requestSubmit());
  }
  // The marked paragraph of an article comes into view.
  const marked = document.querySelector("section.paragraph.marked");
  if (marked) marked.scrollIntoView({ block: "center" });
});
