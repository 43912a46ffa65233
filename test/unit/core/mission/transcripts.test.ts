// The transcript reader behind the Session Board's tokens and cost: what Claude Code writes (one
// assistant message over several lines with one message.id), read incrementally and bounded, and
// the path treated as the agent's word (hostile).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  MAX_TRANSCRIPT_LINE,
  refusedTranscript,
  TranscriptUsage,
  usageOfLine,
} from '../../../../src/core/mission/transcripts';
import { combine, costOf, priceOf } from '../../../../src/core/mission/prices';

/** One line as Claude Code 2.1 writes an assistant content block (fields trimmed to those read and a few around them). */
function assistant(
  id: string,
  usage: Partial<
    Record<'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens', number>
  >,
  model = 'claude-sonnet-4-5-20250929',
  block = 'text',
): string {
  return `${JSON.stringify({
    parentUuid: null,
    type: 'assistant',
    uuid: `u-${id}-${block}`,
    requestId: `req_${id}`,
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: block }],
      usage: {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        ...usage,
      },
    },
  })}\n`;
}
const user = (text: string) => `${JSON.stringify({ type: 'user', message: { role: 'user', content: text } })}\n`;

function timed<T>(ms: number, run: () => T): T {
  const started = Date.now();
  const value = run();
  assert.ok(Date.now() - started < ms, `took ${Date.now() - started} ms (bound ${ms} ms)`);
  return value;
}

describe('mission control: tokens from transcripts', () => {
  let home: string;
  let projects: string;
  let root: string;
  let folders: string[];
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'territory-transcripts-'));
    projects = path.join(home, '.claude', 'projects', '-repo');
    mkdirSync(projects, { recursive: true });
    root = path.join(home, 'repo');
    mkdirSync(root);
    folders = [path.join(home, '.claude'), root];
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const transcript = (name = 's1.jsonl') => path.join(projects, name);

  it('counts a message once however many lines carry its id, keeping the largest usage', () => {
    const file = transcript();
    writeFileSync(
      file,
      user('Do the task.') +
        assistant(
          'msg_1',
          { input_tokens: 100, output_tokens: 1, cache_read_input_tokens: 1000 },
          undefined,
          'thinking',
        ) +
        assistant('msg_1', { input_tokens: 100, output_tokens: 1, cache_read_input_tokens: 1000 }, undefined, 'text') +
        assistant(
          'msg_1',
          { input_tokens: 100, output_tokens: 40, cache_read_input_tokens: 1000 },
          undefined,
          'tool_use',
        ) +
        user('tool result') +
        assistant('msg_2', { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 200 }),
    );
    const usage = new TranscriptUsage(folders);
    usage.follow('CORE', file);
    usage.read();
    const u = usage.usageOf('CORE') ?? assert.fail('no usage');
    assert.deepEqual(u.tokens, { input: 110, output: 45, cacheCreation: 200, cacheRead: 1000 });
    assert.equal(u.messages, 2);
    assert.equal(u.total, 1355);
    // Sonnet 4.5: $3 in, $15 out, $3.75 cache write, $0.30 cache read per million.
    assert.ok(
      u.costUsd !== null && Math.abs(u.costUsd - (110 * 3 + 45 * 15 + 200 * 3.75 + 1000 * 0.3) / 1e6) < 1e-12,
      String(u.costUsd),
    );
    // Read again: nothing new, nothing counted twice; the same file named again changes nothing.
    usage.follow('CORE', file);
    usage.read();
    assert.deepEqual(usage.usageOf('CORE')?.tokens, u.tokens);
  });

  it('reads only what was appended, and keeps a torn last line for the next read', () => {
    const file = transcript();
    const line = assistant('msg_1', { input_tokens: 7, output_tokens: 3 });
    writeFileSync(file, line + line.slice(0, 40).replace('msg_1', 'msg_2'));
    const usage = new TranscriptUsage(folders);
    usage.follow('CORE', file);
    usage.read();
    assert.equal(usage.usageOf('CORE')?.messages, 1);
    // The writer finishes the line: its rest, then a newline.
    const second = assistant('msg_2', { input_tokens: 1, output_tokens: 1 });
    writeFileSync(file, line + second);
    usage.read();
    assert.deepEqual(usage.usageOf('CORE')?.tokens, { input: 8, output: 4, cacheCreation: 0, cacheRead: 0 });
  });

  it('skips a line over the limit without reading it whole, and counts the lines after it', () => {
    const file = transcript();
    const fd = openSync(file, 'w');
    writeSync(fd, assistant('msg_1', { input_tokens: 1 }));
    // A huge assistant line (a Write of a big file), longer than the limit, carrying usage that must not count.
    const huge = assistant('msg_huge', { input_tokens: 1_000_000 }, undefined, 'x'.repeat(MAX_TRANSCRIPT_LINE * 3));
    writeSync(fd, huge);
    writeSync(fd, assistant('msg_2', { input_tokens: 2 }));
    closeSync(fd);
    const usage = new TranscriptUsage(folders);
    usage.follow('CORE', file);
    // Small refreshes: the huge line spans several of them.
    for (let i = 0; i < 10; i++) timed(2000, () => usage.read(MAX_TRANSCRIPT_LINE + 1));
    assert.deepEqual(usage.usageOf('CORE')?.tokens.input, 3);
    assert.equal(usage.usageOf('CORE')?.partial, false);
  });

  it('bounds each refresh: a huge backlog is read over several refreshes, every transcript served', () => {
    const lines = Array.from(
      { length: 8_000 },
      (_, i) => user('x'.repeat(500)) + assistant(`m${i}`, { output_tokens: 1 }),
    ).join('');
    const files = ['a.jsonl', 'b.jsonl', 'c.jsonl'].map((n) => transcript(n));
    for (const f of files) writeFileSync(f, lines.replace(/"m(\d+)"/g, `"${path.basename(f)}$1"`));
    const usage = new TranscriptUsage(folders);
    usage.follow('CORE', files[0]!);
    usage.follow('API', files[1]!);
    usage.follow('FE', files[2]!);
    const budget = MAX_TRANSCRIPT_LINE + 1;
    usage.read(budget);
    assert.equal(usage.usageOf('CORE')?.partial, true, 'the backlog is not read in one refresh');
    let refreshes = 1;
    while (['CORE', 'API', 'FE'].some((d) => usage.usageOf(d)?.partial) && refreshes < 100) {
      timed(1000, () => usage.read(budget));
      refreshes++;
    }
    for (const d of ['CORE', 'API', 'FE']) assert.equal(usage.usageOf(d)?.tokens.output, 8_000, d);
    assert.ok(refreshes >= 3, `${refreshes} refreshes`);
  });

  it('counts appends made while it reads (a real writer process), each message once', async () => {
    const file = transcript();
    writeFileSync(file, '');
    const usage = new TranscriptUsage(folders);
    usage.follow('CORE', file);
    const count = 3000;
    // The writer tears lines on purpose: each line in two writes, so reads see halves.
    const program = `const fs = require('fs'); const fd = fs.openSync(process.argv[1], 'a');
for (let i = 0; i < ${count}; i++) {
  const line = JSON.stringify({ type: 'assistant', requestId: 'r' + i, message: { id: 'm' + i, model: 'claude-haiku-4-5', usage: { input_tokens: 1, output_tokens: 2 } } }) + '\\n';
  const cut = 1 + (i % (line.length - 1));
  fs.writeSync(fd, line.slice(0, cut)); fs.writeSync(fd, line.slice(cut));
  if (i % 2 === 0) fs.writeSync(fd, line);
}`;
    const child = spawn(process.execPath, ['-e', program, file], { stdio: 'ignore' });
    const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      usage.read(64 * 1024);
      await new Promise((r) => setTimeout(r, 1));
    }
    for (let i = 0; i < 50 && usage.usageOf('CORE')?.messages !== count; i++) usage.read();
    assert.deepEqual(usage.usageOf('CORE')?.tokens, {
      input: count,
      output: 2 * count,
      cacheCreation: 0,
      cacheRead: 0,
    });
    assert.equal(usage.usageOf('CORE')?.messages, count);
  });

  it('refuses hostile paths: outside both folders, relative, through a symbolic link, a link itself, not .jsonl', () => {
    const secret = path.join(home, 'secret.jsonl');
    writeFileSync(secret, assistant('stolen', { input_tokens: 5 }));
    const linked = path.join(projects, 'link.jsonl');
    symlinkSync(secret, linked);
    const linkedDir = path.join(home, '.claude', 'projects', 'linkdir');
    symlinkSync(home, linkedDir);
    writeFileSync(path.join(projects, 'notes.txt'), assistant('x', { input_tokens: 5 }));
    mkdirSync(path.join(projects, 'dir.jsonl'));
    const cases: [string, RegExp][] = [
      [secret, /outside/],
      ['/etc/passwd', /\.jsonl/],
      ['relative/s.jsonl', /absolute/],
      [`${projects}/../../../secret.jsonl`, /normal/],
      [linked, /regular file/],
      [path.join(linkedDir, 'secret.jsonl'), /symbolic link/],
      [path.join(projects, 'notes.txt'), /\.jsonl/],
      [path.join(projects, 'dir.jsonl'), /regular file/],
      [path.join(projects, 'missing.jsonl'), /not found/],
      [`${projects}/a\0.jsonl`, /absolute, normal/],
    ];
    for (const [file, why] of cases) assert.match(refusedTranscript(file, folders) ?? 'read', why, file);
    const notes: string[] = [];
    const usage = new TranscriptUsage(folders, (n) => notes.push(n));
    for (const [file] of cases) usage.follow('CORE', file);
    usage.read();
    assert.equal(usage.usageOf('CORE'), undefined, 'nothing read, nothing counted');
    assert.equal(notes.length, cases.length, 'one note per refused transcript');
    // A link planted after the check: the open refuses it (O_NOFOLLOW), nothing counted.
    const later = transcript('later.jsonl');
    writeFileSync(later, '');
    usage.follow('CORE', later);
    rmSync(later);
    symlinkSync(secret, later);
    usage.read();
    assert.equal(usage.usageOf('CORE')?.total, 0);
    // A transcript inside the work tree is allowed; one named by a second domain stays the first's.
    const inTree = path.join(root, 't.jsonl');
    writeFileSync(inTree, assistant('t1', { input_tokens: 4 }));
    usage.follow('API', inTree);
    usage.follow('FE', inTree);
    usage.read();
    assert.equal(usage.usageOf('API')?.total, 4);
    assert.equal(usage.usageOf('FE'), undefined);
  });

  it('hostile lines: garbage, deep nesting, odd types and huge numbers count nothing or stay bounded, within a time bound', () => {
    const cases = [
      'garbage {"usage"',
      `{"type":"assistant","usage":1,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      JSON.stringify({ type: 'assistant', message: { id: 'a', usage: { input_tokens: '5' } } }),
      JSON.stringify({ type: 'assistant', message: { id: 'b', usage: { input_tokens: -5, output_tokens: Infinity } } }),
      JSON.stringify({ type: 'assistant', message: { id: 'c', model: '<synthetic>', usage: { input_tokens: 5 } } }),
      JSON.stringify({ type: 'user', message: { id: 'd', usage: { input_tokens: 5 } } }),
      JSON.stringify({ type: 'assistant', message: { usage: { input_tokens: 5 } } }),
    ];
    for (const line of cases) {
      const u = timed(2000, () => usageOfLine(line));
      assert.ok(u === undefined || (u.tokens.input === 0 && u.tokens.output === 0), line.slice(0, 80));
    }
    assert.equal(
      usageOfLine(JSON.stringify({ type: 'assistant', message: { id: 'e', usage: { input_tokens: 1e300 } } }))?.tokens
        .input,
      1e9,
    );
  });

  it('prices by model family; an unknown model has tokens and cost "unknown"', () => {
    assert.equal(priceOf('claude-opus-4-5-20251101')?.input, 5);
    assert.equal(priceOf('claude-opus-4-1-20250805')?.input, 15);
    assert.equal(priceOf('claude-sonnet-4-20250514')?.output, 15);
    assert.equal(priceOf('claude-haiku-4-5')?.cacheRead, 0.1);
    assert.equal(priceOf('claude-opus-5-5'), undefined);
    assert.equal(costOf('claude-stand-in', { input: 1, output: 1, cacheCreation: 0, cacheRead: 0 }), undefined);
    const file = transcript();
    writeFileSync(
      file,
      assistant('m1', { input_tokens: 10 }, 'claude-opus-5-5') +
        assistant('m2', { input_tokens: 10 }, 'claude-haiku-4-5'),
    );
    const usage = new TranscriptUsage(folders);
    usage.follow('CORE', file);
    usage.read();
    const u = usage.usageOf('CORE') ?? assert.fail('no usage');
    assert.equal(u.total, 20);
    assert.equal(u.costUsd, null);
    assert.deepEqual(u.unpriced, ['claude-opus-5-5']);
    const priced = { ...u, costUsd: 1, unpriced: [] };
    assert.equal(combine([priced, priced]).costUsd, 2);
    assert.equal(combine([priced, u]).costUsd, null, 'one unknown makes the session unknown');
  });

  it('a transcript cut shorter or replaced is read from its start without counting a message twice', () => {
    const file = transcript();
    writeFileSync(file, assistant('m1', { input_tokens: 1 }) + assistant('m2', { input_tokens: 2 }));
    const usage = new TranscriptUsage(folders);
    usage.follow('CORE', file);
    usage.read();
    // Cut shorter in place (the same inode): read again from the start.
    writeFileSync(file, assistant('m3', { input_tokens: 4 }));
    usage.read();
    assert.equal(usage.usageOf('CORE')?.tokens.input, 7);
    // Replaced by a new file (another inode) holding an old message: that one is not counted again.
    const next = transcript('next.jsonl');
    writeFileSync(
      next,
      assistant('m1', { input_tokens: 1 }) +
        assistant('m3', { input_tokens: 4 }) +
        assistant('m5', { input_tokens: 16 }),
    );
    rmSync(file);
    writeFileSync(path.join(projects, 'hold.jsonl'), 'keeps the old inode busy\n');
    renameSync(next, file);
    usage.read();
    assert.equal(usage.usageOf('CORE')?.tokens.input, 23);
    appendFileSync(file, assistant('m4', { input_tokens: 8 }));
    usage.read();
    assert.equal(usage.usageOf('CORE')?.tokens.input, 31);
  });
});
