// The live stream of SPEC.md §6 (GET /api/v1/stream?unit=U, Server-Sent Events), with its state
// for the page: connecting, live, reconnecting, offline.
//
// Without a token it is a plain EventSource. EventSource cannot send an Authorization header, so
// with a token the same stream is read through fetch() and parsed here; both reconnect on their own.

import { authHeaders, token } from './api.js';

const EVENTS = ['participation', 'poverty', 'activities', 'campaigns'];
const MAX_BACKOFF_MS = 15000;

export class LiveFeed {
  /**
   * @param url the stream's URL
   * @param handlers {onEvent(type, row), onState(state), onOpen(reconnected), onUnauthorized()}
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.closed = false;
    this.openedBefore = false;
    this.backoff = 1000;
    this.timer = null;
    this.connect();
  }

  connect() {
    if (this.closed) return;
    this.state(this.openedBefore ? 'reconnecting' : 'connecting');
    if (token()) this.connectWithFetch();
    else this.connectWithEventSource();
  }

  connectWithEventSource() {
    const source = new EventSource(this.url);
    this.source = source;
    source.onopen = () => this.opened();
    for (const type of EVENTS) {
      source.addEventListener(type, (e) => this.deliver(type, e.data));
    }
    source.onerror = () => {
      if (this.closed) return;
      if (source.readyState === EventSource.CLOSED) {
        // The server answered with an error (or not SSE): EventSource gives up, we do not.
        this.source = null;
        this.retryLater('offline');
      } else {
        this.state('reconnecting');
      }
    };
  }

  async connectWithFetch() {
    const abort = new AbortController();
    this.abort = abort;
    try {
      const response = await fetch(this.url, {
        headers: { Accept: 'text/event-stream', ...authHeaders() },
        cache: 'no-store',
        signal: abort.signal,
      });
      if (response.status === 401) {
        this.handlers.onUnauthorized?.();
        this.retryLater('offline');
        return;
      }
      if (!response.ok || !response.body) {
        this.retryLater('offline');
        return;
      }
      this.opened();
      await this.readEvents(response.body);
      if (!this.closed) this.retryLater('reconnecting');
    } catch (e) {
      if (!this.closed) this.retryLater('reconnecting');
    }
  }

  async readEvents(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.closed) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') type = text;
          else if (field === 'data') data.push(text);
        }
        if (data.length && EVENTS.includes(type)) this.deliver(type, data.join('\n'));
      }
    }
  }

  opened() {
    const reconnected = this.openedBefore;
    this.openedBefore = true;
    this.backoff = 1000;
    this.state('live');
    this.handlers.onOpen?.(reconnected);
  }

  deliver(type, data) {
    let row;
    try {
      row = JSON.parse(data);
    } catch {
      return; // not a row: nothing on the page depends on it
    }
    this.handlers.onEvent(type, row);
  }

  retryLater(state) {
    this.state(state);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }

  state(s) {
    if (this.current === s) return;
    this.current = s;
    this.handlers.onState(s);
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.source?.close();
    this.abort?.abort();
  }
}
