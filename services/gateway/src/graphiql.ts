import type { Express } from 'express';

/**
 * GraphiQL served whole by the platform (issue 17, item 10): its script, styles, editor workers and icon
 * come from the npm package `@graphql-yoga/render-graphiql` and are served here, so the page works with
 * only the platform reachable and runs no third-party code where a token is typed. The page has no inline
 * script, and a Content-Security-Policy lets it load and connect to this origin alone.
 */
export const GRAPHIQL_ASSETS = '/graphiql';

/**
 * Only the platform's own origin. React and the editor set styles at run time, hence 'unsafe-inline' for
 * styles alone; images and fonts may be data: URLs of the bundle itself.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

// Starts GraphiQL with the options the page carries as JSON: an external script, as the policy wants.
const START = `(() => {
  const options = JSON.parse(document.getElementById('graphiql-options').textContent);
  const workers = {
    editorWorkerService: '${GRAPHIQL_ASSETS}/editor.worker.js',
    json: '${GRAPHIQL_ASSETS}/json.worker.js',
    graphql: '${GRAPHIQL_ASSETS}/graphql.worker.js',
  };
  self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => workers[label] };
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
})();
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The page; yoga calls it with the options of `graphiql` (title, default query, endpoint). */
export function graphiqlPage(options: Record<string, unknown> = {}): string {
  const title = typeof options.title === 'string' ? options.title : 'GraphiQL';
  // `<` escaped so that no option can close the JSON block.
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="${GRAPHIQL_ASSETS}/favicon.ico" />
    <link rel="stylesheet" href="${GRAPHIQL_ASSETS}/graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL cần JavaScript.</noscript>
    <div id="root"></div>
    <script type="application/json" id="graphiql-options">${json}</script>
    <script src="${GRAPHIQL_ASSETS}/graphiql.js"></script>
    <script src="${GRAPHIQL_ASSETS}/start.js"></script>
  </body>
</html>`;
}

/** Mounts the assets (loaded from the package on first use: 9 MB that production never loads). */
export function serveGraphiqlAssets(app: Express): void {
  let assets: Promise<Map<string, { type: string; body: Buffer }>> | undefined;
  const load = async () => {
    const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
    const script = 'text/javascript; charset=utf-8';
    const icon = /^data:[^;]+;base64,(.*)$/.exec(bundle.favicon)?.[1] ?? '';
    return new Map([
      ['graphiql.js', { type: script, body: Buffer.from(bundle.js) }],
      ['graphiql.css', { type: 'text/css; charset=utf-8', body: Buffer.from(bundle.css) }],
      ['editor.worker.js', { type: script, body: Buffer.from(bundle.editorWorkerService) }],
      ['json.worker.js', { type: script, body: Buffer.from(bundle.jsonWorker) }],
      ['graphql.worker.js', { type: script, body: Buffer.from(bundle.graphqlWorker) }],
      ['start.js', { type: script, body: Buffer.from(START) }],
      ['favicon.ico', { type: 'image/x-icon', body: Buffer.from(icon, 'base64') }],
    ]);
  };
  app.get(`${GRAPHIQL_ASSETS}/:name`, (request, response, next) => {
    assets ??= load();
    assets
      .then((loaded) => {
        const asset = loaded.get(request.params.name);
        if (!asset) {
          response.status(404).json({ errors: [{ message: 'no such asset' }] });
          return;
        }
        response
          .status(200)
          .set({
            'content-type': asset.type,
            'cache-control': 'public, max-age=86400',
            'x-content-type-options': 'nosniff',
          })
          .send(asset.body);
      })
      .catch(next);
  });
}
