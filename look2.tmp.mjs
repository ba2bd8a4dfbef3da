import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-background-networking','--disable-component-update','--no-first-run','--enable-unsafe-swiftshader'] });
const page = await browser.newPage();
page.on('response', (r) => { if (r.status() >= 400) console.log('HTTP', r.status(), r.url()); });
page.on('requestfailed', (r) => console.log('FAILED', r.url()));
await page.goto('http://127.0.0.1:5199/?backend=wasm&autostart=0');
await page.waitForTimeout(5000);
console.log('isolated', await page.evaluate(() => crossOriginIsolated), await page.evaluate(() => navigator.hardwareConcurrency));
await browser.close();
