// The public API (docs/api.md) as the app uses it: JSON calls and a turn streamed as server-sent events over fetch.

/** An HTTP error with the API's error body and Retry-After (seconds, or null). */
export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export class NetworkError extends Error {}

async function errorOf(response) {
  let code = `http_${response.status}`;
  let message = response.statusText || "";
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch (_) { /* not JSON: keep the status */ }
  const header = response.headers.get("Retry-After");
  const retry = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : null;
  return new ApiError(response.status, code, message, retry);
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  headers(json) {
    const h = { Authorization: `Bearer ${this.token}` };
    if (json) h["Content-Type"] = "application/json";
    return h;
  }

  async call(method, path, body, signal) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: this.headers(body !== undefined),
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal,
      });
    } catch (err) {
      if (err.name === "AbortError") throw err;
      throw new NetworkError(String(err));
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  async json(method, path, body) {
    return (await this.call(method, path, body)).json();
  }

  createSession(locale) {
    return this.json("POST", "/v1/sessions", { locale });
  }

  getSession(id) {
    return this.json("GET", `/v1/sessions/${encodeURIComponent(id)}`);
  }

  questionnaire(locale) {
    return this.json("GET", `/v1/profile/risk-questionnaire?locale=${encodeURIComponent(locale)}`);
  }

  assess(answers, locale) {
    return this.json("POST", "/v1/profile/risk-assessment", { answers, locale });
  }

  /**
   * Send a message and call onEvent(name, data) for each SSE event (delta, card, notice, done, error).
   * Aborting `signal` closes the connection, which cancels the turn all the way to the engine.
   */
  async streamMessage(sessionId, text, locale, signal, onEvent) {
    const response = await this.call("POST", `/v1/sessions/${encodeURIComponent(sessionId)}/messages`,
      { text, locale }, signal);
    const reader = response.body.getReader();
    const parser = new SseParser(onEvent);
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  }
}

/** Incremental text/event-stream parser: comment lines (keep-alives) are skipped. */
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = "";
    this.event = "message";
    this.data = [];
  }

  push(chunk) {
    this.buffer += chunk;
    let nl;
    while ((nl = this.buffer.search(/\r\n|\n|\r/)) >= 0) {
      const line = this.buffer.slice(0, nl);
      const sep = this.buffer.startsWith("\r\n", nl) ? 2 : 1;
      this.buffer = this.buffer.slice(nl + sep);
      this.line(line);
    }
  }

  line(line) {
    if (line === "") { this.dispatch(); return; }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
  }

  dispatch() {
    if (this.data.length) {
      const raw = this.data.join("\n");
      let data;
      try { data = JSON.parse(raw); } catch (_) { data = { text: raw }; }
      this.onEvent(this.event, data);
    }
    this.event = "message";
    this.data = [];
  }

  end() {
    if (this.buffer) this.line(this.buffer);
    this.buffer = "";
    this.dispatch();
  }
}
