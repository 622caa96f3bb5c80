// Building the page with the DOM's own calls: text always goes in as text (never parsed as HTML), so nothing an
// API answer holds can become markup or script.

const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'text') {
      element.textContent = String(value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** h('button', {class: 'x', onClick: f}, 'text', child...) */
export function h(tag, attributes, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

export function s(tag, attributes, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attributes, children);
}

export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

let ids = 0;
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A loading line that assistive technology announces. */
export function loading(text) {
  return h('p', { class: 'state loading', role: 'status' }, text);
}

export function empty(text) {
  return h('p', { class: 'state empty' }, text);
}

/** An API error as a person reads it: what happened (code and status), its message, and what to do. */
export function errorBox(error, title = 'The request was refused') {
  const heading = error.status >= 500 || error.status === 0 ? 'Something went wrong' : title;
  const code = [error.status ? String(error.status) : '', error.code || ''].filter(Boolean).join(' ');
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('p', { class: 'error-title' }, h('strong', {}, heading), code ? ` (${code})` : ''),
    h('p', { class: 'error-message' }, error.message),
    error.suggestion ? h('p', { class: 'error-suggestion' }, error.suggestion) : null,
    error.details && error.details.length
      ? h('ul', { class: 'error-details' }, error.details.map((d) => h('li', {}, `${d.field}: ${d.issue}`)))
      : null,
    error.requestId ? h('p', { class: 'error-request' }, `Request id ${error.requestId}`) : null,
  );
}

/** A definition list from [label, value] pairs (pairs with no value are left out). */
export function facts(pairs, className = 'facts') {
  return h(
    'dl',
    { class: className },
    pairs
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}
