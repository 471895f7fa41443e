// The reader made quicker: a marked passage, or a claim's number after it, opens a card with
// the notes of its claims, and the claim an address points at (#claim-KEY, from a claim's "read
// in context") is lit up. The notes after each paragraph hold the same, for reading without
// this script. A marked passage holds links (names, markers), so it is no control of its own:
// the claim's number, a link, is the way in by keyboard.
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
  let opener = null;

  function light(key) {
    for (const old of document.querySelectorAll("mark.claim.lit")) old.classList.remove("lit");
    for (const mark of reader.querySelectorAll("mark.claim")) {
      if (mark.dataset.claims.split(" ").includes(key)) mark.classList.add("lit");
    }
  }

  function open(keys, near) {
    const list = document.createElement("ol");
    for (const key of keys) {
      const note = document.getElementById(`note-${key}`);
      if (!note) continue;
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
    const box = near.getBoundingClientRect();
    const widest = window.scrollX + document.documentElement.clientWidth - 460;
    card.style.top = `${window.scrollY + box.bottom + 6}px`;
    card.style.left = `${Math.max(8, Math.min(window.scrollX + box.left, widest))}px`;
    card.hidden = false;
    opener = near;
    light(keys[0]);
    close.focus();
  }

  function shut() {
    card.hidden = true;
    if (opener && opener.focus) opener.focus();
    opener = null;
  }

  reader.addEventListener("click", (event) => {
    const ref = event.target.closest("a.claim-ref");
    if (ref) {
      event.preventDefault();
      open([ref.dataset.claim], ref);
      return;
    }
    const mark = event.target.closest("mark.claim");
    if (mark && !event.target.closest("a")) open(mark.dataset.claims.split(" "), mark);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !card.hidden) shut();
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
