// Journey: saves a case note as a draft while the worker types, and prints the chronology.
// Served from Journey's own origin, so it runs under the strict CSP; no inline handlers.
//
// The draft is posted (with the session's CSRF token in the X-CSRF-Token header) a second
// after typing stops, and when the tab is hidden or closed. Until the server has it, the text
// is also kept in this tab's sessionStorage: if the session has ended, the worker signs in
// again in this tab, comes back to the note, and the kept text is put back and saved.

const SAVE_AFTER_MS = 1000;

for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// The visit questions (seen, seen alone, bedroom seen) are asked only when the kind chosen is a
// visit; without this script they are shown to everyone and ignored for other kinds.
const visitQuestions = document.querySelector("[data-visit-kinds]");
const askVisitQuestions = () => {
  if (!visitQuestions) return;
  const visits = visitQuestions.dataset.visitKinds.split(" ");
  const chosen = document.querySelector("input[name=kind]:checked");
  visitQuestions.hidden = !(chosen && visits.includes(chosen.value));
};
for (const kind of document.querySelectorAll("input[name=kind]")) {
  kind.addEventListener("change", askVisitQuestions);
}
askVisitQuestions();

const form = document.querySelector("form[data-autosave]");
if (form) {
  autosave(form);
}

function autosave(form) {
  const url = form.dataset.autosave;
  const status = document.getElementById("draft-status");
  const csrf = form.querySelector("input[name=csrf_token]")?.value ?? "";
  const storageKey = "journey-draft:" + url;
  let timer = null;
  let lastSent = null;
  let submitting = false;

  const say = (text) => {
    if (status) status.textContent = text;
  };

  const fields = () => {
    const data = {};
    for (const [name, value] of new FormData(form)) {
      if (name !== "csrf_token" && name !== "action") data[name] = String(value);
    }
    return data;
  };

  const restore = (kept) => {
    let data;
    try {
      data = JSON.parse(kept);
    } catch {
      return;
    }
    for (const [name, value] of Object.entries(data)) {
      for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (field.type === "radio" || field.type === "checkbox") {
          field.checked = field.value === value;
        } else if (name !== "note_key" || value) {
          field.value = value;
        }
      }
    }
    askVisitQuestions();
  };

  const save = async (leaving) => {
    if (submitting) return;
    const body = JSON.stringify(fields());
    if (body === lastSent) return;
    try {
      sessionStorage.setItem(storageKey, body);
    } catch {
      // Storage full or disabled: the server copy is what matters.
    }
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive: leaving,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body,
      });
      if (response.ok) {
        lastSent = body;
        sessionStorage.removeItem(storageKey);
        const saved = await response.json();
        const at = new Date(saved.saved_at);
        // The time on the clocks in England, as the server writes it, whatever the device is set to.
        const time = at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
        say(`Draft saved at ${time}.`);
      } else if (response.status === 401 || response.status === 403) {
        say(
          "You have been signed out, so your latest typing is not saved yet. It is kept in this tab: " +
            "sign in again in this tab, come back to this note, and it will be saved.",
        );
      } else {
        say("Your draft could not be saved just now. Keep this page open and press Save draft.");
      }
    } catch {
      if (!leaving) say("Your draft could not be saved just now. Keep this page open and press Save draft.");
    }
  };

  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => save(false), SAVE_AFTER_MS);
  };

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  form.addEventListener("submit", () => {
    // The form itself carries the text now; a late autosave must not bring a draft back.
    submitting = true;
    clearTimeout(timer);
    sessionStorage.removeItem(storageKey);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save(true);
  });
  window.addEventListener("pagehide", () => save(true));

  const kept = sessionStorage.getItem(storageKey);
  if (kept) {
    restore(kept);
    save(false);
  }
}
