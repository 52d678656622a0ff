import fs from 'node:fs';
import path from 'node:path';

/** Total size in MB of the files in a folder and its subfolders (a database's files, WAL included); undefined when it is gone. */
export function folderMb(dir: string): number | undefined {
  let bytes = 0;
  try {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    }
  } catch {
    return undefined;
  }
  return bytes / 2 ** 20;
}
