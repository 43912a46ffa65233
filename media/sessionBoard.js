// The Session Board's renderer: draws the model the extension posts, nothing else (no network).
// Every item is a button (keyboard-reachable); a click asks the extension to open its target.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const root = /** @type {HTMLElement} */ (document.getElementById('territory-board'));
  const KIND_ICON = { edit: '✎', commit: '●', block: '⛔', handoff: '⇄', state: '◆' };

  /** @param {string} tag @param {Record<string,string>} [attrs] @param {(Node|string)[]} [children] */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children || []) node.append(c);
    return node;
  }

  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s % 60).padStart(2, '0')}s`;
  }

  function clock(t) {
    return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function item(label, target, cls, title) {
    const b = el('button', { class: `item ${cls || ''}`, type: 'button', title: title || label }, [label]);
    if (target) b.addEventListener('click', () => vscode.postMessage({ type: 'open', target }));
    else b.disabled = true;
    return b;
  }

  function list(title, entries, empty) {
    return el('div', { class: 'block' }, [el('h3', {}, [`${title} (${entries.length})`]), entries.length ? el('ul', {}, entries.map((e) => el('li', {}, [e]))) : el('p', { class: 'none' }, [empty])]);
  }

  function timeline(lane, from, to) {
    const span = Math.max(1, to - from);
    const bar = el('div', { class: 'bar', role: 'list', 'aria-label': `${lane.id} timeline` });
    for (const t of lane.timeline) {
      const b = item(KIND_ICON[t.kind] || '•', t.target, `mark ${t.kind}`, `${clock(t.time)} ${t.label}`);
      b.style.left = `${(((t.time - from) / span) * 100).toFixed(2)}%`;
      b.setAttribute('role', 'listitem');
      bar.append(b);
    }
    const recent = lane.timeline.slice(-8).reverse().map((t) => item(`${clock(t.time)} ${KIND_ICON[t.kind] || ''} ${t.label}`, t.target, t.kind));
    return el('div', { class: 'timeline' }, [bar, list('Recent', recent, 'Nothing yet.')]);
  }

  /** Tokens and cost, as one short phrase: "1.2M tokens · $3.40" ("cost unknown" for a model without a price). */
  function usageText(u) {
    const n = u.total >= 1e6 ? `${(u.total / 1e6).toFixed(1)}M` : u.total >= 1e3 ? `${(u.total / 1e3).toFixed(1)}k` : String(u.total);
    const cost = u.costUsd === null ? `cost unknown (${u.unpriced.join(', ')})` : `$${u.costUsd.toFixed(2)}`;
    return `${n} tokens · ${cost}${u.partial ? ' (still reading)' : ''}`;
  }

  /** The usage of a lane or the session, with the counts behind it in the tooltip. */
  function usageFacts(u) {
    const t = u.tokens;
    return el('span', { class: 'usage', title: `input ${t.input}, output ${t.output}, cache write ${t.cacheCreation}, cache read ${t.cacheRead}; ${u.messages} messages; ${u.models.join(', ')}` }, [
      ` · ${usageText(u)}`,
    ]);
  }

  function lane(l, model) {
    const now = model.generatedAt;
    const c = l.counts;
    const head = el('header', {}, [
      el('h2', {}, [`${l.id} `, el('span', { class: 'terminal' }, [l.terminal]), ` ${l.name !== l.id ? l.name : ''}`]),
      el('span', { class: `state ${l.state}`, 'data-state': l.state }, [l.stateLabel + (l.state !== 'none' ? ` · ${duration(now - l.since)}` : '')]),
      item('Terminal', { kind: 'terminal', domain: l.id }, 'open-terminal', `Open ${l.id}'s terminal`),
    ]);
    // Whether the domain's agent guard proved itself on its canary at launch (absent: not checked).
    if (l.guard) head.append(el('span', { class: `guard ${l.guard.armed ? 'armed' : 'unarmed'}`, title: l.guard.detail }, [l.guard.armed ? 'guard armed' : `guard NOT armed: ${l.guard.detail}`]));
    const facts = el('p', { class: 'facts' }, [
      l.task ? `Task: ${l.task}` : 'No task set',
      l.started !== undefined ? ` · ${duration(l.elapsedMs)} since first activity` : '',
      ` · ${c.toolCalls} tool calls · ${c.edits} edits · ${c.blocked} blocked · ${c.commits} commits`,
    ]);
    if (l.usage) facts.append(usageFacts(l.usage));
    const waiting = l.waitingFor ? el('p', { class: 'waiting' }, [`Waiting: ${l.waitingFor}`]) : '';
    const grid = el('div', { class: 'grid' }, [
      list('Files edited', l.ownFiles.map((f) => item(f, { kind: 'file', path: f }, 'file')), 'None yet.'),
      list('Off-limits attempts', l.attemptedFiles.map((f) => item(`${f.path} (${f.owner})`, { kind: 'file', path: f.path }, 'attempt')), 'None.'),
      list('Commits', l.commits.map((k) => item(`${k.shortHash} ${k.subject}`, { kind: 'commit', hash: k.hash, path: k.files[0] && k.files[0].path, status: k.files[0] && k.files[0].status }, 'commit')), 'None yet.'),
      list('Handoffs to it', l.handoffsIn.map((h) => item(`${h.from}: ${h.summary}${h.blocking ? ' (blocking)' : ''}`, { kind: 'handoff', file: h.file, line: h.line }, 'handoff')), 'None open.'),
      list('Handoffs from it', l.handoffsOut.map((h) => item(`→ ${h.to}: ${h.summary}${h.blocking ? ' (blocking)' : ''}`, { kind: 'handoff', file: h.file, line: h.line }, 'handoff')), 'None open.'),
    ]);
    return el('section', { class: `lane ${l.state}`, 'data-domain': l.id, 'data-state': l.state, 'aria-label': `${l.id}: ${l.stateLabel}` }, [head, facts, waiting, grid, timeline(l, model.from, model.to)]);
  }

  /** @type {any} */
  let current = null;
  function render(model) {
    current = model;
    if (!model) {
      root.replaceChildren(el('p', { class: 'empty' }, ['No domain map in this workspace.']));
      return;
    }
    const summary = model.lanes.reduce((acc, l) => ((acc[l.state] = (acc[l.state] || 0) + 1), acc), {});
    const head = el('header', { class: 'board-head' }, [
      el('h1', {}, ['Session Board']),
      el('p', {}, [model.goal ? `Goal: ${model.goal} · ` : '', Object.entries(summary).map(([s, n]) => `${n} ${s}`).join(' · '), model.usage ? usageFacts(model.usage) : '', ` · updated ${clock(model.generatedAt)}`]),
    ]);
    root.replaceChildren(head, ...model.lanes.map((l) => lane(l, model)));
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m && m.type === 'model') render(m.model);
    else if (m && m.type === 'report') {
      // What is on the page, read back from the DOM (tests): not the model, the rendering of it.
      const lanes = [...root.querySelectorAll('section.lane')].map((s) => ({ id: s.getAttribute('data-domain'), state: s.getAttribute('data-state'), text: s.textContent, items: s.querySelectorAll('button.item').length }));
      vscode.postMessage({ type: 'rendered', board: { lanes } });
    }
  });
  // Elapsed times move without new data.
  setInterval(() => current && render({ ...current, generatedAt: Date.now(), to: Math.max(current.to, Date.now()) }), 5000);
  vscode.postMessage({ type: 'ready' });
})();
