// The completion certificate and the public check of it, in a browser: a participant
// finishes a course, opens their certificate, and anyone with its code sees that it is
// genuine. Every page passes axe.
import { expect, test } from '@playwright/test';
import { assign, signIn, walkCourse } from './support/participant';
import { expectNoAxeViolations } from './support/axe';

test('a finished course has a certificate that anyone can check', async ({ page }) => {
  const who = assign();
  await signIn(page, who);
  await page.waitForURL(/my-courses/);
  await page.goto(`/my-courses/${who.assignmentId}/before-you-start`);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Start the course' }).click();
  await expect(page.locator('.caption')).toContainText('Lesson 1 of');
  await walkCourse(page, 'victim-awareness');

  await page.getByRole('link', { name: 'View and print your certificate' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Course certificate');
  await expect(page.locator('svg.certificate__qr')).toBeVisible();
  await expectNoAxeViolations(page, 'the certificate');
  const code = ((await page.locator('.letter__code').textContent()) ?? '').trim();
  expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

  await page.goto('/verify');
  await expectNoAxeViolations(page, 'the verify form');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('.error-summary')).toContainText('Enter the verification code');
  await expectNoAxeViolations(page, 'the verify form with an error');
  await page.getByLabel('Verification code').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Genuine and unchanged');
  await expect(page.locator('main')).not.toContainText(who.name);
  await expectNoAxeViolations(page, 'a genuine record');

  await page.goto('/verify/AAAAA-AAAAA');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('could not find a genuine certificate');
  await expectNoAxeViolations(page, 'an unknown code');
});
