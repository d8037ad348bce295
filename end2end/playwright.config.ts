import { defineConfig, devices } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';

// Browser tests run against the release build (`cargo leptos build --release`), started
// fresh on its own port with an empty SQLite data folder and demo data.
const port = Number(process.env.REROUTE_E2E_PORT ?? 3999);
const baseURL = `http://127.0.0.1:${port}`;
// Workers inherit the environment, so the tests find the same data folder (they create
// participants in it with `reroute assign`).
process.env.REROUTE_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'reroute-e2e-'));
process.env.REROUTE_E2E_PORT = String(port);
const dataDir = process.env.REROUTE_E2E_DATA_DIR;
const otherPort = port - 1;
process.env.REROUTE_E2E_OTHER_PORT = String(otherPort);
process.env.REROUTE_E2E_OTHER_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'reroute-e2e-other-'));
const otherDataDir = process.env.REROUTE_E2E_OTHER_DATA_DIR;
const otherContent = 'content/format/tests/fixtures/valid';

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'phone',
      use: { ...devices['Desktop Chrome'], viewport: { width: 360, height: 740 } },
    },
  ],
  webServer: [
    {
      command: `./target/release/reroute serve --demo --addr 127.0.0.1:${port} --data-dir ${dataDir}`,
      cwd: '..',
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // A course written from CONTENT-FORMAT.md alone, by someone who did not write the
      // platform: the checker's valid fixture.
      command: `./target/release/reroute serve --addr 127.0.0.1:${otherPort} --data-dir ${otherDataDir} --content ${otherContent}`,
      cwd: '..',
      url: `http://127.0.0.1:${otherPort}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
