// The Session Board's renderer: draws the model the extension posts, nothing else (no network).
// Every item is a button (keyboard-reachable); a click asks the extension to open its target.
// A lane is one compact row (state, domain, task or question, counts, terminal), a thin timeline
// and its details folded in a <details>, so five lanes fit on a laptop screen. Each part of the
// page is drawn by a function of its own. Wording and arithmetic: sessionBoardFormat.js.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  /** @type {any} */
  const self_ = self;
  const format = self_.territoryBoardFormat;
  /** @type {Record<string, { d: string, evenodd?: boolean }>} */
  const ICONS = self_.territoryBoardIcons || {};
  const root = /** @type {HTMLElement} */ (document.getElementById('territory-board'));
  /** One codicon per state, the Domains view's (mission/index.ts ICON). */
  const STATE_ICON = { none: 'circle-large', unknown: 'circle-large', working: 'sync', waiting: 'bell', idle: 'debug-pause', blocked: 'circle-slash', stalled: 'watch', exited: 'debug-stop' };
  const KIND_ICON = { edit: 'edit', commit: 'git-commit', block: 'circle-slash', handoff: 'arrow-swap', state: 'circle-small-filled' };
  /** The lanes whose details are open, kept across renders and reloads of the webview. */
  const openDetails = new Set((vscode.getState() || {}).open || []);

  /** @param {string} tag @param {Record<string,string>} [attrs] @param {(Node|string)[]} [children] */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children || []) node.append(c);
    return node;
  }

  /** A codicon as inline SVG (the CSP allows no font). @param {string} name */
  function icon(name) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('class', 'icon');
    svg.setAttribute('aria-hidden', 'true');
    const glyph = ICONS[name];
    if (glyph) {
      const p = document.createElementNS(ns, 'path');
      p.setAttribute('d', glyph.d);
      if (glyph.evenodd) p.setAttribute('fill-rule', 'evenodd');
      svg.append(p);
    }
    return svg;
  }

  /** Text that moves with the clock (elapsed times): the 5 s tick rewrites it in place. @param {number} since @param {string} [prefix] */
  function elapsed(since, prefix) {
    return el('span', { class: 'elapsed', 'data-since': String(since), 'data-prefix': prefix || '' }, [(prefix || '') + format.duration(Date.now() - since)]);
  }

  function item(label, target, cls, title) {
    const b = el('button', { class: `item ${cls || ''}`, type: 'button', title: title || label, 'data-key': `${cls}|${label}|${title || ''}` }, [label]);
    if (!label) b.setAttribute('aria-label', title || '');
    if (target) b.addEventListener('click', () => vscode.postMessage({ type: 'open', target }));
    else b.disabled = true;
    return b;
  }

  function list(title, entries, empty) {
    return el('div', { class: 'block' }, [el('h3', {}, [`${title} (${entries.length})`]), entries.length ? el('ul', {}, entries.map((e) => el('li', {}, [e]))) : el('p', { class: 'none' }, [empty])]);
  }

  // ---- The header ----

  /** Working / waiting / blocked / stalled, always, each with its colour and icon; the quieter states after them. */
  function summaryStrip(lanes) {
    const counts = format.stateCounts(lanes);
    const chips = format.ATTENTION.map((s) =>
      el('span', { class: `chip ${counts[s] === 0 ? 'zero' : ''}`, 'data-state': s, 'data-count': String(counts[s]), title: `${counts[s]} ${s === 'waiting' ? 'waiting for input' : s}` }, [icon(STATE_ICON[s]), `${counts[s]} ${s}`]),
    );
    const quiet = format.quietSummary(counts);
    return el('div', { class: 'summary', role: 'status', 'aria-label': 'Agents by state' }, [...chips, quiet ? el('span', { class: 'muted' }, [quiet]) : '']);
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

  /** The time scale every lane's bar shares: from the session's start (with its date when not today) to now. */
  function scale(model) {
    return el('div', { class: 'scale', 'aria-hidden': 'true' }, [el('span', {}, [format.timeLabel(model.from, model.to)]), el('span', {}, [`now ${format.timeLabel(model.to, model.to)}`])]);
  }

  function header(model) {
    return el('header', { class: 'board-head' }, [
      el('h1', {}, ['Session Board']),
      el('span', { class: 'goal', title: model.goal || '' }, [model.goal ? `Goal: ${model.goal}` : 'No session goal set']),
      el('span', { class: 'muted updated' }, [`updated ${format.timeLabel(model.generatedAt, Date.now(), { seconds: true })}`]),
      summaryStrip(model.lanes),
      model.usage ? usageFacts(model.usage) : '',
      scale(model),
    ]);
  }

  // ---- A lane ----

  function statePill(l) {
    return el('span', { class: 'state', 'data-state': l.state, title: l.stateLabel }, [icon(STATE_ICON[l.state] || 'circle-large'), l.stateLabel, l.state !== 'none' ? elapsed(l.since, ' · ') : '']);
  }

  function laneHead(l) {
    const what = l.waitingFor
      ? el('span', { class: 'task waiting-for', title: l.task ? `Task: ${l.task}` : '' }, [`Waiting: ${l.waitingFor}`])
      : el('span', { class: 'task', title: l.task || '' }, [l.task ? `Task: ${l.task}` : 'No task set']);
    const parts = format.countParts(l.counts);
    const head = el('div', { class: 'lane-head' }, [
      statePill(l),
      el('h2', {}, [`${l.id} `, el('span', { class: 'terminal' }, [l.terminal])]),
      what,
      el('span', { class: 'counts', title: l.started !== undefined ? `first activity ${format.timeLabel(l.started, Date.now())}` : '' }, [parts.length ? parts.join(' · ') : 'no activity yet']),
    ]);
    if (l.usage) head.append(usageFacts(l.usage));
    // Whether the domain's agent guard proved itself on its canary at launch (absent: not checked).
    if (l.guard) head.append(el('span', { class: `guard ${l.guard.armed ? 'armed' : 'unarmed'}`, title: l.guard.detail }, [l.guard.armed ? 'guard armed' : `guard NOT armed: ${l.guard.detail}`]));
    // Says what it does: focus the open terminal, or launch one (which starts the domain's agent).
    head.append(
      l.hasTerminal
        ? item('Focus Terminal', { kind: 'terminal', domain: l.id }, 'open-terminal', `Focus ${l.id}'s terminal`)
        : item('Launch Terminal', { kind: 'terminal', domain: l.id, launch: true }, 'open-terminal', `Open ${l.id}'s terminal and start its agent`),
    );
    return head;
  }

  /** Items before the session (older commits): one button before the bar, not a pile at its left edge. */
  function earlierItems(l, model) {
    const earlier = l.timeline.filter((t) => format.position(t.time, model.from, model.to).earlier);
    if (earlier.length === 0) return '';
    const latest = earlier[earlier.length - 1];
    const lines = earlier.slice(-6).map((t) => `${format.timeLabel(t.time, model.to)} ${t.label}`);
    return item(`${earlier.length} earlier`, latest.target, 'earlier', `Before this session:\n${lines.join('\n')}`);
  }

  function timelineBar(l, model) {
    const bar = el('div', { class: 'bar', role: 'list', 'aria-label': `${l.id} timeline` });
    for (const t of l.timeline) {
      const at = format.position(t.time, model.from, model.to);
      if (at.earlier) continue;
      const b = item('', t.target, `mark ${t.kind}`, `${format.timeLabel(t.time, model.to, { seconds: true })} ${t.label}`);
      b.append(icon(KIND_ICON[t.kind] || 'circle-small-filled'));
      b.style.left = `${at.percent.toFixed(2)}%`;
      b.setAttribute('role', 'listitem');
      bar.append(b);
    }
    return el('div', { class: 'track' }, [earlierItems(l, model), bar]);
  }

  function detailsSummary(l) {
    const c = l.counts;
    const parts = [format.plural(l.ownFiles.length, 'file'), format.plural(c.handoffsIn + c.handoffsOut, 'open handoff')];
    if (l.attemptedFiles.length) parts.push(format.plural(l.attemptedFiles.length, 'off-limits attempt'));
    return el('summary', { 'data-key': `details|${l.id}` }, [`Details: ${parts.join(' · ')}${l.name && l.name !== l.id ? ` · ${l.name}` : ''}`]);
  }

  function detailsGrid(l, model) {
    const recent = l.timeline
      .slice(-8)
      .reverse()
      .map((t) => item(`${format.timeLabel(t.time, model.to, { seconds: true })} ${t.label}`, t.target, t.kind));
    return el('div', { class: 'grid' }, [
      list('Files edited', l.ownFiles.map((f) => item(f, { kind: 'file', path: f }, 'file')), 'None yet.'),
      list('Off-limits attempts', l.attemptedFiles.map((f) => item(`${f.path} (${f.owner})`, { kind: 'file', path: f.path }, 'attempt')), 'None.'),
      list('Commits', l.commits.map((k) => item(`${k.shortHash} ${k.subject} · ${format.timeLabel(k.time, model.to)}`, { kind: 'commit', hash: k.hash, path: k.files[0] && k.files[0].path, status: k.files[0] && k.files[0].status }, 'commit')), 'None yet.'),
      list('Handoffs to it', l.handoffsIn.map((h) => item(`${h.from}: ${h.summary}${h.blocking ? ' (blocking)' : ''}`, { kind: 'handoff', file: h.file, line: h.line }, 'handoff')), 'None open.'),
      list('Handoffs from it', l.handoffsOut.map((h) => item(`→ ${h.to}: ${h.summary}${h.blocking ? ' (blocking)' : ''}`, { kind: 'handoff', file: h.file, line: h.line }, 'handoff')), 'None open.'),
      list('Recent', recent, 'Nothing yet.'),
    ]);
  }

  function laneDetails(l, model) {
    const details = el('details', { 'data-domain': l.id }, [detailsSummary(l), detailsGrid(l, model)]);
    if (openDetails.has(l.id)) details.setAttribute('open', '');
    details.addEventListener('toggle', () => {
      if (/** @type {HTMLDetailsElement} */ (details).open) openDetails.add(l.id);
      else openDetails.delete(l.id);
      vscode.setState({ open: [...openDetails] });
    });
    return details;
  }

  function lane(l, model) {
    return el('section', { class: `lane ${l.state}`, 'data-domain': l.id, 'data-state': l.state, 'aria-label': `${l.id}: ${l.stateLabel}` }, [laneHead(l), timelineBar(l, model), laneDetails(l, model)]);
  }

  // ---- The page ----

  function render(model) {
    if (!model) {
      root.replaceChildren(el('p', { class: 'empty' }, ['No domain map in this workspace.']));
      return;
    }
    // A new model redraws the page: the keyboard focus goes back to the same item.
    const focused = document.activeElement && root.contains(document.activeElement) ? document.activeElement.getAttribute('data-key') : null;
    root.replaceChildren(header(model), ...model.lanes.map((l) => lane(l, model)));
    const again = focused === null ? undefined : [...root.querySelectorAll('[data-key]')].find((n) => n.getAttribute('data-key') === focused);
    if (again instanceof HTMLElement) again.focus();
  }

  /** What is on the page, read back from the DOM (tests): not the model, the rendering of it. */
  function report() {
    const lanes = [...root.querySelectorAll('section.lane')].map((s) => ({ id: s.getAttribute('data-domain'), state: s.getAttribute('data-state'), text: s.textContent, items: s.querySelectorAll('button.item').length }));
    /** @type {Record<string, number>} */
    const summary = {};
    for (const chip of root.querySelectorAll('.summary .chip')) summary[chip.getAttribute('data-state') || ''] = Number(chip.getAttribute('data-count'));
    const strip = root.querySelector('.summary');
    vscode.postMessage({ type: 'rendered', board: { lanes, summary, summaryText: strip ? strip.textContent : '', scale: (root.querySelector('.scale') || { textContent: '' }).textContent } });
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m && m.type === 'model') render(m.model);
    else if (m && m.type === 'report') report();
  });
  // Elapsed times move without new data: rewritten in place (a full render would take the keyboard focus away).
  setInterval(() => {
    for (const span of root.querySelectorAll('.elapsed')) span.textContent = (span.getAttribute('data-prefix') || '') + format.duration(Date.now() - Number(span.getAttribute('data-since')));
  }, 5000);
  vscode.postMessage({ type: 'ready' });
})();
