// Reads a .vsix (a zip archive) without unpacking it: the entries of its central directory and
// the content of one entry. Enough for scripts/package.mjs to check what it built.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** Every entry: its path inside the archive, sizes, and a reader of its content. */
export function readVsix(file) {
  const zip = readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  if (end < 0) throw new Error(`${file} is not a zip archive (no end of central directory)`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error(`${file}: damaged central directory at entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, size, compressed, read: () => contentAt(zip, local, method, compressed, name) });
    at += 46 + skip;
  }
  return entries;
}

function contentAt(zip, local, method, compressed, name) {
  if (zip.readUInt32LE(local) !== LOCAL_HEADER) throw new Error(`${name}: no local header`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + compressed);
  if (method === 0) return data;
  if (method === 8) return inflateRawSync(data);
  throw new Error(`${name}: unsupported compression method ${method}`);
}
