// The Pulse dashboard: one unit of the tree and one period, its views, the views of its child
// units side by side, its campaigns with one campaign unit by unit, kept live by the stream of
// SPEC.md §6.
//
// The URL holds what is shown (?unit=DB&period=2023-Q4&lang=vi&sort=rate&campaign=…&csort=-held) so
// every view is a link.

import { api, ApiError, getHealth, saveToken, token } from './api.js';
import { barListHtml, escapeHtml, legendHtml, ringSvg, stackedBarHtml, trendSvg } from './charts.js';
import {
  formatNumber, formatPercent, formatPercentShort, formatTime, language, LANGUAGES, monthName, monthShortName,
  setLanguage, t,
} from './i18n.js';
import { LiveFeed } from './live.js';
import {
  asKind, containsMonth, parsePeriod, periodLabel, periodText, shift, today, trendMonths,
} from './periods.js';

const ROOT_UNIT = 'DB';
const HEALTH_EVERY_MS = 10000;
const RETRY_NOT_READY_MS = 2500;
const CHANNELS = ['ZALO', 'FACEBOOK', 'FANPAGE', 'WEBSITE', 'OTHER'];
const MODES = [
  { key: 'inPerson', className: 'fill-inperson' },
  { key: 'online', className: 'fill-online' },
  { key: 'hybrid', className: 'fill-hybrid' },
];

/** The drill-down columns: where each figure comes from, and how it reads. */
const COLUMNS = [
  { key: 'name', type: 'text', value: (c) => c.unit.name },
  { key: 'rate', value: (c) => c.p?.rate ?? null, format: formatPercent, bar: true },
  { key: 'eligible', value: (c) => c.p?.eligible },
  { key: 'participants', value: (c) => c.p?.participants },
  { key: 'held', value: (c) => c.a?.held },
  { key: 'publicised', value: (c) => c.a?.publicised },
  { key: 'supported', value: (c) => c.v?.supportedHouseholds, yearly: true },
  { key: 'exited', value: (c) => c.v?.exitedHouseholds, yearly: true },
];

/**
 * The campaigns panel's columns, for the unit's campaigns and for one campaign's sub-units alike:
 * the first names the campaign, or the sub-unit.
 */
const CAMPAIGN_COLUMNS = [
  { key: 'name', type: 'text' },
  { key: 'held', value: (r) => r.held },
  { key: 'attendances', value: (r) => r.attendances },
  { key: 'participants', value: (r) => r.participants },
  { key: 'branches', value: (r) => share(r.branchesHolding, r.branches), format: formatPercent, bar: true },
];
/** The API's order of a unit's campaigns (SPEC.md §6): most activities held first. */
const CAMPAIGN_SORT = { key: 'held', dir: 'desc' };

const state = {
  unitId: ROOT_UNIT,
  period: null,
  sort: { key: 'name', dir: 'asc' },
  campaignSort: CAMPAIGN_SORT,
  campaigns: noCampaigns(null),
  unit: null,
  ancestors: [],
  children: [],
  row: { participation: null, activities: null, poverty: null },
  trend: new Map(),
  kids: { participation: new Map(), activities: new Map(), poverty: new Map() },
  generation: 0,
  abort: null,
  feed: null,
  feedUnit: null,
  asOf: null,
  lastLive: null,
  retryTimer: null,
  refreshTimer: null,
  pendingRender: false,
  pendingLive: false,
  /** `unit|period` once every row of it is on the page. */
  shownKey: null,
  /** `unit|period` of the breadcrumbs and pickers drawn. */
  renderedKey: null,
};

const unitCache = new Map();
const $ = (id) => document.getElementById(id);

// ---- start ---------------------------------------------------------------------------------

function start() {
  readUrl();
  wireControls();
  applyStaticTexts();
  renderLive('connecting');
  pollHealth();
  navigate({ history: 'replace' });
  // A page left for another keeps no stream open: browsers allow six connections to a server, and
  // streams held by pages kept for the back button would starve this page's requests.
  window.addEventListener('pagehide', () => {
    state.feed?.close();
    state.feed = null;
    state.feedUnit = null;
  });
  window.addEventListener('pageshow', (e) => {
    if (e.persisted && state.unitId) openFeed();
  });
  window.addEventListener('popstate', () => {
    readUrl();
    applyStaticTexts();
    navigate({ history: 'none' });
  });
  new ResizeObserver(() => renderTrend()).observe($('trend-chart'));
}

function readUrl() {
  const q = new URLSearchParams(location.search);
  state.unitId = (q.get('unit') || ROOT_UNIT).trim();
  state.period = parsePeriod(q.get('period'));
  let lang = q.get('lang');
  if (!LANGUAGES.includes(lang)) lang = storedLanguage();
  setLanguage(lang);
  const sort = q.get('sort') || '';
  const key = sort.replace(/^-/, '');
  state.sort = COLUMNS.some((c) => c.key === key)
    ? { key, dir: sort.startsWith('-') ? 'desc' : 'asc' }
    : { key: 'name', dir: 'asc' };
  state.campaigns.selected = (q.get('campaign') || '').trim() || null;
  const csort = q.get('csort') || '';
  const ckey = csort.replace(/^-/, '');
  state.campaignSort = CAMPAIGN_COLUMNS.some((c) => c.key === ckey)
    ? { key: ckey, dir: csort.startsWith('-') ? 'desc' : 'asc' }
    : CAMPAIGN_SORT;
}

function storedLanguage() {
  try {
    return localStorage.getItem('pulse.lang') || 'vi';
  } catch {
    return 'vi';
  }
}

function urlFor(unitId, period = state.period) {
  const q = new URLSearchParams();
  q.set('unit', unitId);
  if (period) q.set('period', periodText(period));
  q.set('lang', language());
  if (state.sort.key !== 'name' || state.sort.dir !== 'asc') {
    q.set('sort', (state.sort.dir === 'desc' ? '-' : '') + state.sort.key);
  }
  // The campaign open in the panel stays open on the sub-unit a link leads to.
  if (state.campaigns.selected) q.set('campaign', state.campaigns.selected);
  if (state.campaignSort.key !== CAMPAIGN_SORT.key || state.campaignSort.dir !== CAMPAIGN_SORT.dir) {
    q.set('csort', (state.campaignSort.dir === 'desc' ? '-' : '') + state.campaignSort.key);
  }
  return `${location.pathname}?${q}`;
}

function writeUrl(mode) {
  const url = urlFor(state.unitId);
  if (mode === 'push') history.pushState(null, '', url);
  else if (mode === 'replace') history.replaceState(null, '', url);
}

// ---- navigation and loading ----------------------------------------------------------------

/** Shows state.unitId and state.period afresh: everything is fetched again, the stream follows the unit. */
function navigate({ history: mode }) {
  state.generation++;
  state.abort?.abort();
  clearTimeout(state.retryTimer);
  state.abort = new AbortController();
  state.row = { participation: null, activities: null, poverty: null };
  state.trend = new Map();
  state.kids = { participation: new Map(), activities: new Map(), poverty: new Map() };
  state.campaigns = noCampaigns(state.campaigns.selected);
  clearShownValues();
  state.shownKey = null;
  state.unit = null; // nothing is drawn for the new unit until its tree and rows are in
  delete document.body.dataset.shown;
  document.body.classList.add('loading');
  if (state.feedUnit !== state.unitId) openFeed();
  // The address changes at once when it is known; a period still to be chosen changes it after.
  if (state.period) writeUrl(mode);
  load({
    generation: state.generation,
    signal: state.abort.signal,
    historyMode: state.period ? null : 'replace',
    highlightChanges: false,
  });
}

/**
 * Fetches the tree and every row for state.unitId and state.period, then draws them.
 *
 * @param highlightChanges light up the figures that differ from those shown (a reload after a
 *     reconnection), rather than drawing a new page
 */
async function load({ generation, signal, historyMode, highlightChanges }) {
  const current = () => generation === state.generation && !signal.aborted;
  try {
    // The tree (for the breadcrumbs and the table) and the figures do not wait for each other.
    const periodChosen = state.period ? Promise.resolve() : defaultPeriod(state.unitId, signal).then((p) => {
      if (current()) state.period = p;
    });
    const [tree, figures, campaigns] = await Promise.all([
      unitPath(state.unitId, signal),
      periodChosen.then(() => viewRows(state.unitId, state.period, signal)),
      periodChosen.then(() => campaignRows(state.unitId, state.period, state.campaigns.selected, signal)),
    ]);
    if (!current()) return;
    state.unit = tree.unit;
    state.ancestors = tree.ancestors;
    state.children = tree.children;
    figures.forEach(([view, row]) => acceptRow(view, row));
    const campaignClosed = acceptCampaigns(campaigns);
    if (historyMode) writeUrl(historyMode);
    else if (campaignClosed) writeUrl('replace');
    state.asOf = new Date();
    state.shownKey = `${state.unitId}|${periodText(state.period)}`;
    state.renderedKey = null; // the tree may have changed too: breadcrumbs and pickers are drawn again
    hideNotice();
    render(highlightChanges);
  } catch (e) {
    if (e.name === 'AbortError' || !current()) return;
    failed(e, generation);
  }
}

/** Every row the page shows for a unit and period: its own, its children's, and twelve months of trend. */
async function viewRows(u, period, signal) {
  const p = periodText(period);
  const year = period.year;
  const o = { signal };
  const tag = (view) => (row) => [view, row];
  const tagAll = (view) => (rows) => rows.map((row) => [view, row]);
  const parts = await Promise.all([
    api.participation(u, p, o).then(tag('participation')).then((x) => [x]),
    api.participationChildren(u, p, o).then(tagAll('participation')),
    api.activities(u, p, o).then(tag('activities')).then((x) => [x]),
    api.activitiesChildren(u, p, o).then(tagAll('activities')),
    api.poverty(u, year, o).then(tag('poverty')).then((x) => [x]),
    api.povertyChildren(u, year, o).then(tagAll('poverty')),
    Promise.all(trendMonths(period).map((m) => api.participation(u, periodText(m), o).then(tag('participation')))),
  ]);
  return parts.flat();
}

/**
 * The unit's campaigns in the period and, when one is open, that campaign's row of each sub-unit.
 * The single engine computes no campaigns (501): the panel says so, and the rest of the page is drawn.
 */
async function campaignRows(u, period, selected, signal) {
  const p = periodText(period);
  const o = { signal };
  try {
    const [rows, kids] = await Promise.all([
      api.campaigns(u, p, o),
      // A campaign in the URL that is no campaign name (400) just closes.
      selected ? api.campaignChildren(u, p, selected, o).catch((e) => {
        if (e instanceof ApiError && e.status === 400) return null;
        throw e;
      }) : null,
    ]);
    return { available: true, rows, kids: kids ?? [], kidsFor: kids ? selected : null };
  } catch (e) {
    if (e instanceof ApiError && e.status === 501) return { available: false, rows: [], kids: [], kidsFor: null };
    throw e;
  }
}

function failed(e, generation) {
  if (!(e instanceof ApiError)) {
    showNotice(t('loadFailed', { message: e.message }));
    return;
  }
  if (e.status === 401) {
    askForToken(Boolean(token()));
    return;
  }
  if (e.status === 404 && e.path.startsWith('/api/v1/units/')) {
    document.body.classList.remove('loading');
    showNotice(t('unknownUnit', { unit: state.unitId }));
    return;
  }
  if (e.status === 503 || e.status === 404 || e.status === 0) {
    // The views are restoring, or do not know this unit yet though the tree does: they catch up.
    showNotice(t('notReady'));
    state.retryTimer = setTimeout(() => {
      if (generation === state.generation) reload();
    }, RETRY_NOT_READY_MS);
    return;
  }
  showNotice(t('loadFailed', { message: e.message }));
}

/** Fetches everything again for the same unit and period, keeping what is shown until it lands. */
function reload() {
  state.generation++;
  state.abort?.abort();
  state.abort = new AbortController();
  load({ generation: state.generation, signal: state.abort.signal, historyMode: null, highlightChanges: true });
}

function scheduleReload() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(reload, 800);
}

/** The unit, its children, and its ancestors from the root down (the breadcrumbs). */
async function unitPath(unitId, signal) {
  const here = await unitInfo(unitId, signal, true);
  const ancestors = [];
  let parent = here.parent;
  const seen = new Set([unitId]);
  while (parent && !seen.has(parent.unitId) && ancestors.length < 8) {
    seen.add(parent.unitId);
    ancestors.unshift(parent);
    const info = await unitInfo(parent.unitId, signal, false);
    parent = info.parent;
  }
  return { unit: here.unit, ancestors, children: here.children };
}

async function unitInfo(unitId, signal, fresh) {
  if (!fresh && unitCache.has(unitId)) return unitCache.get(unitId);
  const info = await api.unit(unitId, { signal });
  unitCache.set(unitId, info);
  return info;
}

/**
 * Without ?period=, the latest quarter (up to today) in which the unit held activities: the demo
 * and imported histories end in the past, and an empty current quarter tells a reader nothing.
 */
async function defaultPeriod(unitId, signal) {
  const now = today();
  const heldIn = async (period) => {
    try {
      return (await api.activities(unitId, period, { signal })).held > 0;
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      return false;
    }
  };
  const years = Array.from({ length: 6 }, (_, i) => now.year - i);
  const active = await Promise.all(years.map((y) => heldIn(String(y))));
  const year = years.find((_, i) => active[i]);
  if (year == null) return { kind: 'quarter', year: now.year, index: Math.ceil(now.month / 3) };
  const lastQuarter = year === now.year ? Math.ceil(now.month / 3) : 4;
  const quarters = Array.from({ length: lastQuarter }, (_, i) => lastQuarter - i);
  const held = await Promise.all(quarters.map((q) => heldIn(`${year}-Q${q}`)));
  const quarter = quarters.find((_, i) => held[i]) ?? lastQuarter;
  return { kind: 'quarter', year, index: quarter };
}

// ---- rows: from queries and from the stream alike --------------------------------------------

/** The campaigns panel before anything is loaded: the campaign open in it, if any, and nothing else. */
function noCampaigns(selected) {
  return { available: true, rows: new Map(), selected, kids: new Map(), kidsFor: null };
}

function newer(incoming, existing) {
  if (!existing) return true;
  return (Date.parse(incoming.updatedAt) || 0) >= (Date.parse(existing.updatedAt) || 0);
}

/**
 * Files a row where it belongs on the page: a card (the unit's own row for the period), a table row
 * (a child's), a month of the trend (the unit's month rows; the period's own row too when it is a
 * month). False when the page shows nothing of it, or holds a later version.
 */
function acceptRow(view, row) {
  if (!row || !state.period) return false;
  if (view === 'campaigns') return acceptCampaignRow(row);
  const isHere = row.unitId === state.unitId;
  let accepted = false;
  if (view === 'participation' && isHere && isTrendMonth(row.period) && newer(row, state.trend.get(row.period))) {
    state.trend.set(row.period, row);
    accepted = true;
  }
  const samePeriod = view === 'poverty'
    ? Number(row.year) === state.period.year
    : row.period === periodText(state.period);
  if (!samePeriod) return accepted;
  if (isHere) {
    if (!newer(row, state.row[view])) return accepted;
    state.row[view] = row;
    return true;
  }
  const kids = state.kids[view];
  if (!newer(row, kids.get(row.unitId))) return accepted;
  kids.set(row.unitId, row);
  return true;
}

/**
 * A campaign row of the period: the unit's own goes into the list (and out of it when it comes with
 * zeros: the view deleted it), a sub-unit's into the drill-down when it is of the campaign open.
 */
function acceptCampaignRow(row) {
  if (row.period !== periodText(state.period)) return false;
  const c = state.campaigns;
  if (row.unitId === state.unitId) {
    const shown = c.rows.get(row.campaign);
    if (!newer(row, shown)) return false;
    if (row.held || row.participants) {
      c.rows.set(row.campaign, row);
      return true;
    }
    return c.rows.delete(row.campaign);
  }
  if (row.campaign !== c.selected || !newer(row, c.kids.get(row.unitId))) return false;
  c.kids.set(row.unitId, row);
  return true;
}

/**
 * Takes what the campaign queries answered for the page being loaded, keeping a row the stream
 * brought meanwhile when it is the later. True when the campaign open in the URL turned out not to
 * be one of the unit's in the period, and was closed.
 */
function acceptCampaigns(answer) {
  const c = state.campaigns;
  c.available = answer.available;
  const later = (row, shown) => (newer(row, shown) ? row : shown);
  c.rows = new Map(answer.rows.map((row) => [row.campaign, later(row, c.rows.get(row.campaign))]));
  if (c.selected && !c.rows.has(c.selected)) {
    c.selected = null;
    c.kids = new Map();
    c.kidsFor = null;
    return true;
  }
  if (c.selected && answer.kidsFor === c.selected) {
    c.kids = new Map(answer.kids.map((row) => [row.unitId, later(row, c.kids.get(row.unitId))]));
    c.kidsFor = c.selected;
  } else if (c.selected) {
    loadCampaignChildren(c.selected); // opened while the page was loading
  }
  return false;
}

function isTrendMonth(periodString) {
  const p = parsePeriod(periodString);
  return p?.kind === 'month' && trendMonths(state.period).some((m) => periodText(m) === periodString);
}

// ---- the live stream -----------------------------------------------------------------------

function openFeed() {
  state.feed?.close();
  state.feedUnit = state.unitId;
  state.feed = new LiveFeed(api.streamUrl(state.unitId), {
    onEvent: (view, row) => {
      if (!acceptRow(view, row)) return;
      if (row.unitId !== state.unitId && state.unit && !state.children.some((c) => c.unitId === row.unitId)) {
        scheduleReload(); // a child unit this page has not listed yet
      }
      state.lastLive = new Date();
      render(true);
    },
    onState: renderLive,
    onOpen: (reconnected) => {
      if (reconnected) reload(); // what changed while the stream was down
    },
    onUnauthorized: () => askForToken(Boolean(token())),
  });
}

// ---- rendering -----------------------------------------------------------------------------

/** Renders on the next frame, once however many rows arrived in between. */
function render(live) {
  state.pendingLive = state.pendingLive || live;
  if (state.pendingRender) return;
  state.pendingRender = true;
  requestAnimationFrame(() => {
    const flash = state.pendingLive;
    state.pendingRender = false;
    state.pendingLive = false;
    if (state.renderedKey !== state.shownKey) renderContext(); // after a load, not after every row
    renderFigures(flash);
  });
}

/** The whole page, in the current language. */
function renderAll() {
  renderContext();
  renderFigures(false);
}

/**
 * Every figure, chart and table row. The pickers and breadcrumbs are left alone: the stream may
 * deliver rows many times a second, and rebuilding a select would close it under the reader's finger.
 */
function renderFigures(flash) {
  if (!state.unit || !state.period) return;
  renderKpis(flash);
  renderParticipation();
  renderTrend();
  renderActivities(flash);
  renderPoverty();
  renderTable(flash);
  renderCampaigns(flash);
  renderFooter();
  if (state.shownKey) {
    document.body.classList.remove('loading');
    document.body.dataset.shown = state.shownKey; // what the page shows, in full: tests wait on it
  }
}

function clearShownValues() {
  document.querySelectorAll('[data-field]').forEach((el) => {
    el.dataset.value = '';
  });
}

/** Sets a figure's text and raw value; a figure the stream changed lights up for a moment. */
function setValue(el, raw, text, flash, textEl = el) {
  const rawText = raw == null ? '' : String(raw);
  const before = el.dataset.value;
  el.dataset.value = rawText;
  if (textEl.textContent !== text) textEl.textContent = text;
  if (flash && before !== undefined && before !== '' && before !== rawText) highlight(el, 'flash');
}

/**
 * Lights a changed figure up once; one that keeps changing lights up again only after the last
 * highlight has faded, so that a busy province does not turn the page yellow.
 */
function highlight(el, className) {
  if (el.classList.contains(className)) return;
  el.classList.add(className);
  el.addEventListener('animationend', () => el.classList.remove(className), { once: true });
}

function setField(field, raw, text, flash) {
  document.querySelectorAll(`[data-field="${field}"]`).forEach((el) => setValue(el, raw, text, flash));
}

function share(part, whole) {
  return whole ? part / whole : null;
}

function renderContext() {
  if (!state.unit || !state.period) return;
  state.renderedKey = state.shownKey;
  $('unit-name').textContent = state.unit.name;
  $('unit-level').textContent = t(`level.${state.unit.level}`);
  $('period-title').textContent = periodLabel(state.period);
  document.title = t('pageTitle', { unit: state.unit.name, period: periodLabel(state.period) });

  const crumbs = state.ancestors.map((u) => `<li><a href="${escapeHtml(urlFor(u.unitId))}" data-unit="${escapeHtml(u.unitId)}">`
    + `${escapeHtml(u.name)}</a></li>`);
  crumbs.push(`<li><span aria-current="page">${escapeHtml(state.unit.name)}</span></li>`);
  $('crumbs').innerHTML = crumbs.join('');

  const picker = $('child-picker');
  const kids = sortedChildrenByName();
  const options = kids.length
    ? [`<option value="">${escapeHtml(t('childPickerChoose'))}</option>`]
      .concat(kids.map((c) => `<option value="${escapeHtml(c.unitId)}">${escapeHtml(c.name)}</option>`))
    : [`<option value="">${escapeHtml(t('childPickerNone'))}</option>`];
  setOptions(picker, options.join(''));
  picker.disabled = kids.length === 0;
  renderPeriodPicker();
}

/** Replaces a select's options only when they differ: replacing them resets the select. */
function setOptions(select, html) {
  if (select.dataset.html === html) return;
  select.innerHTML = html;
  select.dataset.html = html;
}

function sortedChildrenByName() {
  const collator = new Intl.Collator(language() === 'vi' ? 'vi' : 'en');
  return [...state.children].sort((a, b) => collator.compare(a.name, b.name));
}

function renderPeriodPicker() {
  const p = state.period;
  document.querySelectorAll('#period-kind [data-kind]').forEach((b) => {
    b.setAttribute('aria-checked', String(b.dataset.kind === p.kind));
    b.tabIndex = b.dataset.kind === p.kind ? 0 : -1;
  });
  const now = today();
  const first = Math.min(now.year - 6, p.year);
  const last = Math.max(now.year, p.year);
  const years = [];
  for (let y = last; y >= first; y--) years.push(`<option value="${y}">${y}</option>`);
  const yearSelect = $('period-year');
  setOptions(yearSelect, years.join(''));
  yearSelect.value = String(p.year);
  const part = $('period-part');
  if (p.kind === 'year') {
    part.hidden = true;
    setOptions(part, '');
  } else {
    part.hidden = false;
    const count = p.kind === 'quarter' ? 4 : 12;
    const label = (i) => (p.kind === 'quarter'
      ? t('quarterOption', { q: i })
      : t('monthOption', { m: i, monthName: monthName(i) }));
    setOptions(part, Array.from({ length: count }, (_, i) => `<option value="${i + 1}">${escapeHtml(label(i + 1))}</option>`).join(''));
    part.value = String(p.index);
  }
}

function renderKpis(flash) {
  const p = state.row.participation;
  const a = state.row.activities;
  const v = state.row.poverty;
  if (p) {
    setField('participation.rate', p.rate, formatPercent(p.rate), flash);
    setField('participation.participants', p.participants, formatNumber(p.participants), flash);
    setField('participation.eligible', p.eligible, formatNumber(p.eligible), flash);
    $('kpi-rate-sub').textContent = p.eligible
      ? t('rateSub', { participants: formatNumber(p.participants), eligible: formatNumber(p.eligible) })
      : t('rateNone');
  }
  if (a) {
    setField('activities.held', a.held, formatNumber(a.held), flash);
    setField('activities.attendances', a.attendances, formatNumber(a.attendances), flash);
    $('kpi-held-sub').textContent = a.held ? t('heldSub', { share: formatPercent(share(a.publicised, a.held)) }) : t('noActivities');
  }
  if (v) {
    for (const f of ['supportedHouseholds', 'exitedHouseholds', 'exitedPoverty', 'exitedNearPoverty',
      'relapsedHouseholds', 'poorAtYearEnd', 'nearPoorAtYearEnd']) {
      setField(`poverty.${f}`, v[f], formatNumber(v[f]), flash);
    }
    $('kpi-supported-sub').textContent = t('supportedSub', { year: state.period.year });
    $('kpi-exited-sub').textContent = t('exitedSub', { share: formatPercent(share(v.exitedHouseholds, v.supportedHouseholds)) });
  }
}

function renderParticipation() {
  const p = state.row.participation;
  $('participation-note').textContent = periodLabel(state.period);
  $('participation-meter').style.width = `${p?.rate ? (100 * p.rate).toFixed(2) : 0}%`;
}

function trendPoints() {
  const months = trendMonths(state.period);
  return months.map((m, i) => {
    const key = periodText(m);
    const row = state.trend.get(key);
    const rate = row ? row.rate : null;
    return {
      key,
      label: monthShortName(m.index),
      monthNumber: m.index,
      // The year under January, and under the first month unless January is right beside it.
      yearLabel: m.index === 1 || (i === 0 && months[1].index !== 1) ? String(m.year) : '',
      rate,
      valueText: formatPercentShort(rate),
      selected: containsMonth(state.period, m),
      title: t('trendBar', {
        month: periodLabel(m),
        rate: formatPercent(rate),
        participants: formatNumber(row?.participants ?? 0),
        eligible: formatNumber(row?.eligible ?? 0),
      }),
      row,
      month: m,
    };
  });
}

function renderTrend() {
  if (!state.unit || !state.period) return;
  const points = trendPoints();
  const box = $('trend-chart');
  const width = box.clientWidth || 600;
  box.innerHTML = trendSvg(width, points, { percent: formatPercentShort });
  box.dataset.months = points.map((p) => `${p.key}=${p.row ? p.row.participants + '/' + p.row.eligible : ''}`).join(',');
  $('trend-caption').textContent = t('trendCaption', {
    from: periodLabel(points[0].month),
    to: periodLabel(points[points.length - 1].month),
  });
  $('trend-table').innerHTML = `<caption>${escapeHtml($('trend-caption').textContent)}</caption>`
    + `<thead><tr><th scope="col">${escapeHtml(t('trendMonth'))}</th><th scope="col">${escapeHtml(t('rate'))}</th>`
    + `<th scope="col">${escapeHtml(t('participants'))}</th><th scope="col">${escapeHtml(t('eligible'))}</th></tr></thead><tbody>`
    + points.map((p) => `<tr><th scope="row">${escapeHtml(periodLabel(p.month))}${p.selected ? ` (${escapeHtml(t('selectedPeriod'))})` : ''}</th>`
      + `<td>${escapeHtml(formatPercent(p.rate))}</td><td>${escapeHtml(formatNumber(p.row?.participants ?? 0))}</td>`
      + `<td>${escapeHtml(formatNumber(p.row?.eligible ?? 0))}</td></tr>`).join('')
    + '</tbody>';
}

function renderActivities(flash) {
  const a = state.row.activities;
  if (!a) return;
  const segments = MODES.map((m) => ({
    key: m.key,
    className: m.className,
    value: a[m.key] || 0,
    label: t(`mode.${m.key}`),
    text: formatNumber(a[m.key] || 0),
    detail: `${formatNumber(a[m.key] || 0)} · ${formatPercent(share(a[m.key] || 0, a.held))}`,
  }));
  const chart = $('mode-chart');
  chart.innerHTML = stackedBarHtml(segments, t('noActivities'));
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', t('modeChart', { parts: segments.map((s) => `${s.label} ${s.text}`).join(', ') }));
  $('mode-legend').innerHTML = legendHtml(segments);
  $('mode-legend').querySelectorAll('li').forEach((li) => {
    li.querySelector('.legend-value').dataset.value = a[li.dataset.key] ?? 0;
  });

  const publicisedShare = share(a.publicised, a.held);
  $('share-publicised').innerHTML = shareHtml('publicised', publicisedShare, t('publicised'),
    t('publicisedDetail', { n: formatNumber(a.publicised), total: formatNumber(a.held) }), a.publicised);

  const total = state.children.length;
  const box = $('share-children');
  if (total) {
    const withPublicity = state.children.filter((c) => (state.kids.activities.get(c.unitId)?.publicised || 0) > 0).length;
    box.hidden = false;
    box.innerHTML = shareHtml('children', share(withPublicity, total), t('childrenPublicised'),
      t('childrenPublicisedDetail', { n: formatNumber(withPublicity), total: formatNumber(total) }), withPublicity);
  } else {
    box.hidden = true;
    box.innerHTML = '';
  }

  const byChannel = a.byChannel || {};
  const bars = $('channel-bars');
  const html = barListHtml(CHANNELS.map((ch) => {
    const n = byChannel[ch] || 0;
    return { key: ch, label: t(`channel.${ch}`), value: n, share: share(n, a.held), detail: t('channelDetail', { n: formatNumber(n), share: formatPercent(share(n, a.held)) }) };
  }));
  if (bars.dataset.html !== html) {
    bars.innerHTML = html;
    bars.dataset.html = html;
    if (flash) highlight(bars, 'flash-soft');
  }
}

function shareHtml(key, s, label, detail, value) {
  return `${ringSvg(s, formatPercentShort(s))}<div class="share-text"><span class="share-label">${escapeHtml(label)}</span>`
    + `<span class="share-detail" data-share="${key}" data-value="${value}">${escapeHtml(detail)}</span></div>`;
}

function renderPoverty() {
  const v = state.row.poverty;
  $('poverty-note').textContent = t('povertyNote', { year: state.period.year });
  if (!v) return;
  const exitShare = share(v.exitedHouseholds, v.supportedHouseholds);
  $('exit-bar').innerHTML = `<div class="progress"><span class="progress-fill fill-good" style="width:${(100 * (exitShare || 0)).toFixed(2)}%"></span></div>`
    + `<p class="progress-text">${escapeHtml(t('exitShare', {
      exited: formatNumber(v.exitedHouseholds), supported: formatNumber(v.supportedHouseholds), share: formatPercent(exitShare),
    }))}</p>`;
  const segments = [
    { key: 'poor', className: 'fill-poor', value: v.poorAtYearEnd, label: t('poorAtYearEnd'), text: formatNumber(v.poorAtYearEnd) },
    { key: 'nearPoor', className: 'fill-nearpoor', value: v.nearPoorAtYearEnd, label: t('nearPoorAtYearEnd'), text: formatNumber(v.nearPoorAtYearEnd) },
  ];
  const total = v.poorAtYearEnd + v.nearPoorAtYearEnd;
  segments.forEach((s) => { s.detail = `${s.text} · ${formatPercent(share(s.value, total))}`; });
  $('year-end-bar').innerHTML = stackedBarHtml(segments, t('noYearEnd'));
  $('year-end-legend').innerHTML = legendHtml(segments);
}

// ---- the drill-down table ------------------------------------------------------------------

function childFigures() {
  return state.children.map((unit) => ({
    unit,
    p: state.kids.participation.get(unit.unitId),
    a: state.kids.activities.get(unit.unitId),
    v: state.kids.poverty.get(unit.unitId),
  }));
}

function sortRows(rows) {
  const col = COLUMNS.find((c) => c.key === state.sort.key) || COLUMNS[0];
  const dir = state.sort.dir === 'desc' ? -1 : 1;
  const collator = new Intl.Collator(language() === 'vi' ? 'vi' : 'en', { numeric: true });
  return [...rows].sort((x, y) => {
    const a = col.value(x);
    const b = col.value(y);
    if (a == null && b == null) return collator.compare(x.unit.name, y.unit.name);
    if (a == null) return 1; // no figure: last, whichever the direction
    if (b == null) return -1;
    const c = col.type === 'text' ? collator.compare(a, b) : a - b;
    return c !== 0 ? dir * c : collator.compare(x.unit.name, y.unit.name);
  });
}

function renderTableHead() {
  const head = COLUMNS.map((col) => {
    const sorted = state.sort.key === col.key;
    const ariaSort = sorted ? (state.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
    const arrow = sorted ? (state.sort.dir === 'asc' ? '▲' : '▼') : '↕';
    const hint = sorted ? `<span class="sr-only">, ${escapeHtml(t(state.sort.dir === 'asc' ? 'sortAscending' : 'sortDescending'))}</span>` : '';
    return `<th scope="col" aria-sort="${ariaSort}" class="${col.type === 'text' ? 'col-text' : 'col-num'}" data-col="${col.key}">`
      + `<button type="button" data-sort="${col.key}">${escapeHtml(t(`col.${col.key}`))}`
      + `${col.yearly ? ` <span class="col-year">${state.period.year}</span>` : ''}${hint}`
      + `<span class="sort-arrow" aria-hidden="true">${arrow}</span></button></th>`;
  }).join('');
  if ($('drill-head').dataset.html !== head) {
    $('drill-head').innerHTML = head;
    $('drill-head').dataset.html = head;
  }
}

function renderTable(flash) {
  renderTableHead();
  $('drill-caption').textContent = t('drillCaption', { unit: state.unit.name, period: periodLabel(state.period) });
  const rows = sortRows(childFigures());
  $('drill-count').textContent = rows.length ? t('drillCount', { n: formatNumber(rows.length) }) : '';
  $('drill-empty').hidden = rows.length > 0;
  $('drill-table').hidden = rows.length === 0;
  const body = $('drill-body');
  const existing = new Map([...body.children].map((tr) => [tr.dataset.unitId, tr]));
  const wanted = new Set(rows.map((r) => r.unit.unitId));
  existing.forEach((tr, id) => { if (!wanted.has(id)) tr.remove(); });
  rows.forEach((r, index) => {
    let tr = existing.get(r.unit.unitId);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.unitId = r.unit.unitId;
      tr.innerHTML = COLUMNS.map((col) => (col.type === 'text'
        ? `<th scope="row" data-col="${col.key}"><a></a></th>`
        : `<td data-col="${col.key}" class="col-num">${col.bar ? '<span class="cell-bar" aria-hidden="true"><span></span></span>' : ''}<span class="cell-value"></span></td>`)).join('');
    }
    const link = tr.querySelector('a');
    link.href = urlFor(r.unit.unitId);
    link.dataset.unit = r.unit.unitId;
    if (link.textContent !== r.unit.name) link.textContent = r.unit.name;
    for (const col of COLUMNS) {
      if (col.type === 'text') continue;
      const cell = tr.querySelector(`td[data-col="${col.key}"]`);
      const raw = col.value(r);
      const text = raw == null ? '–' : (col.format || formatNumber)(raw);
      setValue(cell, raw, text, flash, cell.querySelector('.cell-value'));
      if (col.bar) cell.querySelector('.cell-bar > span').style.width = `${raw == null ? 0 : (100 * raw).toFixed(1)}%`;
    }
    if (body.children[index] !== tr) body.insertBefore(tr, body.children[index] || null);
  });
}

// ---- campaigns -----------------------------------------------------------------------------

/** Opens a campaign's sub-units under the list, or closes them when it is the one open. */
function selectCampaign(name) {
  const c = state.campaigns;
  c.selected = c.selected === name ? null : name;
  c.kids = new Map();
  c.kidsFor = null;
  writeUrl('replace');
  renderCampaigns(false);
  if (c.selected) loadCampaignChildren(c.selected);
}

async function loadCampaignChildren(name) {
  const generation = state.generation;
  try {
    const rows = await api.campaignChildren(state.unitId, periodText(state.period), name, { signal: state.abort?.signal });
    const c = state.campaigns;
    if (generation !== state.generation || c.selected !== name) return;
    for (const row of rows) {
      if (newer(row, c.kids.get(row.unitId))) c.kids.set(row.unitId, row);
    }
    c.kidsFor = name;
    renderCampaigns(false);
  } catch (e) {
    if (e.name === 'AbortError' || generation !== state.generation) return;
    showNotice(t('loadFailed', { message: e.message }));
  }
}

/** Rows {id, name, row} in the panel's order; rows without figures last, ties as the API orders them. */
function sortCampaignRows(rows) {
  const col = CAMPAIGN_COLUMNS.find((x) => x.key === state.campaignSort.key) || CAMPAIGN_COLUMNS[1];
  const dir = state.campaignSort.dir === 'desc' ? -1 : 1;
  const collator = new Intl.Collator(language() === 'vi' ? 'vi' : 'en', { numeric: true });
  const byName = (x, y) => collator.compare(x.name, y.name);
  const apiOrder = (x, y) => (y.row?.held ?? 0) - (x.row?.held ?? 0)
    || (y.row?.participants ?? 0) - (x.row?.participants ?? 0) || byName(x, y);
  return [...rows].sort((x, y) => {
    if (col.type === 'text') return dir * byName(x, y) || apiOrder(x, y);
    const a = x.row ? col.value(x.row) : null;
    const b = y.row ? col.value(y.row) : null;
    if (a == null && b == null) return apiOrder(x, y);
    if (a == null) return 1; // no figure: last, whichever the direction
    if (b == null) return -1;
    return dir * (a - b) || apiOrder(x, y);
  });
}

/** @param nameKey the label of the first column: the campaign ('name') or the sub-unit ('unit') */
function renderCampaignHead(head, nameKey) {
  const html = CAMPAIGN_COLUMNS.map((col) => {
    const sorted = state.campaignSort.key === col.key;
    const ariaSort = sorted ? (state.campaignSort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
    const arrow = sorted ? (state.campaignSort.dir === 'asc' ? '▲' : '▼') : '↕';
    const hint = sorted ? `<span class="sr-only">, ${escapeHtml(t(state.campaignSort.dir === 'asc' ? 'sortAscending' : 'sortDescending'))}</span>` : '';
    const label = t(col.type === 'text' ? `ccol.${nameKey}` : `ccol.${col.key}`);
    return `<th scope="col" aria-sort="${ariaSort}" class="${col.type === 'text' ? 'col-text' : 'col-num'}" data-col="${col.key}">`
      + `<button type="button" data-csort="${col.key}">${escapeHtml(label)}${hint}`
      + `<span class="sort-arrow" aria-hidden="true">${arrow}</span></button></th>`;
  }).join('');
  if (head.dataset.html !== html) {
    head.innerHTML = html;
    head.dataset.html = html;
  }
}

/**
 * Brings a table body to these rows {id, name, row}, in this order, keeping the row elements already
 * there so that a change from the stream lights up only the figures it changed.
 *
 * @param idAttribute the data attribute that names a row: campaign or unitId
 * @param drawName fills the row's first cell
 */
function fillCampaignRows(body, rows, flash, idAttribute, drawName) {
  const existing = new Map([...body.children].map((tr) => [tr.dataset[idAttribute], tr]));
  const wanted = new Set(rows.map((r) => r.id));
  existing.forEach((tr, id) => { if (!wanted.has(id)) tr.remove(); });
  rows.forEach((r, index) => {
    let tr = existing.get(r.id);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset[idAttribute] = r.id;
      tr.innerHTML = CAMPAIGN_COLUMNS.map((col) => (col.type === 'text'
        ? `<th scope="row" data-col="${col.key}"></th>`
        : `<td data-col="${col.key}" class="col-num">${col.bar ? '<span class="cell-bar" aria-hidden="true"><span></span></span>' : ''}`
          + `<span class="cell-value"></span>${col.key === 'branches' ? '<span class="cell-detail"></span>' : ''}</td>`)).join('');
      if (flash) highlight(tr, 'flash-soft'); // a campaign the stream just brought
    }
    drawName(tr.querySelector('th'), r);
    for (const col of CAMPAIGN_COLUMNS) {
      if (col.type === 'text') continue;
      const cell = tr.querySelector(`td[data-col="${col.key}"]`);
      const raw = r.row ? col.value(r.row) : null;
      setValue(cell, raw, raw == null ? '–' : (col.format || formatNumber)(raw), flash, cell.querySelector('.cell-value'));
      if (col.bar) cell.querySelector('.cell-bar > span').style.width = `${raw == null ? 0 : (100 * raw).toFixed(1)}%`;
    }
    const branches = tr.querySelector('td[data-col="branches"]');
    branches.dataset.holding = r.row?.branchesHolding ?? '';
    branches.dataset.branches = r.row?.branches ?? '';
    const detail = r.row?.branches
      ? t('branchesDetail', { n: formatNumber(r.row.branchesHolding), total: formatNumber(r.row.branches) })
      : '';
    const detailEl = branches.querySelector('.cell-detail');
    if (detailEl.textContent !== detail) detailEl.textContent = detail;
    if (body.children[index] !== tr) body.insertBefore(tr, body.children[index] || null);
  });
}

function renderCampaigns(flash) {
  if (!state.unit || !state.period) return;
  const c = state.campaigns;
  renderCampaignHead($('campaigns-head'), 'name');
  $('campaigns-caption').textContent = t('campaignsCaption', { unit: state.unit.name, period: periodLabel(state.period) });
  const rows = sortCampaignRows([...c.rows.values()].map((row) => ({ id: row.campaign, name: row.campaign, row })));
  $('campaigns-count').textContent = rows.length ? t('campaignsCount', { n: formatNumber(rows.length) }) : '';
  $('campaigns-empty').textContent = t(c.available ? 'campaignsEmpty' : 'campaignsUnavailable');
  $('campaigns-empty').hidden = rows.length > 0;
  // How to use the table, said only where there is one to use.
  $('campaigns-hint').hidden = rows.length === 0;
  $('campaigns-table').hidden = rows.length === 0;
  fillCampaignRows($('campaigns-body'), rows, flash, 'campaign', (th, r) => {
    let button = th.querySelector('button');
    if (!button) {
      button = document.createElement('button');
      button.type = 'button';
      button.className = 'campaign-toggle';
      button.setAttribute('aria-controls', 'campaign-children');
      th.append(button);
    }
    button.dataset.campaign = r.id;
    if (button.textContent !== r.name) button.textContent = r.name;
    const open = r.id === c.selected;
    button.setAttribute('aria-expanded', String(open));
    th.parentElement.classList.toggle('selected', open);
  });
  renderCampaignChildren(flash);
}

/** The open campaign's row of each sub-unit, under the list. */
function renderCampaignChildren(flash) {
  const c = state.campaigns;
  const box = $('campaign-children');
  if (!c.selected || !c.rows.has(c.selected)) {
    box.hidden = true;
    delete box.dataset.shown;
    return;
  }
  box.hidden = false;
  $('campaign-children-heading').textContent = t('campaignChildrenTitle', { campaign: c.selected });
  $('campaign-children-caption').textContent = t('campaignChildrenCaption', {
    campaign: c.selected, unit: state.unit.name, period: periodLabel(state.period),
  });
  renderCampaignHead($('campaign-children-head'), 'unit');
  const rows = sortCampaignRows(state.children.map((unit) => ({ id: unit.unitId, name: unit.name, row: c.kids.get(unit.unitId) })));
  $('campaign-children-empty').hidden = rows.length > 0;
  $('campaign-children-table').hidden = rows.length === 0;
  fillCampaignRows($('campaign-children-body'), rows, flash, 'unitId', (th, r) => {
    let link = th.querySelector('a');
    if (!link) {
      link = document.createElement('a');
      th.append(link);
    }
    link.href = urlFor(r.id);
    link.dataset.unit = r.id;
    if (link.textContent !== r.name) link.textContent = r.name;
  });
  // What the drill-down shows, in full: tests wait on it.
  if (c.kidsFor === c.selected) box.dataset.shown = `${state.unitId}|${periodText(state.period)}|${c.selected}`;
  else delete box.dataset.shown;
}

function renderFooter() {
  const parts = [];
  if (state.asOf) parts.push(t('asOf', { time: formatTime(state.asOf) }));
  if (state.lastLive) parts.push(t('lastLive', { time: formatTime(state.lastLive) }));
  $('as-of').textContent = parts.join(' · ');
}

// ---- connection state, health, notices, token ---------------------------------------------

let liveState = 'connecting';

function renderLive(s) {
  liveState = s;
  const el = $('live');
  el.dataset.state = s;
  const key = { connecting: 'Connecting', live: 'Live', reconnecting: 'Reconnecting', offline: 'Offline' }[s];
  el.querySelector('.live-text').textContent = t(`live${key}`);
  el.querySelector('.live-short').textContent = t(`liveShort${key}`);
}

let lastHealth = null;

async function pollHealth() {
  try {
    lastHealth = { body: await getHealth(), at: new Date() };
  } catch {
    lastHealth = { body: null, at: new Date() };
  }
  renderHealth();
  refreshDeadLetters();
  setTimeout(pollHealth, HEALTH_EVERY_MS);
}

function renderHealth() {
  const el = $('health');
  if (!lastHealth) {
    el.dataset.state = 'unknown';
    el.querySelector('.health-text').textContent = t('healthChecking');
    return;
  }
  const h = lastHealth.body;
  const parts = [];
  if (!h) {
    el.dataset.state = 'down';
    parts.push(t('healthUnreachable'));
  } else {
    el.dataset.state = h.status === 'UP' ? 'up' : 'down';
    parts.push(t(h.status === 'UP' ? 'healthUp' : 'healthDown'));
    if (h.streams) parts.push(`${t('healthStreams')}: ${h.streams}`);
    if (h.liveClients != null) parts.push(`${t('healthViewers')}: ${formatNumber(h.liveClients)}`);
    if (typeof h.deadLetters === 'number') parts.push(`${t('healthDeadLetters')}: ${formatNumber(h.deadLetters)}`);
  }
  parts.push(t('healthChecked', { time: formatTime(lastHealth.at) }));
  el.querySelector('.health-text').textContent = parts.join(' · ');
  // Screen readers hear the status when it changes, not every check's time.
  const announce = $('health-announce');
  if (announce.textContent !== parts[0]) announce.textContent = parts[0];
}

/**
 * The latest dead letters of the reader's subtree under the health strip. They are single records,
 * for admins only (SPEC.md §6): without an admin token the panel stays hidden.
 */
async function refreshDeadLetters() {
  const box = $('dead-letters');
  if (!token()) {
    box.hidden = true;
    return;
  }
  let answer;
  try {
    answer = await api.deadLetters(10);
  } catch {
    box.hidden = true; // not an admin's token, or the server is away
    return;
  }
  box.hidden = answer.total === 0;
  $('dead-letters-summary').textContent = t('deadLettersSummary', { count: formatNumber(answer.total) });
  $('dead-letters-rows').replaceChildren(...answer.latest.map(deadLetterRow));
}

function deadLetterRow(d) {
  const tr = document.createElement('tr');
  const failedAt = new Date(d.failedAt);
  const when = Number.isNaN(failedAt.getTime()) ? (d.failedAt ?? '') : formatTime(failedAt);
  const source = d.topic == null ? '?' : `${d.topic} [${d.partition ?? '?'}] @${d.offset ?? '?'}`;
  for (const text of [when, source, d.error ?? '']) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

function showNotice(text) {
  const n = $('notice');
  n.textContent = text;
  n.hidden = false;
}

function hideNotice() {
  $('notice').hidden = true;
}

function askForToken(refused) {
  // Without a token the stream would only be refused again and again: it waits for one.
  state.feed?.close();
  state.feed = null;
  state.feedUnit = null;
  const form = $('token-form');
  form.hidden = false;
  $('token-error').textContent = refused ? t('tokenRefused') : '';
  document.body.classList.remove('loading');
  $('token-input').focus();
}

// ---- controls ------------------------------------------------------------------------------

function goToUnit(unitId) {
  if (!unitId || unitId === state.unitId) return;
  state.unitId = unitId;
  navigate({ history: 'push' });
  $('unit-title').focus({ preventScroll: true });
}

function setPeriod(p) {
  state.period = p;
  navigate({ history: 'replace' });
}

function wireControls() {
  document.addEventListener('click', (e) => {
    const link = e.target.closest('a[data-unit]');
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    goToUnit(link.dataset.unit);
  });
  $('child-picker').addEventListener('change', (e) => goToUnit(e.target.value));
  $('period-kind').addEventListener('click', (e) => {
    const b = e.target.closest('[data-kind]');
    if (b && state.period && b.dataset.kind !== state.period.kind) setPeriod(asKind(state.period, b.dataset.kind));
  });
  $('period-kind').addEventListener('keydown', (e) => {
    if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key) || !state.period) return;
    const kinds = ['year', 'quarter', 'month'];
    const step = e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 1;
    const next = kinds[(kinds.indexOf(state.period.kind) + step + 3) % 3];
    e.preventDefault();
    setPeriod(asKind(state.period, next));
    requestAnimationFrame(() => document.querySelector(`#period-kind [data-kind="${next}"]`).focus());
  });
  $('period-year').addEventListener('change', (e) => setPeriod({ ...state.period, year: Number(e.target.value) }));
  $('period-part').addEventListener('change', (e) => setPeriod({ ...state.period, index: Number(e.target.value) }));
  $('period-prev').addEventListener('click', () => state.period && setPeriod(shift(state.period, -1)));
  $('period-next').addEventListener('click', () => state.period && setPeriod(shift(state.period, 1)));
  $('drill-head').addEventListener('click', (e) => {
    const b = e.target.closest('[data-sort]');
    if (!b) return;
    const key = b.dataset.sort;
    state.sort = state.sort.key === key
      ? { key, dir: state.sort.dir === 'asc' ? 'desc' : 'asc' }
      : { key, dir: 'asc' }; // lowest first: the question is usually who lags
    writeUrl('replace');
    renderTable(false);
    document.querySelector(`#drill-head [data-sort="${key}"]`)?.focus();
  });
  $('campaigns-body').addEventListener('click', (e) => {
    const b = e.target.closest('[data-campaign]');
    if (b) selectCampaign(b.dataset.campaign);
  });
  $('campaign-close').addEventListener('click', () => {
    const name = state.campaigns.selected;
    if (!name) return;
    selectCampaign(name);
    [...document.querySelectorAll('#campaigns-body [data-campaign]')].find((b) => b.dataset.campaign === name)?.focus();
  });
  for (const id of ['campaigns-head', 'campaign-children-head']) {
    $(id).addEventListener('click', (e) => {
      const b = e.target.closest('[data-csort]');
      if (!b) return;
      const key = b.dataset.csort;
      state.campaignSort = state.campaignSort.key === key
        ? { key, dir: state.campaignSort.dir === 'asc' ? 'desc' : 'asc' }
        : { key, dir: key === 'name' ? 'asc' : 'desc' }; // most first: the question is which campaigns drew people
      writeUrl('replace');
      renderCampaigns(false);
      document.querySelector(`#${id} [data-csort="${key}"]`)?.focus();
    });
  }
  $('lang-switch').addEventListener('click', (e) => {
    const b = e.target.closest('[data-lang]');
    if (!b || b.dataset.lang === language()) return;
    setLanguage(b.dataset.lang);
    try {
      localStorage.setItem('pulse.lang', language());
    } catch {
      // no storage: the URL keeps the language
    }
    writeUrl('replace');
    applyStaticTexts();
    renderAll();
  });
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    saveToken($('token-input').value.trim());
    $('token-form').hidden = true;
    $('token-input').value = '';
    openFeed();
    navigate({ history: 'replace' });
  });
  $('token-clear').addEventListener('click', () => {
    saveToken('');
    $('token-input').value = '';
    $('token-error').textContent = '';
  });
}

/** Every label that does not depend on the figures, in the current language. */
function applyStaticTexts() {
  document.documentElement.lang = language();
  document.querySelectorAll('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n);
  });
  document.querySelectorAll('#lang-switch [data-lang]').forEach((b) => {
    b.setAttribute('aria-pressed', String(b.dataset.lang === language()));
  });
  $('lang-switch').setAttribute('aria-label', t('language'));
  $('crumbs-nav').setAttribute('aria-label', t('breadcrumb'));
  $('period-kind').setAttribute('aria-label', t('periodKind'));
  $('period-year').setAttribute('aria-label', t('periodYearLabel'));
  $('period-part').setAttribute('aria-label', t('periodPartLabel'));
  $('period-prev').setAttribute('aria-label', t('periodPrev'));
  $('period-prev').title = t('periodPrev');
  $('period-next').setAttribute('aria-label', t('periodNext'));
  $('period-next').title = t('periodNext');
  renderLive(liveState);
  renderHealth();
}

start();
