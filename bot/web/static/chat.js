/*
 * The chat panel of the importer guidance assistant (no framework).
 *
 * Talks to Rasa's socketio channel (events user_uttered / bot_uttered, session_request /
 * session_confirm). The session id and the transcript are kept in localStorage, so a reload
 * continues the same conversation and shows it again.
 *
 * Safety: text from the bot or the user is never parsed as HTML. Messages are built from DOM nodes
 * with textContent; in the bot's messages http(s) URLs, e-mail addresses and phone numbers become <a>
 * elements (href built from the matched characters only: http(s) URL, mailto: address, tel: digits)
 * whose text is what the bot wrote. The transcript is stored as plain text and linked when shown.
 * Custom JSON messages (Rasa's `custom`, e.g. {"cbp": {...}}) are for programs, not people: never shown.
 *
 * Scrolling: when an answer arrives, the log shows the start of the answer (its first message after
 * the user's last one), so that a long answer's verdict is on screen rather than its last line.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "importer-assistant.chat.v1";
  var MAX_MESSAGES = 200;
  var TEXT = {
    connecting: "Connecting to the assistant…",
    writing: "The assistant is writing an answer…",
    unreachable: "We can't reach the assistant right now. Check your internet connection, then press Retry.",
    timeout: "We can't reach the assistant right now: it did not answer in time. Press Retry to ask again.",
    empty: "The conversation will appear here.",
    youSaid: "You said: ",
    botSaid: "Assistant said: ",
    newTab: " (opens in a new tab)",
    suggested: "Suggested replies",
  };

  var body = document.body;
  var config = {
    rasaUrl: body.getAttribute("data-rasa-url") || "http://localhost:5005",
    socketPath: body.getAttribute("data-socket-path") || "/socket.io",
    replyTimeoutMs: Number(body.getAttribute("data-reply-timeout-ms")) || 30000,
  };

  var log = document.getElementById("chat-log");
  var statusLine = document.getElementById("chat-status");
  var errorBox = document.getElementById("chat-error");
  var errorText = document.getElementById("chat-error-text");
  var retryButton = document.getElementById("chat-retry");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var humanButton = document.getElementById("chat-human");
  var newButton = document.getElementById("chat-new");

  /* ---------- Stored state: { sessionId, messages: [{from, text, buttons}] } ---------- */

  var memoryStore = null; // used when localStorage is unavailable (e.g. blocked by the browser)

  function validMessage(item) {
    return item && (item.from === "user" || item.from === "bot") && typeof item.text === "string";
  }

  function cleanButtons(list) {
    var buttons = [];
    (Array.isArray(list) ? list : []).forEach(function (button) {
      if (button && typeof button.title === "string" && typeof button.payload === "string") {
        buttons.push({ title: button.title, payload: button.payload });
      }
    });
    return buttons;
  }

  function loadState() {
    var raw = memoryStore;
    try {
      raw = window.localStorage.getItem(STORAGE_KEY);
    } catch (error) {
      /* storage blocked: keep the in-memory copy */
    }
    try {
      var data = JSON.parse(raw || "null");
      if (data && typeof data === "object") {
        return {
          sessionId: typeof data.sessionId === "string" ? data.sessionId : null,
          messages: (Array.isArray(data.messages) ? data.messages : []).filter(validMessage).map(function (item) {
            return { from: item.from, text: item.text, buttons: cleanButtons(item.buttons) };
          }),
        };
      }
    } catch (error) {
      /* damaged storage: start again */
    }
    return { sessionId: null, messages: [] };
  }

  function saveState() {
    if (state.messages.length > MAX_MESSAGES) {
      state.messages = state.messages.slice(-MAX_MESSAGES);
    }
    var raw = JSON.stringify(state);
    memoryStore = raw;
    try {
      window.localStorage.setItem(STORAGE_KEY, raw);
    } catch (error) {
      /* storage full or blocked: the conversation still works, it just won't survive a reload */
    }
  }

  var state = loadState();

  /* ---------- Rendering (DOM nodes and textContent only) ---------- */

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function safeHref(candidate) {
    try {
      var url = new URL(candidate);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function count(text, character) {
    return text.split(character).length - 1;
  }

  /* What becomes a link in the bot's text, in one pass from left to right (a URL first, so that an
     address inside a URL stays part of it):
     1. an http(s) URL;
     2. an e-mail address (letters, digits and . _ + - before the @; a dotted domain ending in letters);
     3. a phone number: North American (1-877-227-5511, (877) 227-5511, 877.227.5511, +1 703 526 4200)
        or international with a + and separated groups (+44 20 7946 0958). Not digits inside longer
        numbers, dates (2025-08-29), tariff numbers (6109.10.0012) or amounts. */
  var NANP_PHONE = "(?:\\+1[ .-]?|1[ .-])?(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}";
  var INTL_PHONE = "\\+[2-9]\\d{0,2}(?:[ .-]\\d{1,5}){2,5}";
  var LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
  var LINKABLE = new RegExp(
    "(https?:\\/\\/[^\\s<>\"]+)" +
      "|([A-Za-z0-9._+-]+@" + LABEL + "(?:\\." + LABEL + ")*\\.[A-Za-z]{2,})(?![A-Za-z0-9-])" +
      "|(?<![\\w+.\\/-])(" + NANP_PHONE + "|" + INTL_PHONE + ")(?![\\w]|[.-]\\d)",
    "gi"
  );

  /* The tel: href of a phone number as written: E.164 digits (North American numbers get their +1). */
  function telHref(number) {
    var digits = number.replace(/\D/g, "");
    if (number.charAt(0) !== "+") {
      if (digits.length === 10) digits = "1" + digits;
      if (digits.length !== 11 || digits.charAt(0) !== "1") return null;
    }
    return digits.length >= 8 && digits.length <= 15 ? "tel:+" + digits : null;
  }

  function mailtoHref(address) {
    // The pattern only lets letters, digits and . _ + - @ through: nothing that could add headers (?, &, %).
    return /^[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+$/.test(address) ? "mailto:" + address : null;
  }

  function webLink(url, href) {
    var link = element("a", "usa-link", url);
    link.href = href;
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    link.appendChild(element("span", "usa-sr-only", TEXT.newTab));
    return link;
  }

  function contactLink(text, href, className) {
    var link = element("a", "usa-link " + className, text);
    link.href = href;
    return link;
  }

  /* Appends text to parent, turning URLs, e-mail addresses and phone numbers into links. */
  function appendInline(parent, text) {
    var pattern = new RegExp(LINKABLE.source, LINKABLE.flags);
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var found = match[0];
      var node = null;
      if (match[1]) {
        // Leave trailing punctuation out of the link ("see https://x.gov/a." or "(https://x.gov/a)").
        while (/[.,;:!?'\])]$/.test(found)) {
          if (found.slice(-1) === ")" && count(found, "(") >= count(found, ")")) break;
          found = found.slice(0, -1);
        }
        var href = safeHref(found);
        if (href) node = webLink(found, href);
      } else if (match[2]) {
        var mailto = mailtoHref(found);
        if (mailto) node = contactLink(found, mailto, "chat__email");
      } else {
        var tel = telHref(found);
        if (tel) node = contactLink(found, tel, "chat__phone");
      }
      if (!node) {
        pattern.lastIndex = match.index + Math.max(found.length, 1);
        continue;
      }
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(node);
      last = match.index + found.length;
      pattern.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /* Bot text: lines become line breaks, "- " lines a list, blank lines separate paragraphs. */
  function renderBotText(container, text) {
    var paragraph = null;
    var list = null;
    text.replace(/\r\n?/g, "\n").split("\n").forEach(function (line) {
      var item = /^\s*[-•]\s+(.*)$/.exec(line);
      if (item) {
        paragraph = null;
        if (!list) {
          list = element("ul");
          container.appendChild(list);
        }
        var li = element("li");
        appendInline(li, item[1]);
        list.appendChild(li);
        return;
      }
      list = null;
      if (!line.trim()) {
        paragraph = null;
        return;
      }
      if (paragraph) {
        paragraph.appendChild(document.createElement("br"));
      } else {
        paragraph = element("p");
        container.appendChild(paragraph);
      }
      appendInline(paragraph, line);
    });
  }

  function messageNode(message, buttonsActive) {
    var node = element("div", "chat__msg chat__msg--" + message.from);
    node.setAttribute("data-testid", message.from === "user" ? "user-msg" : "bot-msg");
    var bubble = element("div", "chat__bubble");
    bubble.appendChild(element("span", "usa-sr-only", message.from === "user" ? TEXT.youSaid : TEXT.botSaid));
    if (message.from === "user") {
      bubble.appendChild(element("p", null, message.text));
    } else {
      renderBotText(bubble, message.text);
    }
    node.appendChild(bubble);
    if (message.buttons && message.buttons.length) {
      var group = element("div", "chat__quick");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", TEXT.suggested);
      message.buttons.forEach(function (choice) {
        var button = element("button", "usa-button usa-button--outline chat__choice", choice.title);
        button.type = "button";
        button.disabled = !buttonsActive;
        button.addEventListener("click", function () {
          if (send(choice.payload, choice.title)) input.focus();
        });
        group.appendChild(button);
      });
      node.appendChild(group);
    }
    return node;
  }

  /* The first message of the newest answer: the first bot message after the user's last message. */
  function answerStart() {
    var start = null;
    for (var node = log.lastElementChild; node; node = node.previousElementSibling) {
      if (node.classList.contains("chat__msg--user")) break;
      if (node.classList.contains("chat__msg--bot")) start = node;
    }
    return start;
  }

  /* Shows the newest messages, but never scrolls the start of the newest answer out of view: a short
     answer shows the end of the log (the question above it stays in view), a long one its first line
     at the top of the log. With `page` (a reply that has just arrived), the page itself scrolls too
     when that first line is off the screen (small or zoomed screens, where the log does not scroll). */
  function reveal(page) {
    var end = Math.max(0, log.scrollHeight - log.clientHeight);
    var start = answerStart();
    if (!start) {
      log.scrollTop = end;
      return;
    }
    var gap = parseFloat(window.getComputedStyle(log).paddingTop) || 0;
    var offset = start.getBoundingClientRect().top - log.getBoundingClientRect().top - log.clientTop;
    log.scrollTop = Math.min(end, Math.max(0, log.scrollTop + offset - gap));
    if (!page) return;
    var top = start.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 48) start.scrollIntoView({ block: "start", inline: "nearest" });
  }

  function showPlaceholder() {
    if (!log.children.length) log.appendChild(element("p", "chat__empty", TEXT.empty));
  }

  function addMessage(message) {
    var placeholder = log.querySelector(".chat__empty");
    if (placeholder) placeholder.remove();
    if (message.from === "user") disableChoices();
    state.messages.push(message);
    saveState();
    log.appendChild(messageNode(message, true));
    reveal(message.from === "bot");
  }

  /* Suggested replies only stay usable until the user says something else. */
  function disableChoices() {
    Array.prototype.forEach.call(log.querySelectorAll(".chat__choice"), function (button) {
      button.disabled = true;
    });
  }

  function renderTranscript() {
    log.textContent = "";
    var lastUser = -1;
    state.messages.forEach(function (message, index) {
      if (message.from === "user") lastUser = index;
    });
    state.messages.forEach(function (message, index) {
      log.appendChild(messageNode(message, index > lastUser));
    });
    showPlaceholder();
    reveal(false);
  }

  function setStatus(text) {
    statusLine.textContent = text;
  }

  function showError(text) {
    errorBox.hidden = false;
    if (errorText.textContent !== text) errorText.textContent = text;
    setStatus("");
  }

  function hideError() {
    errorBox.hidden = true;
    errorText.textContent = "";
  }

  /* ---------- Connection ---------- */

  var socket = null;
  var sessionReady = false;
  // The last message sent that has no reply yet: { payload, timer, timedOut }.
  var waiting = null;
  var retryAsked = false;

  function startWaiting(payload) {
    stopWaiting();
    waiting = { payload: payload, timedOut: false, timer: window.setTimeout(replyTimedOut, config.replyTimeoutMs) };
    setStatus(TEXT.writing);
  }

  function stopWaiting() {
    if (waiting && waiting.timer) window.clearTimeout(waiting.timer);
    waiting = null;
  }

  function replyTimedOut() {
    if (!waiting) return;
    waiting.timer = null;
    waiting.timedOut = true;
    showError(TEXT.timeout);
  }

  function emitMessage(payload) {
    socket.emit("user_uttered", { message: payload, session_id: state.sessionId });
    startWaiting(payload);
  }

  /* Sends a message; `shown` is what the transcript shows (a button's title). False when not sent. */
  function send(payload, shown) {
    var text = (payload || "").trim();
    if (!text) return false;
    if (!socket || !socket.connected || !sessionReady) {
      showError(TEXT.unreachable);
      return false;
    }
    hideError();
    addMessage({ from: "user", text: shown || text, buttons: [] });
    emitMessage(text);
    return true;
  }

  function greet() {
    // A new conversation starts with the assistant introducing itself (with suggested replies).
    emitMessage("/greet");
  }

  function onSessionConfirm(data) {
    var id = typeof data === "string" ? data : data && data.session_id;
    if (typeof id !== "string" || !id) return;
    if (state.sessionId !== id) {
      state.sessionId = id;
      saveState();
    }
    sessionReady = true;
    hideError();
    setStatus("");
    if (waiting && (retryAsked || waiting.timedOut)) {
      emitMessage(waiting.payload);
    } else if (!state.messages.length && !waiting) {
      greet();
    } else if (waiting) {
      setStatus(TEXT.writing);
    }
    retryAsked = false;
  }

  function onBotMessage(data) {
    if (!data || typeof data !== "object") return;
    // A custom JSON message ({"custom": {"cbp": ...}}) carries data for programs; the text came separately.
    if (Object.prototype.hasOwnProperty.call(data, "custom")) return;
    var text = typeof data.text === "string" ? data.text : "";
    var buttons = cleanButtons(data.quick_replies || data.buttons);
    var attachment = data.attachment && data.attachment.payload;
    if (attachment && typeof attachment.src === "string") text += (text ? "\n" : "") + attachment.src;
    if (!text && !buttons.length) return;
    stopWaiting();
    hideError();
    setStatus("");
    addMessage({ from: "bot", text: text, buttons: buttons });
  }

  function connect() {
    if (typeof window.io !== "function") {
      showError(TEXT.unreachable);
      return;
    }
    setStatus(TEXT.connecting);
    socket = window.io(config.rasaUrl, {
      path: config.socketPath,
      reconnectionDelayMax: 5000,
      timeout: 10000,
    });
    socket.on("connect", function () {
      sessionReady = false;
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", onSessionConfirm);
    socket.on("bot_uttered", onBotMessage);
    socket.on("connect_error", function () {
      sessionReady = false;
      showError(TEXT.unreachable);
    });
    socket.on("disconnect", function (reason) {
      sessionReady = false;
      if (reason === "io client disconnect") return;
      showError(TEXT.unreachable);
    });
  }

  function reconnect() {
    if (!socket) {
      connect();
      return;
    }
    setStatus(TEXT.connecting);
    if (socket.connected) socket.disconnect();
    socket.connect();
  }

  /* ---------- Controls ---------- */

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (send(input.value)) input.value = "";
    input.focus();
  });

  humanButton.addEventListener("click", function () {
    send("/request_human", "Talk to a person");
  });

  retryButton.addEventListener("click", function () {
    hideError();
    input.focus();
    if (socket && socket.connected && sessionReady) {
      if (waiting) emitMessage(waiting.payload);
      else if (!state.messages.length) greet();
      return;
    }
    retryAsked = true;
    reconnect();
  });

  newButton.addEventListener("click", function () {
    stopWaiting();
    state = { sessionId: null, messages: [] };
    saveState();
    renderTranscript();
    hideError();
    input.value = "";
    input.focus();
    sessionReady = false;
    reconnect();
  });

  renderTranscript();
  connect();
})();
