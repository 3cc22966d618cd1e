import { zipSync, type Zippable } from 'fflate';

/** A file in the container: its path and its bytes (or text). */
export interface ContainerEntry {
  path: string;
  data: Uint8Array | string;
}

/**
 * The zip's timestamps are DOS local times; fflate reads a Date's local fields. Shifting by the
 * time zone offset makes the stored fields the UTC time, so every machine writes the same bytes.
 */
function dosTime(date: Date): Date {
  const earliest = Date.UTC(1980, 0, 1);
  const utc = new Date(Math.max(date.getTime(), earliest));
  return new Date(utc.getTime() + utc.getTimezoneOffset() * 60_000);
}

/**
 * Zips an OCF container: `mimetype` first and stored (uncompressed, no extra field), as
 * reading systems require, then every entry in the given order, all dated `modified`.
 */
export function zipContainer(entries: readonly ContainerEntry[], modified: Date): Uint8Array {
  const mtime = dosTime(modified);
  const encode = (data: Uint8Array | string) => (typeof data === 'string' ? new TextEncoder().encode(data) : data);
  const files: Zippable = { mimetype: [encode('application/epub+zip'), { level: 0, mtime }] };
  for (const entry of entries) files[entry.path] = [encode(entry.data), { level: 9, mtime }];
  return zipSync(files);
}
