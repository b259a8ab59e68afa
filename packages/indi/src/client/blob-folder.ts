import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const UNSAFE = /[^A-Za-z0-9._-]+/g;

/** A file name for a received BLOB: device_vector_member_time plus the content format. */
export function blobFileName(
  device: string,
  vector: string,
  member: string,
  format: string | undefined,
  time: Date,
): string {
  const stamp = time.toISOString().replace(/[:]/g, '-');
  const suffix = (format ?? '.bin').replace(/\.z$/, '').replace(UNSAFE, '_');
  return `${device}_${vector}_${member}_${stamp}`.replace(UNSAFE, '_') + suffix;
}

/** Writes one BLOB's content into `folder` and returns the path. */
export async function saveBlob(folder: string, fileName: string, data: Uint8Array): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, fileName);
  await writeFile(path, data);
  return path;
}
