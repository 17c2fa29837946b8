// The documentation says what jixiao does: the rules reference is the one made from the rules'
// metadata, the command reference lists exactly the options each command's --help shows, and every
// relative link in README.md and docs/ leads somewhere.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/rules/index.ts';
import { rulesReference } from '../src/rules/reference.ts';
import { inProcess } from './in-process.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('docs/guide/rules.md', () => {
  const reference = read('docs/guide/rules.md');

  it('holds the rules reference made from src/rules (run `npm run docs` after changing a rule)', () => {
    expect(reference).toContain(rulesReference());
  });

  it('lists every rule with its default severity', () => {
    for (const rule of rules)
      expect(reference).toMatch(
        new RegExp(`\\| \`${rule.id}\` \\| ${rule.severity === 'error' ? 'error' : 'warn'} \\|`),
      );
  });
});

/** The options a help text shows: its lines that start with `--name` or `-x, --name`. */
function helpOptions(help: string): string[] {
  const options = new Set<string>();
  for (const line of help.split('\n')) {
    const spec = /^\s*((?:-[a-zA-Z], )?--[a-zA-Z][\w-]*)/.exec(line)?.[1];
    if (spec) for (const name of spec.split(', ')) options.add(name);
  }
  return [...options].sort();
}

/** The options each `## jixiao <command>` section of the command reference lists in its table. */
function documentedOptions(markdown: string): Map<string, string[]> {
  const sections = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^## jixiao (\S+)\s*$/.exec(line)?.[1];
    if (heading !== undefined) sections.set(heading, (current = new Set()));
    else if (line.startsWith('## ')) current = undefined;
    const firstCell = /^\|\s*`(-[^`]*)`\s*\|/.exec(line)?.[1];
    if (current && firstCell)
      for (const name of firstCell.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g) ?? []) current.add(name);
  }
  return new Map([...sections].map(([command, options]) => [command, [...options].sort()]));
}

describe('docs/guide/commands.md', () => {
  const documented = documentedOptions(read('docs/guide/commands.md'));

  it('has a section for each command that `jixiao help` lists, and for no other', async () => {
    const overview = await inProcess(['help']);
    expect(overview.code).toBe(0);
    const list = overview.stdout.split('命令：\n')[1]!.split('\n\n')[0]!;
    const commands = list
      .split('\n')
      .map((line) => /^ {2}([a-z]+)\s/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    expect(commands.length).toBeGreaterThan(5);
    expect([...documented.keys()].sort()).toEqual([...commands].sort());
  });

  it.each([...documented.keys()])('jixiao %s: its table lists exactly the options of its --help', async (command) => {
    const help = await inProcess(['help', command]);
    expect(help.code).toBe(0);
    const options = helpOptions(help.stdout);
    expect(options).toContain('--help');
    expect(documented.get(command), `docs/guide/commands.md, section "jixiao ${command}"`).toEqual(options);
  });
});

// GitHub's heading anchors: lower case, punctuation (full-width included) dropped, spaces as -.
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of withoutCode(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** The text without its fenced code blocks (indented ones in list items too). */
function withoutCode(markdown: string): string {
  return markdown.replace(/^[ \t]*(```+|~~~+)[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$/gm, '');
}

const DOCUMENTS = ['README.md', ...fg.sync('docs/**/*.md', { cwd: ROOT })].sort();

describe('links in README.md and docs/', () => {
  it.each(DOCUMENTS)('%s: every relative link points to a file (and heading) that exists', (file) => {
    const text = withoutCode(read(file)).replace(/`[^`\n]*`/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z+.-]*:/i.test(target!)) continue; // a web address
      if (target!.startsWith('/')) {
        broken.push(`${target} (absolute: links must be relative, so that they work in the package)`);
        continue;
      }
      const [linked, anchor] = decodeURIComponent(target!).split('#') as [string, string | undefined];
      const resolved = linked === '' ? path.join(ROOT, file) : path.resolve(ROOT, path.dirname(file), linked);
      if (!existsSync(resolved)) {
        broken.push(`${target} (no such file)`);
        continue;
      }
      if (
        anchor !== undefined &&
        statSync(resolved).isFile() &&
        resolved.endsWith('.md') &&
        !anchors(readFileSync(resolved, 'utf8')).has(anchor)
      ) {
        broken.push(`${target} (no heading #${anchor})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('are shipped: package.json packs docs/ and README.md', () => {
    const files = (JSON.parse(read('package.json')) as { files: string[] }).files;
    expect(files).toEqual(expect.arrayContaining(['docs', 'README.md']));
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it('keeps the developer commands that CI runs', () => {
    expect(readme).toContain('npm ci && npm run build');
    expect(readme).toContain('npm test');
  });

  it("marks the units' quick start, so that it can be kept to the final commands", () => {
    expect(readme).toMatch(/<!-- quickstart:unit -->[\s\S]*jixiao init[\s\S]*<!-- \/quickstart:unit -->/);
  });
});
