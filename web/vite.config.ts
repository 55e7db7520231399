// The web app's build: React, served by Fastify under /app from dist/web (src/webapp/routes.ts).
// No inline script or style in the output, so the app runs under script-src 'self' / style-src 'self'.
// Every text file of the output also gets a .br and a .gz twin (build/precompress.ts).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Everything goes in files, never a data: URL inlined in the CSS or the script.
    assetsInlineLimit: 0,
    // The polyfill would be an extra script; every browser we support has modulepreload.
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
});
