// Helpers for participant tests: create an assignment with the real binary, sign in,
// and walk a course answering from the course's own files.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, type Page } from '@playwright/test';

const root = path.resolve(__dirname, '../../..');
const binary = path.join(root, 'target/release/reroute');

export interface Assigned {
  assignmentId: string;
  code: string;
  dateOfBirth: { day: string; month: string; year: string };
  name: string;
}

let counter = 0;

/** A running server's content and data folders. */
export interface Site {
  content: string;
  dataDir: string;
  baseURL?: string;
}

/** The main test server, on the project's own courses. */
export const projectSite: Site = {
  content: path.join(root, 'content'),
  dataDir: process.env.REROUTE_E2E_DATA_DIR ?? '',
};

/** A second server on a course written by someone else from the format alone. */
export const otherSite: Site = {
  content: path.join(root, 'content/format/tests/fixtures/valid'),
  dataDir: process.env.REROUTE_E2E_OTHER_DATA_DIR ?? '',
  baseURL: `http://127.0.0.1:${process.env.REROUTE_E2E_OTHER_PORT ?? ''}`,
};

/** Gives `course` to a new participant and returns their code. */
export function assign(course = 'victim-awareness', site: Site = projectSite): Assigned {
  counter += 1;
  const name = `Test Person ${process.pid}-${counter}`;
  const out = execFileSync(
    binary,
    [
      'assign',
      '--data-dir', site.dataDir,
      '--content', site.content,
      '--organisation', 'End-to-end Constabulary',
      '--name', name,
      '--date-of-birth', '1999-02-28',
      '--reference', `E2E/${process.pid}/${counter}/${Date.now()}`,
      '--course', course,
    ],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const assignmentId = /assignment (\S+)/.exec(out)?.[1];
  const code = /code (\S+)/.exec(out)?.[1];
  if (!assignmentId || !code) throw new Error(`reroute assign printed: ${out}`);
  return { assignmentId, code, name, dateOfBirth: { day: '28', month: '2', year: '1999' } };
}

export async function signIn(page: Page, who: Assigned, code = who.code, base = ''): Promise<void> {
  await page.goto(`${base}/start`);
  await page.getByLabel('Your code').fill(code);
  await page.getByLabel('Day').fill(who.dateOfBirth.day);
  await page.getByLabel('Month').fill(who.dateOfBirth.month);
  await page.getByLabel('Year').fill(who.dateOfBirth.year);
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** The right options (0-based) of every quiz in a course, read from its Markdown. */
export function rightAnswers(course: string, content = projectSite.content): Map<string, number[]> {
  const dir = path.join(content, 'courses', course);
  const answers = new Map<string, number[]>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const block of text.matchAll(/```quiz id=([a-z0-9-]+)[^\n]*\n([\s\S]*?)```/g)) {
      const options = [...block[2].matchAll(/^\s*[-*] \[( |x|X)\]/gm)].map((m) => m[1].toLowerCase() === 'x');
      answers.set(block[1], options.flatMap((right, i) => (right ? [i] : [])));
    }
  }
  return answers;
}

export interface WalkOptions {
  /** Answer the first quiz wrongly. */
  oneWrongAnswer?: boolean;
  /** Send the first reflection too short first, and check the error. */
  shortReflectionFirst?: boolean;
  /** Stop after this many answered blocks. */
  stopAfter?: number;
  /** Called on each page before answering (for accessibility checks). */
  onPage?: (kind: 'quiz' | 'reflect' | 'scale' | 'prose') => Promise<void>;
  /** The content folder the course comes from. */
  content?: string;
}

export interface WalkResult {
  answered: number;
  scales: number[];
  wrongAnswerShown: boolean;
  shortReflectionRefused: boolean;
}

/** Submits the page's form and waits for the next page, or for the answer to show as
 * saved when the lesson ends here (the next page may hold another block of the same kind). */
async function submitAndMoveOn(page: Page, button: string): Promise<void> {
  const before = page.url();
  await page.getByRole('button', { name: button }).click();
  await expect
    .poll(async () => page.url() !== before || (await page.locator('.result--saved').count()) > 0)
    .toBe(true);
}

/** Works through the course from wherever the page is, until the end (or `stopAfter`). */
export async function walkCourse(page: Page, course: string, options: WalkOptions = {}): Promise<WalkResult> {
  const answers = rightAnswers(course, options.content);
  const result: WalkResult = { answered: 0, scales: [], wrongAnswerShown: false, shortReflectionRefused: false };
  for (let step = 0; step < 200; step += 1) {
    if (/\/finished$/.test(new URL(page.url()).pathname)) return result;
    if (options.stopAfter !== undefined && result.answered >= options.stopAfter) return result;
    const quiz = page.locator('form.block--quiz');
    const reflect = page.locator('form.block--reflect');
    const scale = page.locator('form.block--scale');
    if (await quiz.count()) {
      await options.onPage?.('quiz');
      const questionId = (await quiz.locator('.question').getAttribute('id'))?.replace(/^question-/, '') ?? '';
      const right = answers.get(questionId);
      if (!right) throw new Error(`no answers known for quiz ${questionId}`);
      const choices = quiz.locator('input[name="choice"]');
      let chosen = right;
      if (options.oneWrongAnswer && !result.wrongAnswerShown) {
        const count = await choices.count();
        chosen = [[...Array(count).keys()].find((i) => !right.includes(i)) ?? 0];
      }
      for (const index of chosen) await page.locator(`#choice-${index}`).check();
      await page.getByRole('button', { name: 'Check my answer' }).click();
      const verdict = page.locator('.result__title');
      await expect(verdict).toBeVisible();
      if (options.oneWrongAnswer && !result.wrongAnswerShown) {
        await expect(verdict).toHaveText('Not quite');
        result.wrongAnswerShown = true;
      } else {
        await expect(verdict).toHaveText('Right');
      }
      result.answered += 1;
      continue;
    }
    if (await reflect.count()) {
      await options.onPage?.('reflect');
      const hint = (await page.locator('#answer-hint').textContent()) ?? '';
      const minWords = Number(/at least (\d+) words/.exec(hint)?.[1] ?? '1');
      if (options.shortReflectionFirst && !result.shortReflectionRefused && minWords > 1) {
        await page.getByLabel('Your answer').fill('Too short');
        await page.getByRole('button', { name: 'Save and continue' }).click();
        await expect(page.locator('.error-summary')).toContainText(`Write at least ${minWords} words. You have written 2.`);
        await expect(page.getByLabel('Your answer')).toHaveValue('Too short');
        result.shortReflectionRefused = true;
      }
      const words = Array.from({ length: minWords + 3 }, (_, i) => `thought${i}`).join(' ');
      await page.getByLabel('Your answer').fill(`I would stop and think first. ${words}`);
      await submitAndMoveOn(page, 'Save and continue');
      result.answered += 1;
      continue;
    }
    if (await scale.count()) {
      await options.onPage?.('scale');
      const value = result.scales.length === 0 ? 4 : 8;
      await page.locator(`#scale-${value}`).check();
      await submitAndMoveOn(page, 'Save and continue');
      result.scales.push(value);
      result.answered += 1;
      continue;
    }
    await options.onPage?.('prose');
    const before = page.url();
    await page.getByRole('button', { name: 'Continue' }).or(page.getByRole('link', { name: 'Continue' })).first().click();
    await expect.poll(() => page.url()).not.toBe(before);
  }
  throw new Error('the course did not end within 200 pages');
}
