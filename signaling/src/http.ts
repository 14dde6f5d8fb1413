// Small response helpers shared by the router and the session object.

/** WebSocket close code for a refused connection or a frame breaking the rules (RFC 6455 "policy violation"). */
export const CLOSE_POLICY = 1008;

/** A JSON response that no cache may keep. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * Completes a websocket upgrade only to send `frame` (an ERROR or ID-TAKEN frame) and close with `code`:
 * the PeerJS client learns why it was refused from that frame, not from an HTTP status.
 */
export function refuseWebSocket(frame: string, reason: string, code = CLOSE_POLICY): Response {
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  server.send(frame);
  server.close(code, reason);
  return new Response(null, { status: 101, webSocket: client });
}

/** 429 JSON with `Retry-After` (whole seconds, at least 1): a per-address budget is spent for now. */
export function tooManyRequests(retryAfterSeconds: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const response = json({ error: 'Too many requests from your network; try again shortly', retryAfterSeconds: seconds }, 429);
  response.headers.set('retry-after', String(seconds));
  return response;
}
