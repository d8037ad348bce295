import { test, expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { signIn, walkCourse } from './support/participant';
import { expectNoAxeViolations } from './support/axe';

const PASSWORD = 'plum kettle orbit 7';

/** The demo admin's email and password, from the credentials the server wrote. */
function demoAdmin(): { email: string; password: string } {
  const text = fs.readFileSync(path.join(process.env.REROUTE_E2E_DATA_DIR ?? '', 'demo-credentials.txt'), 'utf8');
  const block = text.slice(text.indexOf('Admin:'));
  const email = /email\s+(\S+)/.exec(block)?.[1];
  const password = /password\s+(\S+)/.exec(block)?.[1];
  if (!email || !password) throw new Error(`no admin in the demo credentials:\n${text}`);
  return { email, password };
}

async function staffSignIn(page: Page, email: string, password: string) {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.staff-nav__account')).toBeVisible();
}

async function count(page: Page, label: string): Promise<number> {
  await page.goto('/staff');
  const card = page.locator('.count-card', { has: page.locator('.count-card__label', { hasText: new RegExp(`^${label}$`) }) });
  return Number(((await card.locator('.count-card__count').textContent()) ?? '').replace(/,/g, ''));
}

test('an admin adds a caseworker, who assigns a course that the participant finishes and the caseworker closes', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const stamp = Date.now();
  const caseworker = { name: 'Casey Worker', email: `casey.${stamp}@demo.reroute.test` };
  const participantName = `Pat Example ${stamp}`;

  // The admin adds a caseworker.
  const admin = demoAdmin();
  await staffSignIn(page, admin.email, admin.password);
  await page.goto('/staff/users');
  await expectNoAxeViolations(page, 'staff accounts');
  await page.getByLabel('Full name').fill(caseworker.name);
  await page.getByLabel('Email address').fill(caseworker.email);
  await page.getByRole('radio', { name: 'Caseworker' }).check();
  await page.getByLabel('Password', { exact: true }).fill('password1234');
  await page.getByRole('button', { name: 'Add member of staff' }).click();
  await expect(page.locator('.error-summary')).toContainText('too easy to guess');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Add member of staff' }).click();
  await expect(page.getByText('Member of staff added')).toBeVisible();
  await expect(page.getByRole('cell', { name: caseworker.email })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  // The caseworker assigns a course.
  await staffSignIn(page, caseworker.email, PASSWORD);
  const awaitingBefore = await count(page, 'Completed, awaiting review');
  const assignedBefore = await count(page, 'Assigned');
  await expectNoAxeViolations(page, 'dashboard');
  await page.getByRole('link', { name: 'Assign a course' }).click();
  await page.getByRole('button', { name: 'Assign course' }).click();
  await expect(page.locator('.error-summary')).toContainText("Enter the person's full name");
  await expectNoAxeViolations(page, 'assign form with errors');
  await page.getByLabel('Full name').fill(participantName);
  await page.getByLabel('Day').first().fill('28');
  await page.getByLabel('Month').first().fill('2');
  await page.getByLabel('Year').first().fill('1999');
  await page.getByLabel('Force reference').fill(`CR/${stamp}`);
  await page.getByRole('radio', { name: 'Thinking about victims' }).check();
  await page.getByLabel('Disposal', { exact: true }).selectOption('community-resolution');
  await page.getByLabel('The condition, as worded on the disposal').fill('Complete the Thinking about victims course by the deadline.');
  await page.getByRole('button', { name: 'Assign course' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Course assigned');
  const code = ((await page.locator('.access-code').textContent()) ?? '').trim();
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expectNoAxeViolations(page, 'course assigned');
  await page.getByRole('button', { name: 'Print the letter' }).click();
  await expect(page.getByText(code)).toBeVisible();
  await expect(page.getByText(/\/start/).first()).toBeVisible();
  expect(await count(page, 'Assigned')).toBe(assignedBefore + 1);

  // The participant does the course on their phone.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const participant = await phone.newPage();
  await signIn(participant, { assignmentId: '', code, name: participantName, dateOfBirth: { day: '28', month: '2', year: '1999' } });
  await participant.getByRole('link', { name: 'Start' }).click();
  await participant.getByRole('checkbox').check();
  await participant.getByRole('button', { name: 'Start the course' }).click();
  await expect(participant.locator('.caption')).toContainText('Lesson 1 of');
  const walked = await walkCourse(participant, 'victim-awareness', { oneWrongAnswer: true });
  expect(walked.scales).toEqual([4, 8]);
  await expect(participant.getByRole('heading', { level: 1 })).toHaveText('You have finished the course');
  await participant.goto('/my-courses/who-has-seen-my-record');
  await expect(participant.getByRole('heading', { level: 1 })).toHaveText('Who has seen your record');
  await expectNoAxeViolations(participant, 'who has seen your record');
  await phone.close();

  // The caseworker sees it completed, awaiting review, with every answer.
  expect(await count(page, 'Completed, awaiting review')).toBe(awaitingBefore + 1);
  await page.locator('.count-card', { hasText: 'Completed, awaiting review' }).click();
  await page.getByRole('link', { name: participantName }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(participantName);
  await expect(page.locator('.tag', { hasText: 'Completed, awaiting review' }).first()).toBeVisible();
  await expect(page.getByText('Wrong first time')).toHaveCount(1);
  await expect(page.getByText('Right first time').first()).toBeVisible();
  await expect(page.getByText(/I would stop and think first/).first()).toBeVisible();
  await expect(page.getByText('Score 11 of 12')).toBeVisible();
  for (const step of ['Assigned', 'Letter printed', 'First signed in', 'Reached lesson 1', 'Finished the course']) {
    await expect(page.locator('.timeline__title', { hasText: step }).first()).toBeVisible();
  }
  const scaleRow = page.locator('.table tbody tr').first();
  await expect(scaleRow.locator('td').nth(0)).toHaveText('4');
  await expect(scaleRow.locator('td').nth(1)).toHaveText('8');
  await expectNoAxeViolations(page, 'assignment with answers');

  // The caseworker records the outcome, and the counts move.
  await page.getByRole('link', { name: 'Record the outcome' }).click();
  await page.getByRole('button', { name: 'Record outcome' }).click();
  await expect(page.locator('.error-summary')).toContainText('Select the outcome');
  await expectNoAxeViolations(page, 'record outcome with errors');
  await page.getByRole('radio', { name: 'Complied', exact: true }).check();
  await page.getByLabel('Reason').fill('Finished the course and passed.');
  await page.getByRole('button', { name: 'Record outcome' }).click();
  await expect(page.getByText('Outcome recorded.')).toBeVisible();
  await expect(page.locator('.timeline__title', { hasText: 'Outcome recorded' })).toBeVisible();
  expect(await count(page, 'Completed, awaiting review')).toBe(awaitingBefore);
});

test('the staff pages pass axe and fit at 320 pixels wide', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const admin = demoAdmin();
  await staffSignIn(page, admin.email, admin.password);
  for (const url of ['/staff', '/staff/assign', '/staff/users', '/staff/settings', '/staff/courses', '/staff/courses/anger', '/staff/account', '/staff/account/two-factor', '/staff/audit', '/staff/api-clients', '/staff/webhooks']) {
    await page.goto(url);
    await expectNoAxeViolations(page, `${url} at 320 px`);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(sideways, `${url} scrolls sideways at 320 px`).toBe(false);
  }
  await context.close();
});

test('staff forms work without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const admin = demoAdmin();
  await staffSignIn(page, admin.email, admin.password);
  await page.goto('/staff/settings');
  await page.getByLabel('Community resolution').fill('0');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('.error-summary')).toContainText('whole number from 1 to 365');
  await page.getByLabel('Community resolution').fill('21');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expect(page.getByLabel('Community resolution')).toHaveValue('21');
  await page.goto('/staff?state=overdue&sort=-name');
  await page.getByLabel('Name or force reference').fill('nobody-has-this-name');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('No assignments match these filters.')).toBeVisible();
  await expect(page).toHaveURL(/q=nobody-has-this-name/);
  await page.goto('/staff/webhooks');
  await page.getByLabel('Address').fill('https://10.0.0.5/events');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.locator('.error-summary')).toContainText('private or local network');
  await expect(page.getByLabel('Address')).toHaveValue('https://10.0.0.5/events');
  await context.close();
});

test('an admin adds a webhook, copies its secret once, sends a test event and reads the log', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const admin = demoAdmin();
  await staffSignIn(page, admin.email, admin.password);
  await page.goto('/staff/webhooks');
  await page.getByLabel('Address').fill('http://records.example.police.uk/events');
  await page.getByRole('checkbox', { name: 'Deadline passed' }).uncheck();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.locator('.error-summary')).toContainText('must start with https://');
  await expect(page.getByRole('checkbox', { name: 'Deadline passed' })).not.toBeChecked();
  await expectNoAxeViolations(page, 'webhooks with errors');

  await page.getByLabel('Address').fill('https://records.example.police.uk/events');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.getByRole('heading', { name: 'Webhook added' })).toBeVisible();
  await expect(page.locator('code')).toContainText('whsec_');
  await expectNoAxeViolations(page, 'webhook added, with its secret');
  await page.goto('/staff/webhooks');
  await expect(page.locator('code')).toHaveCount(0);

  await page.getByRole('link', { name: 'https://records.example.police.uk/events' }).first().click();
  await expect(page.getByRole('heading', { name: 'Webhook', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Send a test event' }).click();
  await expect(page.getByText('Test event queued.')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Test event', exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'webhook delivery log at 320 px');
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(sideways, 'the delivery log scrolls sideways at 320 px').toBe(false);
  await page.getByRole('button', { name: 'Turn this webhook off' }).click();
  await expect(page.getByText('Webhook turned off.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send a test event' })).toHaveCount(0);
  await context.close();
});
