import { chromium } from '@playwright/test';
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-background-networking','--disable-component-update','--no-first-run','--enable-unsafe-swiftshader'] });
const page = await browser.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
page.on('console', (m) => { if (m.type() === 'error' || m.type()==='warning') console.log('console:', m.text().slice(0, 200)); });
const t0 = Date.now();
await page.goto(url);
const st = page.getByRole('status', { name: 'Training status' });
for (let i = 0; i < 10; i++) {
  await page.waitForTimeout(4000);
  const d = await st.evaluate((e) => ({ ...e.dataset }));
  console.log(((Date.now() - t0) / 1000).toFixed(1), d.step, d.examples, Number(d.examplesPerSecond).toFixed(0), d.loss);
}
await browser.close();
