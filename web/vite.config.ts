import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = 'http://127.0.0.1:8080';

/** The web app: built into web/dist, which the server serves; in dev, API calls go through to the server. */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      // ws: the live alert WebSocket lives under /api too.
      '/api': { target: server, ws: true },
      '/healthz': server,
      '/readyz': server,
    },
  },
});
