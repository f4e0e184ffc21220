/**
 * The changelog lines `changeset version` writes, for the people who use the packages: a
 * package's first-release changeset (`<package>-first-release.md`) becomes the opening paragraphs
 * of its first version, every other changeset one bullet, and a release of dependencies one line
 * naming their new versions. No commit hashes: an entry says what changed for the user.
 */
const indent = (text) =>
  text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : `  ${line}`))
    .join('\n');

async function getReleaseLine(changeset) {
  const summary = changeset.summary.trim();
  if (/-first-release$/.test(changeset.id)) return `\n${summary}\n`;
  return `\n- ${indent(summary)}`;
}

async function getDependencyReleaseLine(_changesets, dependenciesUpdated) {
  if (dependenciesUpdated.length === 0) return '';
  const versions = dependenciesUpdated.map((d) => `\`${d.name}\` ${d.newVersion}`);
  return `\n- Works with ${versions.join(', ')}.`;
}

module.exports = { getReleaseLine, getDependencyReleaseLine };
