/* Text extraction from PDFs for tests, with pdfjs-dist (a dev dependency). */

/**
 * pdfjs' legacy CommonJS build, loaded with console quiet: in Node it logs that it cannot polyfill
 * the canvas APIs, which text extraction does not use.
 */
function loadPdfjs(): any {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return require('pdfjs-dist/legacy/build/pdf.js');
  } finally {
    warn.mockRestore();
    log.mockRestore();
  }
}

export interface ParsedPdf {
  /** The text of each page, pdfjs' items joined: what a reader (or a bank's import) extracts. */
  pages: string[];
  /** Per page, the text whose baseline lies in the bottom margin: the footer and nothing else. */
  bottomMargin: string[];
  info: Record<string, unknown>;
}

/** The report's bottom margin, in points from the bottom edge (PDF coordinates). */
export const BOTTOM_MARGIN = 60;

interface TextItem {
  str?: string;
  transform?: number[];
}

export async function parsePdf(pdf: Buffer): Promise<ParsedPdf> {
  const pdfjs = loadPdfjs();
  // Parsing may warn about the same polyfills again.
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const document = await pdfjs.getDocument({
      data: new Uint8Array(pdf),
      useSystemFonts: false,
      isEvalSupported: false,
    }).promise;
    const pages: string[] = [];
    const bottomMargin: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      const items: TextItem[] = (await page.getTextContent()).items;
      pages.push(items.map((item) => item.str ?? '').join(''));
      bottomMargin.push(
        items
          .filter((item) => (item.transform?.[5] ?? Infinity) < BOTTOM_MARGIN)
          .map((item) => item.str ?? '')
          .join(''),
      );
    }
    const { info } = await document.getMetadata();
    await document.destroy();
    return { pages, bottomMargin, info };
  } finally {
    warn.mockRestore();
    log.mockRestore();
  }
}
