// Where the e2e suite's two preview servers listen: the app's production build (dist/) and the
// test pages' build (dist-pages/, vite.pages.config.ts). E2E_PORT moves both; the pages server
// sits 100 above, away from the ports next to it that other checkouts tend to pick.
export const APP_PORT = Number(process.env.E2E_PORT ?? 5199);
export const PAGES_PORT = Number(process.env.E2E_PAGES_PORT ?? APP_PORT + 100);
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
export const PAGES_URL = `http://127.0.0.1:${PAGES_PORT}`;
