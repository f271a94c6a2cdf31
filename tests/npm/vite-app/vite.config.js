// Relative asset URLs, so the built app works from any static path.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  logLevel: "warn",
  build: { outDir: "dist", emptyOutDir: true },
});
