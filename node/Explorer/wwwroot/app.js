// ChainNode explorer: a small single-page app over the node's /api/ and /api/events.
// No libraries, no external assets: the page works on an offline machine.
'use strict';

const view = document.getElementById('view');
const connection = document.getElementById('connection');
const numberFormat = new Intl.NumberFormat('en-US');
const state = { status: null, recent: [], events: null, dashboard: false };

const fmt = (n) => (n === null || n === undefined ? '—' : numberFormat.format(n));
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const short = (h) => (!h ? '—' : h.length > 20 ? `${h.slice(0, 10)}…${h.slice(-6)}` : h);
const ago = (ms) => {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s ago` : `${Math.floor(s / 3600)} h ago`;
};
const time = (ms) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

function hashLink(kind, value) {
  if (!value) return '—';
  return `<a class="hash" href="#/${kind}/${esc(value)}" title="${esc(value)}">${esc(short(value))}</a>` +
    `<button class="link copy" type="button" data-copy="${esc(value)}" title="Copy" aria-label="Copy ${esc(value)}">copy</button>`;
}

document.addEventListener('click', async (e) => {
  const button = e.target.closest('[data-copy]');
  if (!button) return;
  const text = button.getAttribute('data-copy');
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  button.textContent = 'copied';
  setTimeout(() => { button.textContent = 'copy'; }, 1200);
});

async function api(path) {
  const response = await fetch(path, { cache: 'no-store' });
  const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw Object.assign(new Error(body.error || `HTTP ${response.status}`), { status: response.status });
  return body;
}

function showError(error) {
  const text = error.status === 404 ? error.message : `Could not load: ${error.message}`;
  view.innerHTML = `<div class="notice" data-testid="not-found">${esc(text)}</div>`;
}

// ---- live updates -------------------------------------------------------------------------

function connect() {
  const events = new EventSource('/api/events');
  state.events = events;
  events.onopen = () => { connection.textContent = 'live'; connection.className = 'connection live'; };
  events.onerror = () => { connection.textContent = 'reconnecting…'; connection.className = 'connection reconnecting'; };
  events.addEventListener('status', (e) => {
    state.status = JSON.parse(e.data);
    document.getElementById('chain').textContent = `${state.status.chainId} · served by ${state.status.node}`;
    if (state.dashboard) renderStatus();
  });
  events.addEventListener('block', (e) => {
    const block = JSON.parse(e.data);
    if (state.recent.length && block.height <= state.recent[0].height) return;
    state.recent.unshift(block);
    state.recent.length = Math.min(state.recent.length, 60);
    if (state.status && block.height > state.status.height) {
      state.status.height = block.height;
      state.status.headTimeMs = block.timeMs;
    }
    if (state.dashboard) { renderStatus(); renderRecent(); drawChart(); }
  });
}

// ---- pages --------------------------------------------------------------------------------

async function dashboard() {
  state.dashboard = true;
  view.innerHTML = `
    <h1>Dashboard</h1>
    <section class="cards">
      <div class="card"><div class="label">Height</div><div class="value" id="height" data-testid="height">—</div></div>
      <div class="card"><div class="label">Last block</div><div class="value" id="since">—</div></div>
      <div class="card"><div class="label">View · primary</div><div class="value" id="view-primary">—</div></div>
      <div class="card"><div class="label">Mempool</div><div class="value" id="mempool">—</div></div>
    </section>
    <h2>Txs per block and block interval</h2>
    <div class="panel"><canvas id="chart" width="900" height="180" aria-label="txs per block and block interval"></canvas>
      <div class="legend"><i style="background:#2f6feb"></i>txs per block<i style="background:#c98a00"></i>interval (s)</div></div>
    <h2>Validators</h2>
    <div class="panel"><table><thead><tr><th>Validator</th><th>Status</th><th>Height</th><th>Last seen</th><th>Proposed</th><th>Signed</th></tr></thead><tbody id="validators"></tbody></table></div>
    <h2>Latest blocks</h2>
    <div class="panel"><table><thead><tr><th>Height</th><th>Hash</th><th>Txs</th><th>Age</th><th>Signers</th></tr></thead><tbody id="recent"></tbody></table></div>`;
  try {
    const [status, page] = await Promise.all([api('/api/status'), api('/api/blocks?limit=60')]);
    state.status = state.status && state.status.height > status.height ? state.status : status;
    const known = new Set(state.recent.map((b) => b.height));
    for (const b of page.blocks) if (!known.has(b.height)) state.recent.push(b);
    state.recent.sort((a, b) => b.height - a.height);
    state.recent.length = Math.min(state.recent.length, 60);
  } catch (error) {
    if (!state.status) { showError(error); return; }
  }
  renderStatus();
  renderRecent();
  drawChart();
}

function renderStatus() {
  const s = state.status;
  if (!s || !document.getElementById('height')) return;
  document.getElementById('height').textContent = fmt(s.height);
  document.getElementById('since').textContent = ago(s.headTimeMs);
  document.getElementById('view-primary').textContent = `${fmt(s.view)} · ${s.validators[s.primary]?.name ?? s.primary}`;
  document.getElementById('mempool').textContent = `${fmt(s.mempoolTxs)} txs`;
  document.getElementById('validators').innerHTML = s.validators.map((v) => `
    <tr><td>${esc(v.name)}${v.isSelf ? ' <span class="muted">(this node)</span>' : ''}${v.isPrimary ? ' <span class="muted">primary</span>' : ''}</td>
      <td><span class="badge ${esc(v.status)}">${esc(v.status)}</span></td><td>${fmt(v.height)}</td>
      <td>${v.lastSeenMs ? ago(v.lastSeenMs) : 'never'}</td><td>${fmt(v.proposed)}</td><td>${fmt(v.signed)}</td></tr>`).join('');
}

function renderRecent() {
  const body = document.getElementById('recent');
  if (!body) return;
  body.innerHTML = state.recent.slice(0, 10).map((b) => `
    <tr><td><a href="#/block/${b.height}">${fmt(b.height)}</a></td><td>${hashLink('block', b.hash)}</td>
      <td>${fmt(b.txCount)}</td><td>${ago(b.timeMs)}</td><td>${fmt(b.signers)}</td></tr>`).join('');
}

function drawChart() {
  const canvas = document.getElementById('chart');
  if (!canvas) return;
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 900;
  const height = 180;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  g.clearRect(0, 0, width, height);
  const blocks = state.recent.slice(0, 60).reverse();
  if (blocks.length < 2) return;
  const maxTxs = Math.max(1, ...blocks.map((b) => b.txCount));
  const intervals = blocks.map((b, i) => (i === 0 ? 0 : (b.timeMs - blocks[i - 1].timeMs) / 1000));
  const maxInterval = Math.max(0.001, ...intervals);
  const step = width / blocks.length;
  g.fillStyle = '#2f6feb';
  blocks.forEach((b, i) => {
    const h = (b.txCount / maxTxs) * (height - 24);
    g.fillRect(i * step + 1, height - 12 - h, Math.max(1, step - 2), h);
  });
  g.strokeStyle = '#c98a00';
  g.lineWidth = 2;
  g.beginPath();
  intervals.forEach((v, i) => {
    if (i === 0) return;
    const x = i * step + step / 2;
    const y = height - 12 - (v / maxInterval) * (height - 24);
    if (i === 1) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
  g.fillStyle = '#667085';
  g.font = '11px system-ui';
  g.fillText(`max ${fmt(maxTxs)} txs · ${maxInterval.toFixed(2)} s`, 4, 11);
}

async function blocks(params) {
  const before = params.get('before');
  const page = await api(`/api/blocks?limit=20${before ? `&before=${encodeURIComponent(before)}` : ''}`);
  const newer = page.blocks.length && page.blocks[0].height < page.head ? page.blocks[0].height + 21 : null;
  view.innerHTML = `
    <h1>Blocks</h1>
    <div class="panel"><table><thead><tr><th>Height</th><th>Hash</th><th>Time</th><th>Txs</th><th>Proposer</th><th>View</th><th>Signers</th></tr></thead>
    <tbody>${page.blocks.map((b) => `<tr><td><a href="#/block/${b.height}">${fmt(b.height)}</a></td><td>${hashLink('block', b.hash)}</td>
      <td>${time(b.timeMs)}</td><td>${fmt(b.txCount)}</td><td>${esc(b.proposer ?? '—')}</td><td>${fmt(b.view)}</td><td>${fmt(b.signers)}</td></tr>`).join('')}</tbody></table>
    <div class="pager">
      <button type="button" ${newer ? '' : 'disabled'} onclick="location.hash='#/blocks${newer ? `?before=${newer}` : ''}'">Newer</button>
      <button type="button" ${page.next ? '' : 'disabled'} onclick="location.hash='#/blocks?before=${page.next}'">Older</button>
    </div></div>`;
}

async function block(id) {
  const b = await api(`/api/blocks/${encodeURIComponent(id)}`);
  view.innerHTML = `
    <h1>Block ${fmt(b.height)}</h1>
    <div class="panel"><dl class="fields">
      <dt>Hash</dt><dd class="hash">${esc(b.hash)} <button class="link copy" type="button" data-copy="${esc(b.hash)}">copy</button></dd>
      <dt>Previous</dt><dd>${b.height > 0 ? hashLink('block', b.previousHash) : '—'}</dd>
      <dt>Time</dt><dd>${time(b.timeMs)} (${ago(b.timeMs)})</dd>
      <dt>Proposer</dt><dd>${b.proposer ? `${esc(b.proposer.name ?? '')} ${hashLink('account', b.proposer.address)}` : '—'}</dd>
      <dt>View</dt><dd>${fmt(b.view)}</dd>
      <dt>State root</dt><dd class="hash">${esc(b.stateRoot)}</dd>
      <dt>Tx root</dt><dd class="hash">${esc(b.txRoot)}</dd>
    </dl></div>
    <h2>Commit certificate</h2>
    <div class="panel"><p data-testid="validator-set">Validator set in force: from height <a href="#/validators?height=${b.height}">${fmt(b.validatorSet.startHeight)}</a>
      (${esc(b.validatorSet.validators.join(', '))}; quorum ${fmt(b.validatorSet.quorum)})</p>
      ${b.certificate ? `<p>${b.certificate.signers.length} signatures in view ${fmt(b.certificate.view)}</p>
      <table><thead><tr><th>#</th><th>Validator</th></tr></thead><tbody>${b.certificate.signers.map((s) => `<tr data-testid="signer"><td>${s.index}</td><td>${esc(s.name)}</td></tr>`).join('')}</tbody></table>`
      : '<p class="muted">Genesis: vouched for by genesis.json, no certificate.</p>'}</div>
    <h2>Transactions (${fmt(b.txs.length)})</h2>
    <div class="panel">${txTable(b.txs)}</div>`;
}

function txTable(txs) {
  if (!txs.length) return '<p class="muted">None.</p>';
  return `<table><thead><tr><th>Tx</th><th>Status</th><th>Kind</th><th>From</th><th>To</th><th>Amount</th></tr></thead><tbody>${txs.map((t) => `
    <tr><td>${hashLink('tx', t.hash)}</td><td><span class="badge ${esc(t.status)}">${esc(t.status)}</span></td><td>${esc(t.kind)}</td>
      <td>${hashLink('account', t.from)}</td><td>${hashLink('account', t.to)}</td><td>${fmt(t.amount)}</td></tr>`).join('')}</tbody></table>`;
}

async function tx(hash) {
  const t = await api(`/api/txs/${encodeURIComponent(hash)}`);
  const s = t.summary;
  view.innerHTML = `
    <h1>Transaction</h1>
    <div class="panel"><dl class="fields">
      <dt>Hash</dt><dd class="hash">${esc(s.hash)} <button class="link copy" type="button" data-copy="${esc(s.hash)}">copy</button></dd>
      <dt>Status</dt><dd><span class="badge ${esc(s.status)}" data-testid="tx-status">${esc(s.status)}</span></dd>
      <dt>Block</dt><dd>${s.height !== null && s.height !== undefined ? `<a href="#/block/${s.height}">${fmt(s.height)}</a> ${hashLink('block', t.blockHash)}` : 'not yet in a block'}</dd>
      <dt>From</dt><dd>${hashLink('account', s.from)}</dd>
      <dt>${s.kind === 'call' ? 'Contract' : s.kind === 'deploy' ? 'Created contract' : 'To'}</dt><dd>${hashLink('account', s.to)}</dd>
      <dt>Kind</dt><dd>${esc(s.kind)}</dd>
      <dt>Amount</dt><dd data-testid="tx-amount">${fmt(s.amount)}</dd>
      <dt>Nonce</dt><dd>${fmt(t.nonce)}</dd>
      <dt>Gas used</dt><dd>${s.gasUsed !== null && s.gasUsed !== undefined ? `${fmt(s.gasUsed)} of ${fmt(t.gasLimit)}` : `limit ${fmt(t.gasLimit)}`}</dd>
      ${s.error ? `<dt>Revert reason</dt><dd data-testid="tx-error">${esc(s.error)}</dd>` : ''}
      ${t.returnData ? `<dt>Return data</dt><dd class="hash">0x${esc(t.returnData)}</dd>` : ''}
    </dl></div>
    <h2>Events (${t.events.length})</h2>
    <div class="panel">${t.events.length ? `<table><thead><tr><th>Contract</th><th>Topic</th><th>Data</th></tr></thead><tbody>${t.events.map((e) => `
      <tr><td>${hashLink('account', e.contract)}</td><td class="hash" title="${esc(e.topic)}">${esc(short(e.topic))}</td><td class="hash">${esc(short(e.data))}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">None.</p>'}</div>`;
}

async function account(address, params) {
  const before = params.get('before');
  const a = await api(`/api/accounts/${encodeURIComponent(address)}?limit=20${before ? `&before=${encodeURIComponent(before)}` : ''}`);
  view.innerHTML = `
    <h1>Account</h1>
    <div class="panel"><dl class="fields">
      <dt>Address</dt><dd class="hash">${esc(a.address)} <button class="link copy" type="button" data-copy="${esc(a.address)}">copy</button></dd>
      <dt>Balance</dt><dd data-testid="balance">${fmt(a.balance)}</dd>
      <dt>Nonce</dt><dd>${fmt(a.nonce)}</dd>
      <dt>Member</dt><dd>${a.member ? 'yes' : 'no'}</dd>
      ${a.codeHash ? `<dt>Code hash</dt><dd class="hash">${esc(a.codeHash)}</dd>` : ''}
    </dl></div>
    ${a.functions ? `<h2>Contract functions</h2><div class="panel"><p class="muted">From the deployed code: selectors and types (names are not stored on chain).</p>
      <table><thead><tr><th>Function</th><th>Returns</th><th></th></tr></thead><tbody>${a.functions.map((f) => `
      <tr><td class="hash">${esc(f.signature)}</td><td>${esc(f.returns ?? '—')}</td><td>${f.view ? 'view' : ''} ${f.payable ? 'payable' : ''}</td></tr>`).join('')}</tbody></table></div>` : ''}
    <h2>Transactions, newest first</h2>
    <div class="panel">${txTable(a.txs)}
      <div class="pager"><button type="button" ${before ? '' : 'disabled'} onclick="location.hash='#/account/${esc(a.address)}'">Newest</button>
      <button type="button" ${a.next ? '' : 'disabled'} onclick="location.hash='#/account/${esc(a.address)}?before=${esc(a.next ?? '')}'">Older</button></div></div>`;
}

// ---- governance ---------------------------------------------------------------------------

function epochTable(epoch) {
  return `<table><thead><tr><th>#</th><th>Name</th><th>Account</th><th>Peer address</th><th>Public key</th></tr></thead><tbody>${epoch.validators.map((v) => `
    <tr data-testid="validator"><td>${v.index}</td><td>${esc(v.name)}</td><td>${hashLink('account', v.address)}</td><td>${esc(v.networkAddress)}</td>
      <td class="hash" title="${esc(v.publicKey)}">${esc(short(v.publicKey))}</td></tr>`).join('')}</tbody></table>`;
}

async function validators(params) {
  const height = params.get('height');
  const [set, m] = await Promise.all([api(`/api/validators${height ? `?height=${encodeURIComponent(height)}` : ''}`), api('/api/members')]);
  const e = set.epoch;
  const next = set.nextEpoch;
  view.innerHTML = `
    <h1>Validators ${height ? `at height ${fmt(set.height)}` : ''}</h1>
    <div class="panel"><p data-testid="epoch">${e.validators.length} validators in force from height ${fmt(e.startHeight)}: tolerates f = ${e.faultsTolerated}, quorum ${e.quorum}.
      Blocks every ${fmt(e.parameters.targetBlockIntervalMs)} ms, at most ${fmt(e.parameters.maxTxsPerBlock)} txs; gas price ${fmt(e.parameters.gasPrice)}.</p>
      ${epochTable(e)}</div>
    ${next ? `<h2>${next.startHeight > set.headHeight ? 'Scheduled' : 'Next'} set, from height ${fmt(next.startHeight)}</h2><div class="panel" data-testid="next-epoch">${epochTable(next)}</div>` : ''}
    <h2>Members (${fmt(m.members.length)})</h2>
    <div class="panel"><p>${fmt(m.admins.length)} admin(s); a proposal needs ${fmt(m.threshold)} approval(s) and expires after ${fmt(m.proposalLifetimeBlocks)} blocks.</p>
      <table><thead><tr><th>Address</th><th>Role</th></tr></thead><tbody>${m.members.map((a) => `
      <tr data-testid="member"><td>${hashLink('account', a.address)}</td><td>${a.admin ? '<span class="badge committed">admin</span>' : 'member'}</td></tr>`).join('')}</tbody></table></div>`;
}

async function governance(params) {
  const all = params.get('all') !== '0';
  const g = await api(`/api/governance?all=${all ? 1 : 0}`);
  view.innerHTML = `
    <h1>Governance</h1>
    <div class="panel"><p>${all ? 'All proposals' : 'Open proposals'}, newest first, as of height ${fmt(g.height)}.
      <a href="#/governance?all=${all ? 0 : 1}">${all ? 'Show open only' : 'Show all'}</a></p>
    ${g.proposals.length ? `<table data-testid="proposals"><thead><tr><th>Proposal</th><th>Action</th><th>Proposer</th><th>Approvals</th><th>Status</th><th>Created</th><th>Executed</th><th>Takes effect</th></tr></thead><tbody>${g.proposals.map((p) => `
      <tr data-testid="proposal"><td class="hash" title="${esc(p.id)}">${esc(short(p.id))}</td><td>${esc(p.action)}</td><td>${hashLink('account', p.proposer)}</td>
        <td title="${esc(p.approvals.join(' '))}">${p.approvals.length} of ${p.threshold}</td>
        <td><span class="badge ${p.status === 'executed' ? 'committed' : p.status === 'pending' ? 'pending' : 'failed'}">${esc(p.status)}</span>${p.error ? ` ${esc(p.error)}` : ''}</td>
        <td><a href="#/block/${p.createdHeight}">${fmt(p.createdHeight)}</a></td>
        <td>${p.executedHeight ? `<a href="#/block/${p.executedHeight}">${fmt(p.executedHeight)}</a>` : '—'}</td>
        <td>${p.takesEffectHeight ? `<a href="#/validators?height=${p.takesEffectHeight}">${fmt(p.takesEffectHeight)}</a>` : '—'}</td></tr>`).join('')}</tbody></table>`
      : '<p class="muted" data-testid="no-proposals">No proposals yet. Admins make them with chain-wallet admin …</p>'}</div>`;
}

// ---- search and routing -------------------------------------------------------------------

document.getElementById('search').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = document.getElementById('search-input').value.trim();
  if (!q) return;
  const notFound = (message) => {
    state.dashboard = false;
    view.innerHTML = `<div class="notice" data-testid="not-found">Not found: “${esc(q)}” — ${esc(message)}</div>`;
  };
  try {
    const found = await api(`/api/search?q=${encodeURIComponent(q)}`);
    if (found.kind) location.hash = `#/${found.kind}/${found.id}`;
    else notFound(found.message);
  } catch (error) {
    notFound(error.message);
  }
});

async function route() {
  const [path, query] = (location.hash.slice(1) || '/').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean);
  state.dashboard = false;
  try {
    if (parts.length === 0) await dashboard();
    else if (parts[0] === 'blocks') await blocks(params);
    else if (parts[0] === 'block' && parts[1]) await block(parts[1]);
    else if (parts[0] === 'tx' && parts[1]) await tx(parts[1]);
    else if (parts[0] === 'account' && parts[1]) await account(parts[1], params);
    else if (parts[0] === 'validators') await validators(params);
    else if (parts[0] === 'governance') await governance(params);
    else view.innerHTML = '<div class="notice" data-testid="not-found">Not found: no such page.</div>';
  } catch (error) {
    showError(error);
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('resize', () => { if (state.dashboard) drawChart(); });
setInterval(() => { if (state.dashboard) { renderStatus(); renderRecent(); } }, 1000);
connect();
route();
