/* Swagger UI in the reader's language (api/documentation.py).
 *
 * Swagger UI has no translations of its own and writes its labels in English. The page carries them
 * translated in the JSON element #swagger-ui-interface; this script puts them in place as Swagger UI
 * draws and redraws itself: a text, or an aria-label, title or placeholder, that is exactly one of its
 * labels (spaces aside) is replaced. What the API itself says (names, descriptions, examples, the
 * server's answers) is never touched.
 */
(() => {
  "use strict";
  const data = document.getElementById("swagger-ui-interface");
  const root = document.getElementById("swagger-ui");
  if (!data || !root) {
    return;
  }
  const { lang, labels } = JSON.parse(data.textContent);
  if (lang) {
    document.documentElement.lang = lang;
  }
  if (!labels || Object.keys(labels).length === 0) {
    return;
  }

  const ATTRIBUTES = ["aria-label", "title", "placeholder"];
  const WITH_ATTRIBUTES = ATTRIBUTES.map((name) => `[${name}]`).join(",");
  // The API's own words: its descriptions, names, paths, examples and answers.
  const UNTOUCHED = "pre, code, textarea, .markdown, .renderedMarkdown, .prop-name, .parameter__name, " +
    ".opblock-summary-path, .info";
  const has = (key) => Object.prototype.hasOwnProperty.call(labels, key);

  const translated = (text) => {
    const trimmed = text.trim();
    return trimmed && has(trimmed) ? text.replace(trimmed, () => labels[trimmed]) : null;
  };
  const untouched = (element) => !element || element.closest(UNTOUCHED) !== null;

  const translateText = (node) => {
    if (untouched(node.parentElement)) {
      return;
    }
    const text = translated(node.nodeValue);
    if (text !== null) {
      node.nodeValue = text;
    }
  };
  const translateAttributes = (element) => {
    if (untouched(element)) {
      return;
    }
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      const text = value === null ? null : translated(value);
      if (text !== null) {
        element.setAttribute(name, text);
      }
    }
  };
  const translateTree = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      translateText(node);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) {
      return;
    }
    translateAttributes(node);
    node.querySelectorAll(WITH_ATTRIBUTES).forEach(translateAttributes);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      translateText(text);
    }
  };

  // A translated text is no label, so the changes this makes are seen once and left alone.
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === "characterData") {
        translateText(mutation.target);
      } else if (mutation.type === "attributes") {
        translateAttributes(mutation.target);
      } else {
        mutation.addedNodes.forEach(translateTree);
      }
    }
  }).observe(root, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRIBUTES,
  });
  translateTree(root);
})();
