import { defineConfig } from 'vite';

// Served by the gateway at `/`: relative asset paths so it works behind any prefix.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
