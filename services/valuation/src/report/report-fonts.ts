import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { create, type Font } from 'fontkit';
import { LRUCache } from 'lru-cache';

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

/**
 * Each file is about 10 MB: read and parsed once per process. Every report lays its text out
 * with the same font objects, whose decoded tables and glyphs stay cached between reports (pdfkit
 * takes a fontkit font as it is, and embeds a subset per document); parsing the font anew for
 * each report took most of its time.
 */
const fontCache = new Map<ReportFontWeight, Font>();

export function loadReportFont(weight: ReportFontWeight): Font {
  let font = fontCache.get(weight);
  if (font === undefined) {
    font = withLayoutCache(create(readFileSync(resolveReportFontFile(weight))) as Font);
    fontCache.set(weight, font);
  }
  return font;
}

/**
 * Shaping is a pure function of the font, the text and the features, and most of a report's text
 * comes back in every report (labels, headings, the characters of names and numbers as pdfkit
 * measures them word by word): the glyph runs are kept, up to a bound, across reports.
 */
function withLayoutCache(font: Font): Font {
  const layout = font.layout.bind(font);
  const runs = new LRUCache<string, ReturnType<Font['layout']>>({ max: 50_000 });
  font.layout = ((text: string, features?: string[] | Record<string, boolean>) => {
    const key = `${features === undefined ? '' : JSON.stringify(features)}\u0000${text}`;
    let run = runs.get(key);
    if (run === undefined) {
      run = layout(text, features);
      runs.set(key, run);
    }
    return run;
  }) as Font['layout'];
  return font;
}
