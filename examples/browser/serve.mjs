// A static file server for the browser example: `node examples/browser/serve.mjs [PORT]`, then
// open http://127.0.0.1:PORT/examples/browser/ (default port 8080). It serves the repository
// read-only on loopback, with the two headers that make the page cross-origin isolated, which
// a shared WebAssembly.Memory needs.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

const server = createServer((req, res) => {
  const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
  const file = path.endsWith(sep) ? join(path, 'index.html') : path;
  let found = false;
  try {
    found = file.startsWith(root) && statSync(file).isFile();
  } catch {
    found = false;
  }
  if (req.method !== 'GET' || !found) {
    res.writeHead(req.method === 'GET' ? 404 : 405).end();
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  });
  createReadStream(file).pipe(res);
});
server.listen(port, '127.0.0.1', () => console.log(`http://127.0.0.1:${port}/examples/browser/`));
