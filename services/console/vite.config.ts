import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Each built script and style sheet also as Brotli and gzip, made once at build time, so the platform serves
 * them compressed without compressing per request: phones in mountain communes load a third of the bytes.
 */
function precompressed(): Plugin {
  return {
    name: 'chungtay-precompressed',
    apply: 'build',
    async writeBundle(options) {
      const assets = join(options.dir ?? 'dist', 'assets');
      for (const name of await readdir(assets)) {
        if (!/\.(js|css)$/.test(name)) continue;
        const content = await readFile(join(assets, name));
        await writeFile(
          join(assets, `${name}.br`),
          brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        await writeFile(join(assets, `${name}.gz`), gzipSync(content, { level: 9 }));
      }
    },
  };
}

// Built into dist/ and served by the platform itself (embedded default and gateway): nothing from a CDN.
export default defineConfig({
  plugins: [react(), precompressed()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
});
