// Calls to the service's public API with the signed-in person's ID token. Every failure becomes an ApiError with
// the contract's fields (code, message, suggestion, details, requestId), or API Gateway's own
// ({"message": ...}) where the gateway answered, which is how a route this deployment does not have shows (404).

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || (body && body.message) || `The API answered ${status}.`);
    this.status = status;
    this.code = error.code || '';
    this.suggestion = error.suggestion || SUGGESTIONS[status] || '';
    this.details = error.details || [];
    this.requestId = error.requestId || '';
  }
}

const SUGGESTIONS = {
  0: 'Check your connection and try again.',
  401: 'Sign in again.',
  429: 'Too many requests: wait a moment and try again.',
};

export function createApi(base, session) {
  async function send(method, path, { query, body, headers, accept = [] } = {}) {
    const url = new URL(path.replace(/^\//, ''), base);
    for (const [name, value] of Object.entries(query || {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
    }
    const attempt = async () => {
      const request = {
        method,
        headers: { Authorization: `Bearer ${await session.idToken()}`, ...(headers || {}) },
        cache: 'no-store',
        credentials: 'omit',
      };
      if (body !== undefined) {
        request.headers['Content-Type'] = 'application/json';
        request.body = JSON.stringify(body);
      }
      try {
        return await fetch(url, request);
      } catch {
        throw new ApiError(0, { message: 'The API could not be reached.' });
      }
    };
    let response = await attempt();
    if (response.status === 401) {
      // A token refused by the gateway: refresh once (it may have just expired), then give up.
      await session.refresh();
      response = await attempt();
      if (response.status === 401) session.expire();
    }
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { message: text.slice(0, 200) };
    }
    if (response.ok || accept.includes(response.status)) return parsed;
    throw new ApiError(response.status, parsed);
  }

  return {
    get: (path, query, options = {}) => send('GET', path, { query, ...options }),
    post: (path, body, options = {}) => send('POST', path, { body, ...options }),
    put: (path, body) => send('PUT', path, { body }),
    patch: (path, body) => send('PATCH', path, { body }),
  };
}
