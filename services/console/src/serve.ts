import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Role, Roles } from '@chungtay/contracts';
import express, { type Router } from 'express';

/** Where `vite build` leaves the console; `pnpm start` builds it first. */
export const consoleDist = fileURLToPath(new URL('../dist', import.meta.url));

/**
 * Only the platform's own origin: every script, style and font is served from here, none from a CDN. The
 * identity provider is the one other origin the page may ask (its discovery document and token endpoint).
 */
const contentSecurityPolicy = (identityProvider?: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${identityProvider ? ` ${new URL(identityProvider).origin}` : ''}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');

/** The province's identity provider, for OpenID Connect sign-in (decision 0053). */
export interface OidcSignIn {
  readonly issuer: string;
  /** The console's public client at the provider (no secret: PKCE protects the code). */
  readonly clientId: string;
}

export interface DemoSignIn {
  /** The demo users, by role: what the sign-in page lists (ids, communes and units; no names). */
  readonly users: ReadonlyArray<{
    readonly role: Role;
    readonly communes: readonly string[];
    readonly unit?: string;
  }>;
  /** A token for the demo user of this role, from the embedded issuer. */
  mint(role: Role): Promise<string>;
}

/**
 * The console's routes: its built assets at / and, in the embedded default only, the demo sign-in
 * (decision 0045). A production process passes no `demoSignIn`, so it has no route that mints a token.
 */
export function consoleRoutes(
  options: { readonly dist?: string; readonly demoSignIn?: DemoSignIn; readonly oidc?: OidcSignIn } = {},
): Router {
  const dist = options.dist ?? consoleDist;
  const router = express.Router();
  const policy = contentSecurityPolicy(options.oidc?.issuer);
  router.use((_request, response, next) => {
    response.set({
      'content-security-policy': policy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    next();
  });
  router.get('/', (_request, response) => {
    // Looked up on each request: a build made after the start is served without a restart.
    if (!existsSync(`${dist}/index.html`)) {
      response
        .status(503)
        .type('text/plain')
        .send('The console is not built: pnpm --filter @chungtay/console build');
      return;
    }
    response.set('cache-control', 'no-cache').sendFile(`${dist}/index.html`);
  });
  // The build's Brotli or gzip copy when the browser takes it (made at build time: vite.config.ts).
  router.get('/assets/:name', (request, response, next) => {
    const name = request.params.name;
    const type = /\.js$/.test(name) ? 'text/javascript' : /\.css$/.test(name) ? 'text/css' : undefined;
    if (!type || !/^[\w.-]+$/.test(name)) return next();
    const accepted = request.header('accept-encoding') ?? '';
    const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
    const file = encoding && `${dist}/assets/${name}.${encoding === 'br' ? 'br' : 'gz'}`;
    if (!file || !existsSync(file)) return next();
    response
      .set({
        'content-type': `${type}; charset=utf-8`,
        'content-encoding': encoding,
        vary: 'accept-encoding',
        'cache-control': 'public, max-age=31536000, immutable',
      })
      .sendFile(file);
  });
  // Hashed file names: a new build is a new name, so an asset can be kept for a year.
  router.use(
    '/assets',
    express.static(`${dist}/assets`, { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  // How people sign in here: the demo's users, or the province's identity provider.
  router.get('/console/config', (_request, response) => {
    response
      .set('cache-control', 'no-store')
      .json(
        options.demoSignIn
          ? { signIn: 'demo' }
          : options.oidc
            ? { signIn: 'oidc', issuer: options.oidc.issuer, clientId: options.oidc.clientId }
            : { signIn: 'none' },
      );
  });
  const demo = options.demoSignIn;
  if (demo) {
    router.get('/console/demo-users', (_request, response) => {
      response.set('cache-control', 'no-store').json({ users: demo.users });
    });
    router.post('/console/sign-in', express.json({ limit: '1kb' }), async (request, response) => {
      const role = Roles.schema.safeParse((request.body as { role?: unknown } | undefined)?.role);
      if (!role.success) {
        response.status(400).json({
          title: 'Bad Request',
          status: 400,
          detail: 'role must be one of the demo roles',
          errors: [{ field: 'role', message: `one of ${Roles.codes.join(', ')}` }],
        });
        return;
      }
      response.set('cache-control', 'no-store').json({ token: await demo.mint(role.data) });
    });
  }
  return router;
}
