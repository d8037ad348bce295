import { test, expect, type Browser } from '@playwright/test';
import { assign, otherSite, signIn, walkCourse } from './support/participant';

// The checker's valid fixture course was written from CONTENT-FORMAT.md alone. A second
// server runs on that content folder; the course must work end to end without any code
// written for it.
const COURSE = 'thinking-about-victims';

async function completeIt(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const who = assign(COURSE, otherSite);
  await signIn(page, who, who.code, otherSite.baseURL);
  await page.getByRole('link', { name: 'Start' }).click();
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Start the course' }).click();
  await expect(page.locator('.caption')).toContainText('Lesson 1 of');
  const walked = await walkCourse(page, COURSE, { content: otherSite.content });
  expect(walked.answered).toBeGreaterThan(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You have finished the course');
  await context.close();
}

test('a course written by someone else from the format alone can be completed with JavaScript on', async ({ browser }) => {
  await completeIt(browser, true);
});

test('a course written by someone else from the format alone can be completed with JavaScript off', async ({ browser }) => {
  await completeIt(browser, false);
});

test('its lesson media are served, and nothing else from the course folder', async ({ request }) => {
  const media = await request.get(`${otherSite.baseURL}/courses/${COURSE}/media/shop.png`);
  expect(media.status()).toBe(200);
  expect(media.headers()['content-type']).toContain('image/png');
  for (const path of ['course.toml', '01-who-is-affected.md', '..%2Fcourse.toml']) {
    const response = await request.get(`${otherSite.baseURL}/courses/${COURSE}/media/${path}`);
    expect(response.status(), path).toBe(404);
  }
});
