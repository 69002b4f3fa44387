// A Hookline webhook receiver that checks every request with the Standard Webhooks library
// (npm package `standardwebhooks`) before it trusts the body.
//
//   npm ci --prefix docs/examples/node
//   WEBHOOK_SECRET='whsec_...' PORT=9000 node docs/examples/node/receiver.js
//
// WEBHOOK_SECRET is the `secret` Hookline returned when the webhook was created
// (or GET /v1/workspaces/{ws}/webhooks/{id}/secret). HOST defaults to 127.0.0.1; PORT 0 picks a free port.
// Each verified request prints one line `verified webhook-id=... bytes=... sha256=... event_type=...`
// followed by the body exactly as received; a request whose signature does not verify gets 401 (a signed body
// that is not a JSON object 400), with a line `refused webhook-id=...: why`.
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const { Webhook } = require('standardwebhooks');

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 9000);
const secret = process.env.WEBHOOK_SECRET;
const webhook = secret ? new Webhook(secret) : null;
if (!webhook) {
  console.error('WEBHOOK_SECRET is not set: every request gets 503 until it is (use the webhook\'s whsec_... secret).');
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    // Verify the exact bytes that arrived, before parsing them: re-serialized JSON would not match the signature.
    const body = Buffer.concat(chunks);
    if (!webhook) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('WEBHOOK_SECRET is not set\n');
      return;
    }
    try {
      // checks webhook-id, webhook-timestamp (5 min) and webhook-signature; the body is parsed below
      webhook.verify(body, req.headers, { jsonParse: false });
    } catch (err) {
      refuse(req, res, 401, err.message, 'signature does not verify');
      return;
    }
    let payload;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch (err) {
      payload = null;
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      refuse(req, res, 400, 'signed, but the body is not a JSON object', 'body is not a JSON object');
      return;
    }
    const sha256 = crypto.createHash('sha256').update(body).digest('hex');
    const eventType = payload.event_type || 'legacy message';
    console.log(`verified webhook-id=${req.headers['webhook-id']} bytes=${body.length} sha256=${sha256} event_type=${eventType}`);
    console.log(body.toString('utf8'));
    // Hookline never resends: answer 2xx at once, and de-duplicate on webhook-id if you store events.
    res.writeHead(204).end();
  });
});

function refuse(req, res, status, why, answer) {
  console.log(`refused webhook-id=${req.headers['webhook-id']}: ${why}`);
  res.writeHead(status, { 'content-type': 'text/plain' }).end(`${answer}\n`);
}

server.listen(port, host, () => console.log(`listening on http://${host}:${server.address().port}/`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
