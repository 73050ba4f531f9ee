// Small hand-written charts: SVG for the monthly trend and the share rings, HTML for the bars
// (their stripes and dots come from CSS, so that no series is told apart by colour alone).

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * Monthly participation rate as columns, the months of the period shown marked below the axis.
 *
 * @param width the container's width in CSS pixels: the chart is drawn at that size so its text
 *     stays readable on a phone instead of shrinking with a viewBox
 * @param points [{key, label, monthNumber, yearLabel, rate (0..1 or null), valueText, title, selected}]
 * @param axis {percent: (share) => text, selectedLabel}
 */
export function trendSvg(width, points, axis) {
  const w = Math.max(260, Math.round(width));
  const h = w < 480 ? 190 : 250;
  const left = 40;
  const right = 8;
  const top = 22;
  const bottom = 44;
  const plotW = w - left - right;
  const plotH = h - top - bottom;
  const band = plotW / points.length;
  const barW = Math.max(6, Math.min(44, band * 0.62));
  const showValues = band >= 30;
  const y = (share) => top + plotH * (1 - share);
  const parts = [];

  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const ty = y(tick).toFixed(1);
    parts.push(`<line class="grid${tick === 0 ? ' axis' : ''}" x1="${left}" x2="${w - right}" y1="${ty}" y2="${ty}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${ty}" dy="0.32em" text-anchor="end">${escapeHtml(axis.percent(tick))}</text>`);
  }

  points.forEach((p, i) => {
    const cx = left + band * i + band / 2;
    const x = (cx - barW / 2).toFixed(1);
    const cls = p.selected ? 'bar selected' : 'bar';
    parts.push(`<g class="month" data-month="${escapeHtml(p.key)}"><title>${escapeHtml(p.title)}</title>`);
    if (p.rate == null) {
      parts.push(`<line class="bar-none" x1="${x}" x2="${(cx + barW / 2).toFixed(1)}" y1="${y(0) - 1}" y2="${y(0) - 1}"/>`);
    } else {
      const by = y(p.rate);
      const bh = Math.max(1, y(0) - by);
      parts.push(`<rect class="${cls}" x="${x}" y="${by.toFixed(1)}" width="${barW.toFixed(1)}" height="${bh.toFixed(1)}" rx="2"/>`);
      if (showValues || p.selected) {
        parts.push(`<text class="value${p.selected ? ' selected' : ''}" x="${cx.toFixed(1)}" y="${(by - 5).toFixed(1)}" text-anchor="middle">${escapeHtml(p.valueText)}</text>`);
      }
    }
    // Where twelve names do not fit side by side, the month's number does.
    const label = band >= 34 ? p.label : String(p.monthNumber);
    parts.push(`<text class="month-label${p.selected ? ' selected' : ''}" x="${cx.toFixed(1)}" y="${h - bottom + 15}" text-anchor="middle">${escapeHtml(label)}</text>`);
    if (p.yearLabel) {
      parts.push(`<text class="year-label" x="${cx.toFixed(1)}" y="${h - bottom + 29}" text-anchor="middle">${escapeHtml(p.yearLabel)}</text>`);
    }
    parts.push('</g>');
  });

  // A bracket under the months of the period shown: position, not colour, says which they are.
  const chosen = points.map((p, i) => (p.selected ? i : -1)).filter((i) => i >= 0);
  if (chosen.length) {
    const x1 = left + band * chosen[0] + 3;
    const x2 = left + band * (chosen[chosen.length - 1] + 1) - 3;
    const by = h - 8;
    parts.push(`<path class="bracket" d="M${x1.toFixed(1)} ${by - 5}V${by}H${x2.toFixed(1)}V${by - 5}"/>`);
  }

  return `<svg class="trend" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-hidden="true" focusable="false">${parts.join('')}</svg>`;
}

/** A ring showing a share (0..1), its percentage in the middle. */
export function ringSvg(share, centreText) {
  const r = 34;
  const c = 2 * Math.PI * r;
  const filled = share == null ? 0 : Math.max(0, Math.min(1, share));
  return `<svg class="ring" viewBox="0 0 84 84" width="84" height="84" aria-hidden="true" focusable="false">
    <circle class="ring-track" cx="42" cy="42" r="${r}"/>
    <circle class="ring-fill" cx="42" cy="42" r="${r}" stroke-dasharray="${(filled * c).toFixed(2)} ${c.toFixed(2)}" transform="rotate(-90 42 42)"/>
    <text class="ring-text${centreText.length > 4 ? ' long' : ''}" x="42" y="42" dy="0.35em" text-anchor="middle">${escapeHtml(centreText)}</text>
  </svg>`;
}

/**
 * One bar split into segments, each with its own fill class (solid, stripes, dots) and its count
 * written inside when it fits.
 *
 * @param segments [{key, value, className, label}]
 */
export function stackedBarHtml(segments, emptyText) {
  const total = segments.reduce((sum, s) => sum + (s.value || 0), 0);
  if (!total) return `<div class="stacked empty-bar"><span>${escapeHtml(emptyText)}</span></div>`;
  const cells = segments.filter((s) => s.value > 0).map((s) => {
    const pct = (100 * s.value) / total;
    const text = pct >= 9 ? `<span class="seg-text">${escapeHtml(s.text)}</span>` : '';
    return `<span class="seg ${s.className}" style="flex-basis:${pct.toFixed(3)}%" title="${escapeHtml(s.label)}: ${escapeHtml(s.text)}">${text}</span>`;
  });
  return `<div class="stacked">${cells.join('')}</div>`;
}

/** A legend entry per segment: the same fill as the bar, the name, and the figures. */
export function legendHtml(segments) {
  return segments.map((s) => `<li data-key="${escapeHtml(s.key)}"><span class="swatch ${s.className}" aria-hidden="true"></span>`
    + `<span class="legend-label">${escapeHtml(s.label)}</span> <strong class="legend-value">${escapeHtml(s.detail)}</strong></li>`).join('');
}

/**
 * Labelled horizontal bars: every bar has its name and its figure in text beside it.
 *
 * @param items [{key, label, value, share (0..1 of the track), detail}]
 */
export function barListHtml(items) {
  return items.map((it) => `<li data-key="${escapeHtml(it.key)}">
      <span class="bar-label">${escapeHtml(it.label)}</span>
      <span class="bar-track" aria-hidden="true"><span class="bar-fill" style="width:${(100 * Math.max(0, Math.min(1, it.share || 0))).toFixed(2)}%"></span></span>
      <span class="bar-value" data-value="${it.value}">${escapeHtml(it.detail)}</span>
    </li>`).join('');
}
