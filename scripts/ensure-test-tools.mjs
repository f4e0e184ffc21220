// Checks for the system programs the test suite drives (Debian's Chromium for browser tests,
// poppler-utils' pdftotext for PDF text golden files) and installs them with apt-get when they are
// missing and this is a root shell on Debian; otherwise it names what to install and stops.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needed = [
  { program: '/usr/bin/chromium', apt: 'chromium' },
  { program: '/usr/bin/pdftotext', apt: 'poppler-utils' },
];
const missing = needed.filter((tool) => !existsSync(tool.program));
if (missing.length > 0) {
  const packages = missing.map((tool) => tool.apt);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(
      `muster tests need: ${packages.join(' ')} (install them with your package manager)`,
    );
    process.exit(1);
  }
  console.log(`installing ${packages.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env,
  });
}
