/**
 * The hosts only the sandbox build permits (the emulator and fixture pages, on any port): added
 * by `vite build --mode sandbox`, and refused by `npm run package` so no sandbox build ships.
 */
export const SANDBOX_HOSTS = ["http://127.0.0.1/*", "http://localhost/*"];
