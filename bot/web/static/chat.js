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
 *
 * Languages (English "en", Spanish "es"): the page's language is kept with the conversation. English
 * unless the user chose Spanish (the switch button, or a link with ?lang=es); the browser's own language
 * does not switch it. Every message has the `lang` of its language: the bot's from the `lang` the server
 * sends with it, the user's the page's language when it was sent (a suggested reply: its message's).
 * The switch sends /switch_language{"language": ...}, so that the assistant answers in that language
 * too; and when the assistant starts an answer in the other language (the user wrote in it), the page
 * follows. The template's texts are swapped by applyLanguage (see chat.html), the script's come from TEXT.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "importer-assistant.chat.v1";
  var MAX_MESSAGES = 200;
  var LANGUAGES = ["en", "es"];
  var DEFAULT_LANGUAGE = "en";
  var TEXT = {
    en: {
      connecting: "Connecting to the assistant…",
      writing: "The assistant is writing an answer…",
      unreachable: "We can't reach the assistant right now. Check your internet connection, then press Retry.",
      timeout: "We can't reach the assistant right now: it did not answer in time. Press Retry to ask again.",
      empty: "The conversation will appear here.",
      youSaid: "You said: ",
      botSaid: "Assistant said: ",
      newTab: " (opens in a new tab)",
      suggested: "Suggested replies",
      human: "Talk to a person",
      // The switch to this language: its button's text, and the user's message it shows.
      languageName: "English",
    },
    es: {
      connecting: "Conectando con el asistente…",
      writing: "El asistente está escribiendo una respuesta…",
      unreachable:
        "En este momento no podemos comunicarnos con el asistente. Revise su conexión a internet y luego presione Reintentar.",
      timeout:
        "En este momento no podemos comunicarnos con el asistente: no respondió a tiempo. Presione Reintentar para preguntar de nuevo.",
      empty: "Aquí aparecerá la conversación.",
      youSaid: "Usted dijo: ",
      botSaid: "El asistente dijo: ",
      newTab: " (se abre en una pestaña nueva)",
      suggested: "Respuestas sugeridas",
      human: "Hablar con una persona",
      languageName: "Español",
    },
  };

  function knownLanguage(value) {
    return LANGUAGES.indexOf(value) >= 0 ? value : null;
  }

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
  var languageButton = document.getElementById("chat-language");

  /* ---------- Stored state: { sessionId, language, messages: [{from, text, buttons, lang}] } ---------- */

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
          language: knownLanguage(data.language) || DEFAULT_LANGUAGE,
          messages: (Array.isArray(data.messages) ? data.messages : []).filter(validMessage).map(function (item) {
            var message = { from: item.from, text: item.text, buttons: cleanButtons(item.buttons) };
            if (knownLanguage(item.lang)) message.lang = item.lang;
            return message;
          }),
        };
      }
    } catch (error) {
      /* damaged storage: start again */
    }
    return { sessionId: null, language: DEFAULT_LANGUAGE, messages: [] };
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

  /* A link may ask for a language (?lang=es): it becomes the page's choice, and leaves the address, so
     that a reload keeps what the user chose afterwards. */
  function languageFromAddress() {
    try {
      var url = new URL(window.location.href);
      var asked = knownLanguage(url.searchParams.get("lang"));
      if (!url.searchParams.has("lang")) return null;
      url.searchParams.delete("lang");
      window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
      return asked;
    } catch (error) {
      return null;
    }
  }

  /* The script's texts in the page's language (or in `language`). */
  function say(key, language) {
    return TEXT[knownLanguage(language) || state.language][key];
  }

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

  function webLink(url, href, language) {
    var link = element("a", "usa-link", url);
    link.href = href;
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    link.appendChild(element("span", "usa-sr-only", say("newTab", language)));
    return link;
  }

  function contactLink(text, href, className) {
    var link = element("a", "usa-link " + className, text);
    link.href = href;
    return link;
  }

  /* Appends text to parent, turning URLs, e-mail addresses and phone numbers into links. */
  function appendInline(parent, text, language) {
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
        if (href) node = webLink(found, href, language);
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
  function renderBotText(container, text, language) {
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
        appendInline(li, item[1], language);
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
      appendInline(paragraph, line, language);
    });
  }

  /* A message and everything in it (the screen-reader label "You said", its buttons' group label) is in
     the message's language: its `lang` (a message saved without one: the page's language). */
  function messageNode(message, buttonsActive) {
    var language = message.lang || state.language;
    var node = element("div", "chat__msg chat__msg--" + message.from);
    node.setAttribute("data-testid", message.from === "user" ? "user-msg" : "bot-msg");
    if (message.lang) node.lang = message.lang;
    var bubble = element("div", "chat__bubble");
    bubble.appendChild(element("span", "usa-sr-only", say(message.from === "user" ? "youSaid" : "botSaid", language)));
    if (message.from === "user") {
      bubble.appendChild(element("p", null, message.text));
    } else {
      renderBotText(bubble, message.text, language);
    }
    node.appendChild(bubble);
    if (message.buttons && message.buttons.length) {
      var group = element("div", "chat__quick");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", say("suggested", language));
      message.buttons.forEach(function (choice) {
        var button = element("button", "usa-button usa-button--outline chat__choice", choice.title);
        button.type = "button";
        button.disabled = !buttonsActive;
        button.addEventListener("click", function () {
          if (send(choice.payload, choice.title, message.lang)) input.focus();
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
    if (!log.children.length) log.appendChild(element("p", "chat__empty", say("empty")));
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

  // The status line and the error are kept as TEXT keys, so that a change of language rewrites them.
  var statusKey = null;
  var errorKey = null;

  function setStatus(key) {
    statusKey = key || null;
    var text = statusKey ? say(statusKey) : "";
    if (statusLine.textContent !== text) statusLine.textContent = text;
  }

  function showError(key) {
    errorKey = key;
    errorBox.hidden = false;
    var text = say(key);
    if (errorText.textContent !== text) errorText.textContent = text;
    setStatus(null);
  }

  function hideError() {
    errorKey = null;
    errorBox.hidden = true;
    errorText.textContent = "";
  }

  /* ---------- The page's language ---------- */

  // The template's short texts: English as written, Spanish in data-es (elements that hold text only).
  var swapped = Array.prototype.map.call(document.querySelectorAll("[data-es]"), function (node) {
    return { node: node, en: node.textContent, es: node.getAttribute("data-es") };
  });

  /* Shows the page in `language`: <html lang>, the template's texts, the switch, the status and error. */
  function applyLanguage(language) {
    document.documentElement.lang = language;
    swapped.forEach(function (item) {
      if (item.node.textContent !== item[language]) item.node.textContent = item[language];
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-lang]"), function (node) {
      node.hidden = node.getAttribute("data-lang") !== language;
    });
    var other = language === "es" ? "en" : "es";
    languageButton.textContent = TEXT[other].languageName;
    languageButton.lang = other;
    var placeholder = log.querySelector(".chat__empty");
    if (placeholder) placeholder.textContent = say("empty");
    if (statusKey) setStatus(statusKey);
    if (errorKey) showError(errorKey);
  }

  function setLanguage(language) {
    if (!knownLanguage(language)) return;
    if (state.language !== language) {
      state.language = language;
      saveState();
    }
    applyLanguage(language);
  }

  /* The page follows the assistant's language: when an answer (its first message after the user's last
     message) comes in the other language, the page switches to it. After the switch button, an answer in
     the language left behind (the end of an earlier answer) does not switch the page back. */
  var answerStarted = false;
  var switchedTo = null;

  function followAnswer(language) {
    if (!knownLanguage(language) || answerStarted) return;
    if (switchedTo && language !== switchedTo) return;
    answerStarted = true;
    switchedTo = null;
    setLanguage(language);
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
    setStatus("writing");
  }

  function stopWaiting() {
    if (waiting && waiting.timer) window.clearTimeout(waiting.timer);
    waiting = null;
  }

  function replyTimedOut() {
    if (!waiting) return;
    waiting.timer = null;
    waiting.timedOut = true;
    showError("timeout");
  }

  function emitMessage(payload) {
    socket.emit("user_uttered", { message: payload, session_id: state.sessionId });
    startWaiting(payload);
  }

  /* Sends a message; `shown` is what the transcript shows (a button's title), in `language` (default: the
     page's). False when not sent. */
  function send(payload, shown, language) {
    var text = (payload || "").trim();
    if (!text) return false;
    if (!socket || !socket.connected || !sessionReady) {
      showError("unreachable");
      return false;
    }
    hideError();
    answerStarted = false;
    switchedTo = null;
    addMessage({ from: "user", text: shown || text, buttons: [], lang: knownLanguage(language) || state.language });
    emitMessage(text);
    return true;
  }

  function greet() {
    // A new conversation starts with the assistant introducing itself (with suggested replies), in the
    // page's language: the `language` entity sets the conversation's language slot before the greeting.
    answerStarted = false;
    emitMessage(state.language === DEFAULT_LANGUAGE ? "/greet" : '/greet{"language":"' + state.language + '"}');
  }

  /* The switch button: the page and the assistant change language. */
  function switchLanguage() {
    var language = state.language === "es" ? "en" : "es";
    setLanguage(language);
    if (!state.messages.length && !sessionReady) return; // the greeting, when it comes, will be in it
    if (send('/switch_language{"language":"' + language + '"}', TEXT[language].languageName, language)) {
      switchedTo = language;
    }
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
    setStatus(null);
    if (waiting && (retryAsked || waiting.timedOut)) {
      emitMessage(waiting.payload);
    } else if (!state.messages.length && !waiting) {
      greet();
    } else if (waiting) {
      setStatus("writing");
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
    setStatus(null);
    var message = { from: "bot", text: text, buttons: buttons };
    var language = knownLanguage(data.lang);
    if (language) message.lang = language;
    followAnswer(language);
    addMessage(message);
  }

  function connect() {
    if (typeof window.io !== "function") {
      showError("unreachable");
      return;
    }
    setStatus("connecting");
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
      showError("unreachable");
    });
    socket.on("disconnect", function (reason) {
      sessionReady = false;
      if (reason === "io client disconnect") return;
      showError("unreachable");
    });
  }

  function reconnect() {
    if (!socket) {
      connect();
      return;
    }
    setStatus("connecting");
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
    send("/request_human", say("human"));
  });

  languageButton.addEventListener("click", switchLanguage);

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
    state = { sessionId: null, language: state.language, messages: [] };
    switchedTo = null;
    saveState();
    renderTranscript();
    hideError();
    input.value = "";
    input.focus();
    sessionReady = false;
    reconnect();
  });

  var asked = languageFromAddress();
  if (asked && asked !== state.language) {
    state.language = asked;
    saveState();
  }
  applyLanguage(state.language);
  renderTranscript();
  connect();
})();
