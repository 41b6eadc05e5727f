// "Copy the citation": buttons with data-copy="<id of the element whose text to copy>".
// Hidden until this script runs (without it, the text is there to select and copy).
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  var label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      button.textContent = button.dataset.copied;
      button.setAttribute("aria-live", "polite");
      setTimeout(function () { button.textContent = label; }, 3000);
    });
  });
});
