// The reader made quicker: a marked passage opens a card with the notes of its claims, and the
// claim an address points at (#claim-KEY, from a claim's "read in context") is lit up. The notes
// after each paragraph hold the same, for reading without this script.
"use strict";

(function () {
  const reader = document.querySelector("article.reader");
  if (!reader) return;
  const card = document.createElement("div");
  card.className = "claim-card";
  card.setAttribute("role", "dialog");
  card.setAttribute("aria-label", "Claims at these words");
  card.hidden = true;
  document.body.appendChild(card);

  function notesOf(keys) {
    return keys.map((key) => document.getElementById(`note-${key}`)).filter(Boolean);
  }

  function light(key) {
    for (const old of document.querySelectorAll("mark.claim.lit")) old.classList.remove("lit");
    for (const mark of reader.querySelectorAll("mark.claim")) {
      if (mark.dataset.claims.split(" ").includes(key)) mark.classList.add("lit");
    }
  }

  function open(mark) {
    const keys = mark.dataset.claims.split(" ");
    const list = document.createElement("ol");
    for (const note of notesOf(keys)) {
      const item = note.cloneNode(true);
      item.removeAttribute("id");
      list.appendChild(item);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "Close";
    close.addEventListener("click", shut);
    card.replaceChildren(list, close);
    const box = mark.getBoundingClientRect();
    card.style.top = `${window.scrollY + box.bottom + 6}px`;
    card.style.left = `${Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - 460))}px`;
    card.hidden = false;
    light(keys[0]);
    close.focus();
  }

  function shut() {
    card.hidden = true;
  }

  reader.addEventListener("click", (event) => {
    const mark = event.target.closest("mark.claim");
    if (!mark || event.target.closest("a")) return;
    open(mark);
  });
  for (const mark of reader.querySelectorAll("mark.claim")) {
    mark.tabIndex = 0;
    mark.setAttribute("role", "button");
    mark.setAttribute("aria-label", `claims ${mark.dataset.claims.split(" ").map((k) => notesOf([k])[0]?.querySelector(".num")?.textContent).join(", ")}: show their notes`);
    mark.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open(mark);
      }
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") shut();
  });

  function fromAddress() {
    const match = location.hash.match(/^#claim-(.+)$/);
    if (!match) return;
    const key = decodeURIComponent(match[1]);
    light(key);
    const anchor = document.getElementById(`claim-${key}`);
    if (anchor) anchor.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
})();
