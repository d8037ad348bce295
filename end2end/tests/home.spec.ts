import { test, expect } from '@playwright/test';

test('home page offers a way in for participants and for staff', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/Reroute/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Do your online course');
  await expect(page.getByRole('link', { name: 'Start now' })).toHaveAttribute('href', '/start');
  await expect(page.getByRole('link', { name: 'Staff sign in' })).toHaveAttribute('href', '/staff/sign-in');
});

test('home page fits a 360 px wide phone without sideways scrolling', async ({ page }) => {
  await page.goto('/');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('islands hydrate: the read-aloud button appears and responds only with the wasm loaded', async ({ page }) => {
  await page.goto('/');
  // The button is rendered by the island after hydration: it is never in the server HTML.
  const button = page.getByRole('button', { name: 'Read this page aloud' });
  await expect(button).toBeVisible();
  await button.click();
  await expect(page.getByRole('button', { name: 'Stop reading' })).toHaveAttribute('aria-pressed', 'true');
});

test('without JavaScript the page still works and shows no dead read-aloud button', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Start now' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Read this page aloud' })).toHaveCount(0);
  await context.close();
});
