#!/usr/bin/env node
// Local static server for development and tests. No dependencies.
//   node tools/serve.mjs [--port 8080] [--host 127.0.0.1]
// Serves www/ at /, pkg/ at /pkg/ and data/ at /data/, with the MIME types browsers insist on
// (application/wasm for streaming compilation), no caching (every reload revalidates: ETag, 304), and the strict
// Content-Security-Policy the app must work under, with `frame-ancestors` from the deployment file
// (www/sqsb.config.json: only the hosts it lists may frame the page; none without it). Prints the URL it listens
// on as its first line.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// `root` is the repository, or a copy of its www/, pkg/ and data/ (the offline tests serve a changed copy to
// see the service worker pick up a new version).
function mountsUnder(root) {
  return [
    ['/pkg/', path.join(root, 'pkg')],
    ['/data/', path.join(root, 'data')],
    ['/', path.join(root, 'www')],
  ];
}

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
export const DEPLOYMENT_FILE = 'sqsb.config.json';

/** The `frame-ancestors` directive for a deployment (README "Embedding" has the same for nginx): the site itself
 *  and the hosts the deployment lists, exact origins only. */
export function frameAncestors(deployment) {
  const hosts = Array.isArray(deployment?.hosts) ? deployment.hosts : [];
  const exact = hosts.filter((h) => typeof h === 'string' && /^https?:\/\/[a-z0-9.\-\[\]:]+$/.test(h));
  return ["frame-ancestors 'self'", ...exact].join(' ');
}

/** The deployment file under `root`'s www/, or null when there is none or it is not JSON. */
function deploymentFile(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'www', DEPLOYMENT_FILE), 'utf8'));
  } catch {
    return null;
  }
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

function resolve(urlPath, mounts) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  for (const [prefix, dir] of mounts) {
    if (!decoded.startsWith(prefix)) continue;
    let rel = decoded.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(dir, rel);
    // Never serve anything outside the mounted folder.
    if (file !== dir && !file.startsWith(dir + path.sep)) return null;
    return file;
  }
  return null;
}

// `compress`: answer with brotli when the browser accepts it, as a production server would (the load benchmark,
// tools/bench-load.mjs, needs the bytes a citizen's phone would receive). Off for the tests, which look at the
// files as they are.
const compressed = new Map();
function brotli(file, etag) {
  const key = `${file} ${etag}`;
  if (!compressed.has(key)) {
    compressed.set(key, zlib.brotliCompressSync(fs.readFileSync(file), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
    }));
  }
  return compressed.get(key);
}

// `throttle`: { bytesPerSecond, latencyMs } — every answer crosses one shared slow link, as on a phone: each waits
// `latencyMs` before its first byte, then all bodies in flight share the bandwidth equally (the load benchmark's
// first-guide case, where the page and its service worker download at the same time; Chromium's own throttling
// does not reach service workers). Off for the tests and for `make run`.
function sharedLink({ bytesPerSecond, latencyMs }) {
  const flows = new Set();
  const TICK_MS = 20;
  let timer = null;
  let last = 0;
  let carry = 0;
  const tick = () => {
    // From the time that really passed (timers run late under load), plus what the last tick could not use.
    const now = performance.now();
    let budget = carry + (bytesPerSecond * (now - last)) / 1000;
    last = now;
    // Equal shares, and what a finishing flow leaves over goes to the others in the same tick.
    while (budget >= 1 && flows.size > 0) {
      const share = Math.max(1, Math.floor(budget / flows.size));
      for (const flow of [...flows]) {
        const n = Math.min(share, flow.body.length - flow.sent, Math.floor(budget));
        if (n <= 0) continue;
        flow.res.write(flow.body.subarray(flow.sent, flow.sent + n));
        flow.sent += n;
        budget -= n;
        if (flow.sent >= flow.body.length) {
          flows.delete(flow);
          flow.res.end();
        }
      }
    }
    carry = flows.size > 0 ? budget : 0;
    if (flows.size === 0) {
      clearInterval(timer);
      timer = null;
    }
  };
  return {
    delay: (then) => setTimeout(then, latencyMs),
    send(res, body) {
      if (body.length === 0) {
        res.end();
        return;
      }
      const flow = { res, body, sent: 0 };
      flows.add(flow);
      // The browser gave up on it (navigated away, cancelled): stop sending.
      res.once('close', () => flows.delete(flow));
      if (!timer) {
        last = performance.now();
        timer = setInterval(tick, TICK_MS);
      }
    },
  };
}

// `deployment`: the deployment to serve at /sqsb.config.json instead of www/'s file — an object, `null` for none
// (404), or a function returning either, asked on every request (the hand-off tests change it between cases).
// `csp`: another Content-Security-Policy, for pages that are not the app (the React + RJSF peer of
// tools/bench-apply.mjs, whose ajv validator compiles schemas with `new Function`).
export function createServer({ root = repo, compress = false, throttle = null, deployment, csp = CSP } = {}) {
  const mounts = mountsUnder(root);
  const link = throttle ? sharedLink(throttle) : null;
  const currentDeployment = () => {
    if (deployment === undefined) return deploymentFile(root);
    return typeof deployment === 'function' ? deployment() : deployment;
  };
  const handler = (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const overridden = deployment !== undefined && url.pathname === `/${DEPLOYMENT_FILE}`;
    const file = overridden ? null : resolve(url.pathname, mounts);
    const headers = {
      'Content-Security-Policy': `${csp}; ${frameAncestors(currentDeployment())}`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      // Everything, sw.js and pkg/precache.js included, is revalidated on every request: a stale worker script
      // would hold back app updates (the worker does its own caching for offline use).
      'Cache-Control': 'no-cache',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    if (overridden) {
      const current = currentDeployment();
      if (current === null) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('未找到 (404)');
      } else {
        res.writeHead(200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' })
          .end(typeof current === 'string' ? current : JSON.stringify(current));
      }
      return;
    }
    fs.stat(file ?? '', (err, stat) => {
      if (!file || err || !stat.isFile()) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('未找到 (404)');
        return;
      }
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      // A validator from size and modification time, so that revalidation (Cache-Control: no-cache, the app's
      // catalog update check) costs a 304 when nothing changed.
      const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ...headers, ETag: etag }).end();
        return;
      }
      if (compress && /\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
        const body = brotli(file, etag);
        res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': body.length, 'Content-Encoding': 'br',
          Vary: 'Accept-Encoding', ETag: etag });
        if (req.method === 'HEAD') res.end();
        else if (link) link.send(res, body);
        else res.end(body);
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': stat.size, ETag: etag });
      if (req.method === 'HEAD') res.end();
      else if (link) link.send(res, fs.readFileSync(file));
      else fs.createReadStream(file).pipe(res);
    });
  };
  return http.createServer(link ? (req, res) => link.delay(() => handler(req, res)) : handler);
}

export function listen(port = 0, host = '127.0.0.1', options = {}) {
  return new Promise((resolvePromise, reject) => {
    const server = createServer(options);
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({ server, url: `http://${host}:${actual}/` });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const port = Number(opt('--port', process.env.PORT ?? 8080));
  const host = opt('--host', '127.0.0.1');
  // The build writes the wasm into pkg/, the page with the prerendered home and the minified boot code into www/.
  const built = ['pkg/weihai_sqsb_bg.wasm', 'www/index.html', 'www/boot.js']
    .every((file) => fs.existsSync(path.join(repo, file)));
  if (!built) {
    console.error('提示：还没有构建结果（pkg/、www/index.html 或 www/boot.js），请先运行 make build。');
  }
  listen(port, host).then(({ url }) => console.log(`Serving the app at ${url}`), (e) => {
    console.error(`无法监听 ${host}:${port}: ${e.message}`);
    process.exit(1);
  });
}
