import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';

/**
 * Noto Sans SC, from the npm package @expo-google-fonts/noto-sans-sc (a production dependency):
 * the standard PDF fonts have no Chinese glyphs, so enterprise names and patent titles would print
 * as empty boxes without it.
 */
export const REPORT_FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

export type ReportFontWeight = 'regular' | 'bold';

const FONT_FILES: Record<ReportFontWeight, string> = {
  regular: '400Regular/NotoSansSC_400Regular.ttf',
  bold: '700Bold/NotoSansSC_700Bold.ttf',
};

/**
 * The folder of the font package, found at run time the way Node finds any package: walking up
 * from this file's location to the nearest node_modules. That is the repository's node_modules
 * under Jest (this file is the ts source) and when the webpack bundle runs as
 * dist/services/valuation/main.js, and /app/node_modules in the Docker image
 * (/app/services/valuation/main.js).
 *
 * Not `require.resolve(...)`: webpack parses it at build time and replaces it with the id of a
 * module in the bundle (for an external package, the request string itself), not a path on disk.
 * `createRequire` builds Node's own require at run time from a file name webpack cannot evaluate
 * (`__filename` is left to Node: the Nx webpack config sets `node: false`), so its `.resolve` is
 * Node's. The package has no "exports" map, so its package.json can be resolved directly.
 */
export function resolveReportFontDir(): string {
  // __filename is "[eval]" under `node -e` and undefined in an ES module: resolve from the
  // working directory then.
  const from =
    typeof __filename === 'string' && isAbsolute(__filename)
      ? __filename
      : join(process.cwd(), 'noop.js');
  try {
    return dirname(createRequire(from).resolve(`${REPORT_FONT_PACKAGE}/package.json`));
  } catch (error) {
    throw new Error(
      `The report font package ${REPORT_FONT_PACKAGE} was not found from ${from}; it is a production dependency: is node_modules installed?`,
      { cause: error },
    );
  }
}

export function resolveReportFontFile(weight: ReportFontWeight): string {
  return join(resolveReportFontDir(), FONT_FILES[weight]);
}

/** Each file is about 10 MB: read once per process, shared by every report. */
const fontCache = new Map<ReportFontWeight, Buffer>();

export function loadReportFont(weight: ReportFontWeight): Buffer {
  let font = fontCache.get(weight);
  if (font === undefined) {
    font = readFileSync(resolveReportFontFile(weight));
    fontCache.set(weight, font);
  }
  return font;
}
