// The read side of SPEC.md §6, with the bearer token the reader pasted (when reading needs one).

const TOKEN_KEY = 'pulse.readToken';

export class ApiError extends Error {
  constructor(status, path, message) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

export function savedToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

export function saveToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // private browsing without storage: the token lasts as long as the page
  }
  sessionToken = token;
}

let sessionToken = savedToken();

export function token() {
  return sessionToken;
}

export function authHeaders() {
  return sessionToken ? { Authorization: `Bearer ${sessionToken}` } : {};
}

/** GET a JSON document; throws ApiError with the server's own message on any answer but 2xx. */
export async function getJson(path, { signal } = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json', ...authHeaders() }, signal, cache: 'no-store' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, path, e.message || 'network error');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, path, problemText(body) || response.statusText);
  return body;
}

/**
 * The answer of GET /health, UP or DOWN alike (DOWN comes with 503 and the same body): only the
 * status without an admin token, the state of each part with one.
 */
export async function getHealth() {
  const response = await fetch('/health', { headers: authHeaders(), cache: 'no-store' });
  const body = await response.json().catch(() => null);
  if (!body) throw new ApiError(response.status, '/health', response.statusText);
  return body;
}

function problemText(body) {
  if (!body) return '';
  if (typeof body.error === 'string') return body.error;
  if (Array.isArray(body.errors)) return body.errors.map((p) => p.message).filter(Boolean).join('; ');
  if (typeof body.title === 'string') return body.title;
  return '';
}

const enc = encodeURIComponent;

export const api = {
  unit: (id, o) => getJson(`/api/v1/units/${enc(id)}`, o),
  participation: (id, period, o) => getJson(`/api/v1/participation/${enc(id)}/${enc(period)}`, o),
  participationChildren: (id, period, o) => getJson(`/api/v1/participation/${enc(id)}/${enc(period)}/children`, o),
  activities: (id, period, o) => getJson(`/api/v1/activities/${enc(id)}/${enc(period)}`, o),
  activitiesChildren: (id, period, o) => getJson(`/api/v1/activities/${enc(id)}/${enc(period)}/children`, o),
  poverty: (id, year, o) => getJson(`/api/v1/poverty/${enc(id)}/${enc(year)}`, o),
  povertyChildren: (id, year, o) => getJson(`/api/v1/poverty/${enc(id)}/${enc(year)}/children`, o),
  campaigns: (id, period, o) => getJson(`/api/v1/campaigns/${enc(id)}/${enc(period)}`, o),
  campaignChildren: (id, period, campaign, o) =>
    getJson(`/api/v1/campaigns/${enc(id)}/${enc(period)}/${enc(campaign)}/children`, o),
  streamUrl: (id) => `/api/v1/stream?unit=${enc(id)}`,
  deadLetters: (limit, o) => getJson(`/api/v1/dead-letters?limit=${enc(limit)}`, o),
};
