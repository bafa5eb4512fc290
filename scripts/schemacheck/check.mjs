// The schema contract check (run it as scripts/schema-check; scripts/test runs it).
//
// 1. schema.graphqls against docs/schema/released.graphqls: a breaking change fails the check
//    (the released schema must be updated with it), dangerous changes are printed, safe
//    changes are counted.
// 2. Every breaking change between two successive versions of docs/schema/released.graphqls
//    (its commits, oldest first, then the working copy when it differs) must be listed in
//    CHANGELOG.md under a heading that carries its date (`## 2027-01-15`) and that the
//    changelog did not have when the earlier version was committed (a release's own section):
//    the section names the schema coordinate of the change (`Linkage.source`,
//    `Query.goal.number` or `Query.goal(number:`, `LinkageLevel.GOAL`).
//
// Usage: node check.mjs [--root DIR] (default: the repository this file is in). Exit status 0
// when the schema keeps the contract, 1 when it does not, 2 when an input cannot be read.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { CriticalityLevel, diff } from '@graphql-inspector/core';

const RELEASED = 'docs/schema/released.graphqls';
const SCHEMA = 'schema.graphqls';
const CHANGELOG = 'CHANGELOG.md';

function parseArgs(argv) {
  let root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root' && i + 1 < argv.length) root = resolve(argv[++i]);
    else if (argv[i] === '-h' || argv[i] === '--help') {
      console.log('usage: scripts/schema-check [--root DIR]');
      process.exit(0);
    } else {
      console.error(`schema-check: unknown argument ${argv[i]}`);
      process.exit(2);
    }
  }
  return root;
}

function build(sdl, name) {
  try {
    return buildSchema(sdl);
  } catch (e) {
    console.error(`schema-check: ${name} is not a valid schema: ${e.message}`);
    process.exit(2);
  }
}

function git(root, args) {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
}

// releasedVersions returns the versions of the released schema, oldest first: one per commit
// that changed it, then the working copy when it differs from the last. Without git history
// only the working copy.
function releasedVersions(root, working) {
  let commits = [];
  try {
    commits = git(root, ['log', '--reverse', '--format=%H', '--', RELEASED]).split('\n').filter(Boolean);
  } catch {
    console.log(`note: ${root} has no git history: only the working copy of ${RELEASED} is checked`);
  }
  const versions = [];
  for (const c of commits) {
    let sdl = null;
    try {
      sdl = git(root, ['show', `${c}:${RELEASED}`]);
    } catch {
      continue; // the commit deleted the file
    }
    versions.push({ name: `${RELEASED} at ${c.slice(0, 12)}`, sdl, commit: c });
  }
  if (versions.length === 0 || versions[versions.length - 1].sdl !== working) {
    versions.push({ name: `${RELEASED} (working copy)`, sdl: working, commit: null });
  }
  return versions;
}

// datedSections returns the text of each section of the changelog whose heading (## or
// deeper) carries an ISO date, with that date.
function datedSections(changelog) {
  const sections = [];
  let cur = null;
  for (const line of changelog.split('\n')) {
    const h = /^#{2,6}\s+(.*)$/.exec(line);
    if (h) {
      const d = /\b(\d{4}-\d{2}-\d{2})\b/.exec(h[1]);
      cur = d ? { heading: h[1].trim(), date: d[1], text: '' } : null;
      if (cur) sections.push(cur);
      continue;
    }
    if (cur) cur.text += line + '\n';
  }
  return sections;
}

// headingsAt returns the dated headings CHANGELOG.md had at commit (none without one).
function headingsAt(root, commit) {
  try {
    return new Set(datedSections(git(root, ['show', `${commit}:${CHANGELOG}`])).map((s) => s.heading));
  } catch {
    return new Set();
  }
}

// listed reports whether one of sections names the change's coordinate.
function listed(change, sections) {
  if (!change.path) return false;
  const forms = [change.path];
  const parts = change.path.split('.');
  if (parts.length === 3) forms.push(`${parts[0]}.${parts[1]}(${parts[2]}:`);
  return sections.some((s) => forms.some((f) => s.text.includes(f)));
}

const by = (level) => (c) => c.criticality.level === level;

function show(prefix, c) {
  const why = c.criticality.reason ? ` (${c.criticality.reason})` : '';
  console.log(`  ${prefix} ${c.message}${c.path ? ` [${c.path}]` : ''}${why}`);
}

async function main() {
  const root = parseArgs(process.argv.slice(2));
  const read = (f) => {
    const p = join(root, f);
    if (!existsSync(p)) {
      console.error(`schema-check: ${p} is missing`);
      process.exit(2);
    }
    return readFileSync(p, 'utf8');
  };
  const schemaSDL = read(SCHEMA);
  const releasedSDL = read(RELEASED);
  const sections = datedSections(read(CHANGELOG));
  let failed = false;

  // 1. The schema against the released schema.
  const changes = await diff(build(releasedSDL, RELEASED), build(schemaSDL, SCHEMA));
  const breaking = changes.filter(by(CriticalityLevel.Breaking));
  const dangerous = changes.filter(by(CriticalityLevel.Dangerous));
  console.log(`${SCHEMA} against ${RELEASED}: ${breaking.length} breaking, ${dangerous.length} dangerous, ${changes.length - breaking.length - dangerous.length} safe changes`);
  breaking.forEach((c) => show('BREAKING ', c));
  dangerous.forEach((c) => show('dangerous', c));
  changes.filter(by(CriticalityLevel.NonBreaking)).forEach((c) => show('safe     ', c));
  if (breaking.length > 0) {
    failed = true;
    console.log(`\n${SCHEMA} breaks the released schema. Keep the old field, argument or value (mark it`);
    console.log(`@deprecated(reason:) naming what replaces it) or release the break: copy ${SCHEMA} to`);
    console.log(`${RELEASED} and list each change above by its coordinate in ${CHANGELOG} under a dated heading.`);
  }

  // 2. Every breaking release is in the changelog.
  const versions = releasedVersions(root, releasedSDL);
  for (let i = 1; i < versions.length; i++) {
    const [prev, next] = [versions[i - 1], versions[i]];
    const cs = await diff(build(prev.sdl, prev.name), build(next.sdl, next.name));
    const before = headingsAt(root, prev.commit);
    const own = sections.filter((s) => !before.has(s.heading));
    const unlisted = cs.filter(by(CriticalityLevel.Breaking)).filter((c) => !listed(c, own));
    const released = cs.filter((c) => c.criticality.level !== CriticalityLevel.NonBreaking);
    if (released.length > 0) console.log(`${prev.name} → ${next.name}:`);
    released.forEach((c) => show(c.criticality.level === CriticalityLevel.Breaking ? 'BREAKING ' : 'dangerous', c));
    if (unlisted.length > 0) {
      failed = true;
      console.log(`\n${next.name} releases breaking changes that ${CHANGELOG} does not list under a dated heading of their own`);
      console.log(`(one it did not have at ${prev.name}):`);
      unlisted.forEach((c) => show('unlisted ', c));
    }
  }
  console.log(`released schema: ${versions.length} version(s) checked; ${CHANGELOG}: ${sections.length} dated section(s)`);
  if (sections.length === 0) {
    failed = true;
    console.log(`${CHANGELOG} has no dated heading (## YYYY-MM-DD): the released schema has no date`);
  }
  console.log(failed ? 'schema check FAILED' : 'schema check passed');
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`schema-check: ${e.stack || e}`);
  process.exit(2);
});
