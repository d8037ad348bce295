import { test, expect, type Page } from '@playwright/test';
import { assign, signIn, walkCourse } from './support/participant';
import { expectNoAxeViolations } from './support/axe';

const COURSE = 'victim-awareness';

async function declareAndStart(page: Page) {
  await page.getByRole('link', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Before you start');
  await page.getByRole('button', { name: 'Start the course' }).click();
  await expect(page.locator('.error-summary')).toContainText('Tick the box to say you will do the course yourself');
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Start the course' }).click();
  await expect(page.locator('.caption')).toContainText('Lesson 1 of');
}

async function completeWholeCourse(page: Page) {
  const who = assign(COURSE);
  await signIn(page, who);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your courses');
  await expect(page.locator('.course-card__deadline')).toContainText(/Finish by .*: 28 days left/);
  await declareAndStart(page);
  const walked = await walkCourse(page, COURSE, { oneWrongAnswer: true, shortReflectionFirst: true });
  expect(walked.wrongAnswerShown).toBe(true);
  expect(walked.shortReflectionRefused).toBe(true);
  expect(walked.scales).toEqual([4, 8]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You have finished the course');
  await expect(page.getByText(/You got 11 out of 12 questions right first time/)).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/my-courses');
  await expect(page).toHaveURL(/\/start$/);
  await signIn(page, who);
  await expect(page.locator('.course-card .tag')).toHaveText('Finished');
  await expect(page.getByRole('link', { name: 'See your result' })).toBeVisible();
}

test('a participant completes a whole course with JavaScript on', async ({ page }) => {
  test.setTimeout(180_000);
  await completeWholeCourse(page);
});

test('a participant completes a whole course with JavaScript off', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await completeWholeCourse(page);
  await context.close();
});

test('a participant can stop and carry on in another browser exactly where they were', async ({ browser }) => {
  const who = assign(COURSE);
  const first = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await first.newPage();
  await signIn(page, who);
  await declareAndStart(page);
  await walkCourse(page, COURSE, { stopAfter: 2 });
  const whereTheyWere = new URL(page.url()).pathname;
  await page.getByLabel('Your answer').fill('A draft I will finish later');
  await page.getByRole('button', { name: 'Save and come back later' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your answers are saved');
  await first.close();

  const second = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const again = await second.newPage();
  await signIn(again, who);
  await again.getByRole('link', { name: 'Continue' }).click();
  await expect(again).toHaveURL(new RegExp(`${whereTheyWere}$`));
  await expect(again.getByLabel('Your answer')).toHaveValue('A draft I will finish later');
  await second.close();
});

test('sending the same answer twice stores it once and never changes the first answer', async ({ page }) => {
  const who = assign(COURSE);
  await signIn(page, who);
  await declareAndStart(page);
  const lessonPage = new URL(page.url()).pathname;
  const origin = new URL(page.url()).origin;
  const secondOption = (await page.locator('label[for="choice-1"]').textContent())?.trim();
  const firstOption = (await page.locator('label[for="choice-0"]').textContent())?.trim();
  expect(secondOption).toBeTruthy();
  // A double tap, then a resend with a different choice after a dropped connection.
  const [first, second] = await Promise.all([
    page.request.post(lessonPage, { form: { choice: '1' }, headers: { origin }, maxRedirects: 0 }),
    page.request.post(lessonPage, { form: { choice: '1' }, headers: { origin }, maxRedirects: 0 }),
  ]);
  expect([first.status(), second.status()]).toEqual([303, 303]);
  const third = await page.request.post(lessonPage, { form: { choice: '0' }, headers: { origin }, maxRedirects: 0 });
  expect(third.status()).toBe(303);
  await page.goto(lessonPage);
  const yourAnswer = page.locator('.block--quiz > .list li');
  await expect(yourAnswer).toHaveCount(1);
  await expect(yourAnswer).toHaveText(secondOption ?? '');
  await expect(yourAnswer).not.toHaveText(firstOption ?? '');
  await expect(page.locator('.result__title')).toHaveCount(1);
});

test('a code is locked after 5 wrong tries, even with the right date of birth', async ({ page }) => {
  const who = assign(COURSE);
  const wrong = { ...who, dateOfBirth: { day: '1', month: '1', year: '1990' } };
  for (let i = 0; i < 4; i += 1) {
    await signIn(page, wrong);
    await expect(page.locator('.error-summary')).toContainText('The code or date of birth is not right');
  }
  await signIn(page, wrong);
  await expect(page.locator('.error-summary')).toContainText('You have tried too many times. Wait 15 minutes');
  await signIn(page, who);
  await expect(page.locator('.error-summary')).toContainText('You have tried too many times');
  await expect(page).toHaveURL(/\/start$/);
});

test('sign-in errors follow the GOV.UK pattern and do not say which detail was wrong', async ({ page }) => {
  await page.goto('/start');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: 'Enter the code from your letter' })).toHaveAttribute('href', '#code');
  await expect(summary.getByRole('link', { name: 'Enter your date of birth' })).toHaveAttribute('href', '#dob-day');
  await expectNoAxeViolations(page, 'sign-in error state');
});

test('participant pages pass axe and fit a 320 px screen', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const noSidewaysScroll = async (what: string) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `sideways scroll on ${what}`).toBeLessThanOrEqual(0);
  };
  await page.goto('/');
  await expectNoAxeViolations(page, 'home');
  await page.goto('/start');
  await expectNoAxeViolations(page, 'sign-in');
  await noSidewaysScroll('sign-in');
  const who = assign(COURSE);
  await signIn(page, who);
  await expectNoAxeViolations(page, 'your courses');
  await noSidewaysScroll('your courses');
  await page.getByRole('link', { name: 'Start' }).click();
  await expectNoAxeViolations(page, 'before you start');
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Start the course' }).click();
  // Wait for the first lesson before walking, or the walk could read the old page.
  await expect(page.locator('.caption')).toContainText('Lesson 1 of');
  const seen = new Set<string>();
  await walkCourse(page, COURSE, {
    shortReflectionFirst: true,
    onPage: async (kind) => {
      if (seen.has(kind)) return;
      seen.add(kind);
      await expectNoAxeViolations(page, `${kind} page`);
      await noSidewaysScroll(`${kind} page`);
    },
  });
  expect([...seen].sort()).toEqual(['prose', 'quiz', 'reflect', 'scale']);
  await expectNoAxeViolations(page, 'completion');
  await page.goto('/settings?return=/my-courses');
  await expectNoAxeViolations(page, 'display options');
  await context.close();
});

test('display options work without JavaScript and are remembered', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/start');
  await page.getByRole('link', { name: 'Display options' }).click();
  await page.getByLabel('Largest').check();
  await page.getByLabel(/High contrast/).check();
  await page.getByRole('button', { name: 'Save display options' }).click();
  await expect(page).toHaveURL(/\/start$/);
  await expect(page.locator('body')).toHaveClass(/text-largest/);
  await expect(page.locator('body')).toHaveClass(/high-contrast/);
  await page.goto('/');
  await expect(page.locator('body')).toHaveClass(/text-largest high-contrast/);
  await context.close();
});

test('a cross-site form post is refused and changes nothing', async ({ page }) => {
  const who = assign(COURSE);
  const response = await page.request.post('/start', {
    form: { code: who.code, day: '28', month: '2', year: '1999' },
    headers: { origin: 'https://evil.example' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()['set-cookie']).toBeUndefined();
});

test('with JavaScript, forms are sent without a full page reload', async ({ page }) => {
  const who = assign(COURSE);
  await signIn(page, who);
  await page.getByRole('link', { name: 'Start' }).click();
  await page.getByRole('checkbox').check();
  // Anything set on the window survives only if the page was not reloaded.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await page.getByRole('button', { name: 'Start the course' }).click();
  await expect(page.locator('.caption')).toContainText('Lesson 1 of');
  await walkCourse(page, COURSE, { stopAfter: 1 });
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});
