import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { folderMb } from './folder-size';

describe('folderMb', () => {
  it('adds up the files of a folder and its subfolders, in MB', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-size-'));
    fs.writeFileSync(path.join(dir, 'temporal.sqlite'), Buffer.alloc(2 ** 20));
    fs.mkdirSync(path.join(dir, 'ferretdb'));
    fs.writeFileSync(path.join(dir, 'ferretdb', 'cityops.sqlite-wal'), Buffer.alloc(2 ** 19));
    expect(folderMb(dir)).toBe(1.5);
    fs.rmSync(dir, { recursive: true });
    expect(folderMb(dir)).toBeUndefined();
  });
});
