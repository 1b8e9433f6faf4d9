import PDFDocument from 'pdfkit';
import type { AssetValuation, MethodResult, QualityScore } from '../valuations/domain/types';
import type { ValuationReportData } from './report-data';
import { loadReportFont } from './report-fonts';
import {
  ASSET_KIND_LABELS,
  bilingual,
  formatAmount,
  formatInputs,
  formatMoney,
  formatPercent,
  formatTimestamp,
  formatYears,
  METHOD_LABELS,
  METHOD_STATUS_LABELS,
  parameterLabel,
  PURPOSE_LABELS,
  STATUS_LABELS,
  sumAmounts,
} from './report-format';

/**
 * The valuation report a bank files with an IP-pledge loan: a pure function of the valuation
 * (no Nest, no database, no clock), so the same valuation always gives the same PDF bytes.
 */
export async function renderValuationReport(data: ValuationReportData): Promise<Buffer> {
  const issuedAt = reportDate(data);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN_TOP, bottom: MARGIN_BOTTOM, left: MARGIN_SIDE, right: MARGIN_SIDE },
    // Page numbers say "of m": every page stays in memory until the last one is known.
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `知识产权评估报告 IP Valuation Report ${data.id}`,
      Author: data.center.name,
      Subject: `${data.enterprise.name} · ${bilingual(PURPOSE_LABELS[data.purpose])} · ${data.referenceDate}`,
      Keywords: '知识产权评估, IP valuation, patent, pledge',
      Creator: centerLabel(data.center),
      // From the valuation, not the clock: the document id pdfkit derives from the info is then
      // stable too, and a re-rendered report is byte-for-byte the filed one.
      CreationDate: issuedAt,
      ModDate: issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit 0.20 takes a parsed fontkit font (its typings still list only files and bytes).
  doc.registerFont(FONT_REGULAR, loadReportFont('regular') as unknown as Buffer);
  doc.registerFont(FONT_BOLD, loadReportFont('bold') as unknown as Buffer);

  const layout = new ReportLayout(doc);
  writeTitle(layout, data);
  writeDetails(layout, data);
  writeConclusion(layout, data);
  writeMethods(layout, data);
  writeQualityScore(layout, data);
  writeAssetList(layout, data);
  writeAssetDetails(layout, data);
  writeParameters(layout, data);
  writeAssumptions(layout, data);
  writeApproval(layout, data);
  layout.writePageFurniture(data);

  doc.end();
  return done;
}

const MARGIN_TOP = 60;
const MARGIN_BOTTOM = 60;
const MARGIN_SIDE = 50;
const FONT_REGULAR = 'NotoSansSC-Regular';
const FONT_BOLD = 'NotoSansSC-Bold';

const COLOR = {
  text: '#1a1a1a',
  muted: '#5f6b7a',
  accent: '#1f4e79',
  rule: '#c5cdd8',
  headerFill: '#e8eef5',
  conclusionFill: '#f2f6fa',
  warning: '#a61b1b',
  warningFill: '#fbeaea',
} as const;

/** A section heading's space on the page, its gap above included. */
const HEADING_GAP = 14;
const HEADING_HEIGHT = HEADING_GAP + 26;

const SIZE = { title: 20, subtitle: 11, heading: 12, subheading: 10, body: 9, table: 8, small: 7 };

function reportDate(data: ValuationReportData): Date {
  const source = data.approvedAt ?? data.preparedAt;
  const date = new Date(source);
  if (Number.isNaN(date.getTime())) {
    throw new Error(`Valuation report ${data.id}: "${source}" is not a timestamp`);
  }
  return date;
}

interface Column {
  header: string;
  /** Share of the content width; a table's shares add up to 1. */
  share: number;
  align?: 'left' | 'right' | 'center';
}

type Row = [label: string, value: string];

/**
 * Flowing layout on top of pdfkit: everything that is placed at an explicit position (table
 * cells, boxes, the two signature columns) is measured first and moved to a new page when it would
 * cross the bottom margin, so nothing is ever drawn into the footer.
 */
class ReportLayout {
  private readonly cellPadding = 3;

  constructor(readonly doc: PDFKit.PDFDocument) {}

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get top(): number {
    return this.doc.page.margins.top;
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Height available on an empty page. */
  get pageHeight(): number {
    return this.bottom - this.top;
  }

  font(weight: 'regular' | 'bold', size: number, color: string = COLOR.text): this {
    this.doc
      .font(weight === 'bold' ? FONT_BOLD : FONT_REGULAR)
      .fontSize(size)
      .fillColor(color);
    return this;
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = this.top;
  }

  /** Starts a new page unless `height` still fits above the bottom margin. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  /** Moves a block that fits on one page to the next page rather than splitting it. */
  keepTogether(height: number): void {
    if (height <= this.pageHeight) this.ensure(height);
  }

  /** Vertical space, dropped at the top of a page. */
  gap(height: number): void {
    if (this.doc.y > this.top) this.doc.y = Math.min(this.doc.y + height, this.bottom);
  }

  textHeight(text: string, width: number): number {
    return this.doc.heightOfString(text, { width });
  }

  /** Writes text at the left margin, flowing over pages (pdfkit breaks at the bottom margin). */
  paragraph(text: string, size = SIZE.body, color: string = COLOR.text): void {
    this.font('regular', size, color);
    // A short paragraph is not split; a long one keeps at least two lines on this page.
    const height = this.textHeight(text, this.width);
    this.ensure(height <= 6 * size ? height : size * 3);
    this.doc.text(text, this.left, this.doc.y, { width: this.width });
  }

  heading(number: string, title: string): void {
    this.gap(HEADING_GAP);
    this.font('bold', SIZE.heading, COLOR.accent);
    const height = this.textHeight(title, this.width) + 6;
    // A heading never ends a page: keep it with a few lines of its section.
    this.ensure(height + 60);
    const y = this.doc.y;
    this.doc.text(`${number}  ${title}`, this.left, y, { width: this.width });
    this.rule(this.doc.y + 2, COLOR.accent, 0.8);
    this.doc.y += 6;
  }

  rule(y: number, color: string = COLOR.rule, width = 0.5): void {
    this.doc
      .save()
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(width)
      .strokeColor(color)
      .stroke()
      .restore();
  }

  private rowHeight(rows: Row[], labelWidth: number): number[] {
    return rows.map(([label, value]) => {
      this.font('regular', SIZE.body);
      const labelHeight = this.textHeight(label, labelWidth - 8);
      const valueHeight = this.textHeight(value, this.width - labelWidth);
      return Math.max(labelHeight, valueHeight) + 3;
    });
  }

  keyValues(rows: Row[], labelWidth = 170): void {
    const heights = this.rowHeight(rows, labelWidth);
    rows.forEach(([label, value], index) => {
      const height = heights[index] ?? 0;
      this.ensure(height);
      const y = this.doc.y;
      this.font('regular', SIZE.body, COLOR.muted).doc.text(label, this.left, y, {
        width: labelWidth - 8,
      });
      this.font('regular', SIZE.body, COLOR.text).doc.text(value, this.left + labelWidth, y, {
        width: this.width - labelWidth,
      });
      this.doc.x = this.left;
      this.doc.y = y + height;
    });
  }

  private cellWidths(columns: Column[]): number[] {
    return columns.map((column) => column.share * this.width);
  }

  private cellsHeight(cells: string[], widths: number[]): number {
    const heights = cells.map(
      (cell, index) => this.textHeight(cell, (widths[index] ?? 0) - 2 * this.cellPadding) + 2,
    );
    return Math.max(...heights) + 2 * this.cellPadding;
  }

  tableHeight(columns: Column[], rows: string[][]): number {
    const widths = this.cellWidths(columns);
    this.font('bold', SIZE.table);
    let height = this.cellsHeight(
      columns.map((column) => column.header),
      widths,
    );
    this.font('regular', SIZE.table);
    for (const row of rows) height += this.cellsHeight(row, widths);
    return height;
  }

  /**
   * A table whose header row is repeated on every page it runs over, under `continued` (e.g. the
   * table's caption marked "continued") when given, so a page that starts mid-table says whose
   * rows it shows.
   */
  table(columns: Column[], rows: string[][], continued?: string): void {
    const widths = this.cellWidths(columns);
    const headers = columns.map((column) => column.header);
    this.font('bold', SIZE.table);
    const headerHeight = this.cellsHeight(headers, widths);
    const continuedHeight = continued === undefined ? 0 : this.captionHeight(continued);
    const drawHeader = (): void => {
      const y = this.doc.y;
      this.doc.save().rect(this.left, y, this.width, headerHeight).fill(COLOR.headerFill).restore();
      this.font('bold', SIZE.table, COLOR.accent);
      this.drawCells(headers, columns, widths, y, headerHeight);
      this.doc.y = y + headerHeight;
    };

    this.font('regular', SIZE.table);
    const firstRow = rows[0];
    this.ensure(headerHeight + (firstRow === undefined ? 0 : this.cellsHeight(firstRow, widths)));
    drawHeader();
    // A row taller than a page (only with absurd inputs) is cut off with an ellipsis.
    const tallest = this.pageHeight - continuedHeight - headerHeight;
    for (const row of rows) {
      this.font('regular', SIZE.table);
      const height = Math.min(this.cellsHeight(row, widths), tallest);
      if (this.doc.y + height > this.bottom) {
        this.newPage();
        if (continued !== undefined) this.caption(continued);
        drawHeader();
      }
      const y = this.doc.y;
      this.font('regular', SIZE.table, COLOR.text);
      this.drawCells(row, columns, widths, y, height);
      this.doc.y = y + height;
      this.rule(this.doc.y);
    }
    this.doc.x = this.left;
  }

  private drawCells(
    cells: string[],
    columns: Column[],
    widths: number[],
    y: number,
    height: number,
  ): void {
    let x = this.left;
    cells.forEach((cell, index) => {
      const width = widths[index] ?? 0;
      this.doc.text(cell, x + this.cellPadding, y + this.cellPadding, {
        width: width - 2 * this.cellPadding,
        height: height - 2 * this.cellPadding,
        ellipsis: true,
        align: columns[index]?.align ?? 'left',
      });
      x += width;
    });
  }

  captionHeight(text: string): number {
    this.font('bold', SIZE.table);
    return this.textHeight(text, this.width) + 3;
  }

  /** A table's title line, small and bold, right above it. */
  caption(text: string): void {
    const height = this.captionHeight(text);
    const y = this.doc.y;
    this.font('bold', SIZE.table, COLOR.accent).doc.text(text, this.left, y, { width: this.width });
    this.doc.x = this.left;
    this.doc.y = y + height;
  }

  /**
   * The part of a captioned table that must not be split: all of it, with the `after` points of a
   * note under it, when it is short (a third of a page: an 8-year projection), else its caption,
   * header and first two rows.
   */
  captionedTableStartHeight(
    caption: string,
    columns: Column[],
    rows: string[][],
    after = 0,
  ): number {
    const whole = this.captionHeight(caption) + this.tableHeight(columns, rows) + after;
    return whole <= this.pageHeight / 3
      ? whole
      : this.captionHeight(caption) + this.tableHeight(columns, rows.slice(0, 2));
  }

  /**
   * A caption over a table. A short table stays on one page; a long one starts with at least two
   * rows under its header, and its caption, marked "continued", and header come back on every
   * page its rows run over.
   */
  captionedTable(caption: string, columns: Column[], rows: string[][], after = 0): void {
    this.ensure(this.captionedTableStartHeight(caption, columns, rows, after));
    this.caption(caption);
    this.table(columns, rows, `${caption}（续 continued）`);
  }

  private factHeights(facts: Row[]): { label: number; value: number } {
    const width = this.width / facts.length - 2 * this.cellPadding;
    this.font('regular', SIZE.small);
    const label = Math.max(...facts.map(([label]) => this.textHeight(label, width)));
    this.font('regular', SIZE.body);
    const value = Math.max(...facts.map(([, value]) => this.textHeight(value, width)));
    return { label, value };
  }

  factsHeight(facts: Row[]): number {
    const { label, value } = this.factHeights(facts);
    return label + value + 2 * this.cellPadding + 1;
  }

  /** Facts side by side, each a small label over its value: an asset's identity in one band. */
  facts(facts: Row[]): void {
    const { label: labelHeight } = this.factHeights(facts);
    const height = this.factsHeight(facts);
    const width = this.width / facts.length;
    this.ensure(height);
    const y = this.doc.y;
    facts.forEach(([label, value], index) => {
      const x = this.left + index * width + this.cellPadding;
      const options = { width: width - 2 * this.cellPadding };
      this.font('regular', SIZE.small, COLOR.muted).doc.text(
        label,
        x,
        y + this.cellPadding,
        options,
      );
      this.font('regular', SIZE.body, COLOR.text).doc.text(
        value,
        x,
        y + this.cellPadding + labelHeight + 1,
        options,
      );
    });
    this.doc.x = this.left;
    this.doc.y = y + height;
  }

  factNoteHeight(note: string): number {
    this.font('regular', SIZE.table);
    return this.textHeight(note, this.width - 2 * this.cellPadding) + 2 * this.cellPadding;
  }

  /** One line under the facts band, e.g. an asset's quality score. */
  factNote(note: string): void {
    const height = this.factNoteHeight(note);
    this.ensure(height);
    const y = this.doc.y;
    this.font('regular', SIZE.table, COLOR.text).doc.text(note, this.left + this.cellPadding, y, {
      width: this.width - 2 * this.cellPadding,
    });
    this.doc.x = this.left;
    this.doc.y = y + height;
  }

  bullets(items: string[]): void {
    const indent = 12;
    this.font('regular', SIZE.body);
    for (const item of items) {
      const height = this.textHeight(item, this.width - indent) + 3;
      this.keepTogether(height);
      const y = this.doc.y;
      this.font('regular', SIZE.body, COLOR.accent).doc.text('•', this.left + 2, y, {
        width: indent,
      });
      this.font('regular', SIZE.body, COLOR.text).doc.text(item, this.left + indent, y, {
        width: this.width - indent,
      });
      this.doc.y = Math.max(this.doc.y, y + height);
    }
    this.doc.x = this.left;
  }

  /**
   * The running header (after page 1) and the footer with "page n of m", written once every page
   * exists. They sit in the margins, so the bottom margin is lifted while writing: otherwise pdfkit
   * would take text below it as overflow and add a page.
   */
  writePageFurniture(data: ValuationReportData): void {
    const range = this.doc.bufferedPageRange();
    const total = range.count;
    for (let index = 0; index < total; index++) {
      this.doc.switchToPage(range.start + index);
      const page = this.doc.page;
      const margin = page.margins.bottom;
      page.margins.bottom = 0;
      const n = index + 1;
      if (n > 1) {
        const headerY = 30;
        this.font('regular', SIZE.small, COLOR.muted);
        this.doc.text(`知识产权评估报告 IP Valuation Report · ${data.id}`, this.left, headerY, {
          width: this.width,
          lineBreak: false,
        });
        this.doc.text(data.enterprise.name, this.left, headerY, {
          width: this.width,
          align: 'right',
          lineBreak: false,
        });
        this.rule(headerY + 12);
      }
      const footerY = page.height - MARGIN_BOTTOM + 18;
      this.rule(footerY - 5);
      this.font('regular', SIZE.small, COLOR.muted);
      this.doc.text(`${data.center.name} · ${data.id}`, this.left, footerY, {
        width: this.width,
        lineBreak: false,
      });
      this.doc.text(`第 ${n} 页 / 共 ${total} 页 · Page ${n} of ${total}`, this.left, footerY, {
        width: this.width,
        align: 'right',
        lineBreak: false,
      });
      page.margins.bottom = margin;
    }
  }
}

function writeTitle(layout: ReportLayout, data: ValuationReportData): void {
  const { doc } = layout;
  layout.font('regular', SIZE.body, COLOR.muted);
  doc.text(centerLabel(data.center), layout.left, layout.top - 20, {
    width: layout.width,
  });
  layout.font('bold', SIZE.title, COLOR.accent);
  doc.text('知识产权评估报告', layout.left, layout.top + 2, {
    width: layout.width,
    align: 'center',
  });
  layout.font('regular', SIZE.subtitle, COLOR.accent);
  doc.text('IP Valuation Report', { width: layout.width, align: 'center' });
  layout.font('regular', SIZE.body, COLOR.muted);
  doc.text(`报告编号 Report No. ${data.id}`, { width: layout.width, align: 'center' });
  doc.y += 6;
  layout.rule(doc.y, COLOR.accent, 1.2);
  doc.y += 10;

  if (data.status !== 'approved') {
    const status = STATUS_LABELS[data.status];
    const warning =
      `本报告状态为“${status.zh}”，评估结论未生效，不得作为质押价值。\n` +
      `Status: ${status.en}. This valuation is not in force and is not valid as pledge value.`;
    layout.font('bold', SIZE.body, COLOR.warning);
    const height = layout.textHeight(warning, layout.width - 16) + 12;
    const y = doc.y;
    doc
      .save()
      .rect(layout.left, y, layout.width, height)
      .fillAndStroke(COLOR.warningFill, COLOR.warning)
      .restore();
    layout.font('bold', SIZE.body, COLOR.warning);
    doc.text(warning, layout.left + 8, y + 6, { width: layout.width - 16 });
    doc.x = layout.left;
    doc.y = y + height + 6;
  }
}

function writeDetails(layout: ReportLayout, data: ValuationReportData): void {
  const purpose = PURPOSE_LABELS[data.purpose];
  const status = STATUS_LABELS[data.status];
  layout.heading('一', '基本信息  Report details');
  layout.keyValues([
    ['报告编号 Report No.', data.id],
    ['评估机构 Valuation center', centerLabel(data.center)],
    ['委托企业 Enterprise', data.enterprise.name],
    ['统一社会信用代码 Credit code', data.enterprise.creditCode],
    ['评估目的 Purpose', bilingual(purpose)],
    ['评估基准日 Reference date', data.referenceDate],
    ['状态 Status', bilingual(status)],
    ['评估人员 Prepared by', `${data.preparedBy} · ${formatTimestamp(data.preparedAt)}`],
    [
      '审核人员 Approved by',
      data.approvedBy === null
        ? '— 未审核 Not approved'
        : `${data.approvedBy} · ${formatTimestamp(data.approvedAt)}`,
    ],
    ['有效期至 Valid until', data.validUntil ?? '— 未生效 Not in force'],
  ]);
}

function scoreLine(score: QualityScore): string {
  return (
    `法律 Legal ${score.legal} · 技术 Technical ${score.technical} · ` +
    `经济 Economic ${score.economic} · 综合 Overall ${score.overall}`
  );
}

function writeConclusion(layout: ReportLayout, data: ValuationReportData): void {
  const { doc } = layout;
  const { conclusion, score } = data.result;
  layout.heading('二', '评估结论  Conclusion');
  const value = formatMoney(conclusion.value);
  const range = `评估区间 Range: ${formatMoney(conclusion.low)} – ${formatMoney(conclusion.high)}`;
  const currency = `币种 Currency: ${conclusion.currency} 人民币 · 基准日 Reference date ${data.referenceDate}`;
  const quality = `组合质量评分 Portfolio quality score: ${score.overall} / 100`;
  const padding = 10;
  const height = 24 + 30 + 3 * 14 + 2 * padding;
  layout.keepTogether(height);
  const y = doc.y;
  doc
    .save()
    .rect(layout.left, y, layout.width, height)
    .lineWidth(0.8)
    .fillAndStroke(COLOR.conclusionFill, COLOR.accent)
    .restore();
  const inner = { x: layout.left + padding + 4, width: layout.width - 2 * padding - 8 };
  layout.font('regular', SIZE.body, COLOR.muted);
  doc.text(
    `${data.enterprise.name} 的知识产权组合（${data.result.assets.length} 项）评估价值 Appraised value of the IP portfolio (${data.result.assets.length} assets)`,
    inner.x,
    y + padding,
    { width: inner.width },
  );
  layout.font('bold', SIZE.title, COLOR.accent);
  doc.text(value, inner.x, y + padding + 18, { width: inner.width, lineBreak: false });
  layout.font('regular', SIZE.body, COLOR.text);
  doc.text(range, inner.x, y + padding + 24 + 30, { width: inner.width });
  doc.text(currency, inner.x, y + padding + 24 + 30 + 14, { width: inner.width });
  doc.text(quality, inner.x, y + padding + 24 + 30 + 28, { width: inner.width });
  doc.x = layout.left;
  doc.y = y + height + 4;
}

function methodRows(methods: MethodResult[], inputsFor: (method: MethodResult) => string) {
  return methods.map((method) => [
    bilingual(METHOD_LABELS[method.method], '\n'),
    bilingual(METHOD_STATUS_LABELS[method.status], ' '),
    method.value === undefined ? '—' : formatAmount(method.value),
    method.weight === undefined ? '—' : formatPercent(method.weight),
    method.status === 'skipped'
      ? `未采用原因 Reason: ${method.reason ?? '—'}`
      : inputsFor(method) || '—',
  ]);
}

const PORTFOLIO_METHOD_COLUMNS: Column[] = [
  { header: '方法 Method', share: 0.17 },
  { header: '状态 Status', share: 0.12 },
  { header: '价值 Value (CNY)', share: 0.16, align: 'right' },
  { header: '权重 Weight', share: 0.12, align: 'right' },
  { header: '说明 Notes', share: 0.43 },
];

function writeMethods(layout: ReportLayout, data: ValuationReportData): void {
  const { assets, methods } = data.result;
  layout.heading('三', '评估方法  Methods');
  layout.paragraph(
    '结论为各适用方法结果的加权值，权重在有输入数据的方法之间重新归一。' +
      'The conclusion weights the methods that could be applied; their policy weights are re-normalised over them.',
    SIZE.body,
    COLOR.muted,
  );
  layout.doc.y += 4;
  const rows = methodRows(methods, (method) => {
    const used = assets.filter((asset) =>
      asset.methods.some((m) => m.method === method.method && m.status === 'applied'),
    ).length;
    const inputs = formatInputs(method.inputs);
    return `用于 ${used} / ${assets.length} 项资产 Applied to ${used} of ${assets.length} assets${inputs ? `; ${inputs}` : ''}`;
  });
  layout.table(PORTFOLIO_METHOD_COLUMNS, rows);
}

function writeQualityScore(layout: ReportLayout, data: ValuationReportData): void {
  const { score } = data.result;
  layout.heading('四', '质量评分  Quality score (GB/T 42748-2023)');
  layout.paragraph(
    '质量评分参照国家标准 GB/T 42748-2023《专利评估指引》的结构，从法律、技术、经济三个维度评分，各 0–100 分；' +
      '综合分按评估目的对三个维度加权：质押侧重法律价值，转让侧重经济价值。下表为组合评分，各资产的评分见资产明细。',
  );
  layout.doc.y += 2;
  layout.paragraph(
    'The quality score follows the structure of the national standard GB/T 42748-2023 (Patent evaluation guidelines): ' +
      'legal, technical and economic value, each scored 0–100. The overall score weights the three by the purpose ' +
      'of the valuation: a pledge weighs legal value highest, a transfer economic value. The table shows the ' +
      "portfolio; each asset's score is in its section.",
    SIZE.body,
    COLOR.muted,
  );
  layout.doc.y += 4;
  layout.table(
    [
      { header: '维度 Dimension', share: 0.2 },
      { header: '评分 Score', share: 0.1, align: 'right' },
      { header: '考察因素 Factors', share: 0.7 },
    ],
    [
      [
        '法律价值\nLegal value',
        String(score.legal),
        '稳定性、剩余保护期、法律状态、海外同族布局、许可状况、质押等权利负担\n' +
          'Stability, remaining term, legal status, filings abroad, licence status, encumbrances such as an existing pledge',
      ],
      [
        '技术价值\nTechnical value',
        String(score.technical),
        '先进性、可替代性、成熟度、适用范围\nAdvancement, substitutability, maturity, scope of application',
      ],
      [
        '经济价值\nEconomic value',
        String(score.economic),
        '市场规模、市场份额、竞争状况、产业政策契合度\nMarket size, market share, competition, policy fit',
      ],
      [
        '综合评分\nOverall',
        String(score.overall),
        `按评估目的（${PURPOSE_LABELS[data.purpose].zh}）加权 Weighted for the purpose (${PURPOSE_LABELS[data.purpose].en.toLowerCase()})`,
      ],
    ],
  );
}

const ASSET_LIST_COLUMNS: Column[] = [
  { header: '序号 No.', share: 0.07, align: 'right' },
  { header: '编号 Number', share: 0.2 },
  { header: '名称 Title', share: 0.31 },
  { header: '类型 Kind', share: 0.14 },
  { header: '评估价值 Value (CNY)', share: 0.17, align: 'right' },
  { header: '综合评分 Score', share: 0.11, align: 'right' },
];

function writeAssetList(layout: ReportLayout, data: ValuationReportData): void {
  layout.heading('五', `资产清单  Assets (${data.result.assets.length})`);
  layout.table(
    ASSET_LIST_COLUMNS,
    data.result.assets.map((asset, index) => [
      String(index + 1),
      asset.number,
      asset.title,
      bilingual(ASSET_KIND_LABELS[asset.kind]),
      formatAmount(asset.value),
      String(asset.score.overall),
    ]),
  );
  const total = data.result.conclusion.value;
  layout.font('bold', SIZE.table, COLOR.text);
  layout.ensure(16);
  layout.doc.text(`合计 Total: ${formatMoney(total)}`, layout.left, layout.doc.y + 4, {
    width: layout.width,
    align: 'right',
  });
  layout.doc.x = layout.left;
}

const ASSET_METHOD_COLUMNS: Column[] = [
  { header: '方法 Method', share: 0.15 },
  { header: '状态 Status', share: 0.1 },
  { header: '价值 Value (CNY)', share: 0.15, align: 'right' },
  { header: '权重 Weight', share: 0.12, align: 'right' },
  { header: '输入与说明 Inputs / reason', share: 0.48 },
];

function assetFacts(asset: AssetValuation): Row[] {
  return [
    ['编号 Number', asset.number],
    ['类型 Kind', bilingual(ASSET_KIND_LABELS[asset.kind])],
    ['剩余法定保护期 Remaining legal life', formatYears(asset.remainingLegalYears)],
    ['经济寿命 Economic life', formatYears(asset.economicLifeYears)],
    ['评估价值 Value', formatMoney(asset.value)],
  ];
}

const CASH_FLOW_COLUMNS: Column[] = [
  { header: '年度\nYear', share: 0.09, align: 'right' },
  { header: '折现期\nt (years)', share: 0.12, align: 'right' },
  { header: '收入\nRevenue (CNY)', share: 0.2, align: 'right' },
  { header: '税后提成额\nRoyalty after tax (CNY)', share: 0.2, align: 'right' },
  { header: '折现系数\nDiscount factor', share: 0.17, align: 'right' },
  { header: '现值\nPresent value (CNY)', share: 0.22, align: 'right' },
];

const COMPARABLE_COLUMNS: Column[] = [
  { header: '可比交易\nDeal', share: 0.28 },
  { header: '成交价\nPrice (CNY)', share: 0.24, align: 'right' },
  { header: '剩余寿命（年）\nRemaining life (years)', share: 0.2, align: 'right' },
  { header: '调整后价格\nAdjusted price (CNY)', share: 0.28, align: 'right' },
];

interface DetailTable {
  caption: string;
  columns: Column[];
  rows: string[][];
  /** A line under the table, e.g. why its column does not add up to the cent. */
  note?: string;
}

/** The income approach's projection, year by year, closed by the method's value. */
function cashFlowTable(asset: AssetValuation, method: MethodResult): DetailTable | null {
  const cashFlows = method.cashFlows ?? [];
  if (method.status !== 'applied' || cashFlows.length === 0) return null;
  const rows = cashFlows.map((row) => [
    String(row.year),
    row.t,
    formatAmount(row.revenue),
    formatAmount(row.royaltyAfterTax),
    row.discountFactor,
    formatAmount(row.presentValue),
  ]);
  const shown = sumAmounts(cashFlows.map((row) => row.presentValue));
  if (method.value !== undefined) {
    rows.push(['合计 Total', '', '', '', '', formatAmount(method.value)]);
  }
  const adds = method.value === undefined || shown === formatAmount(method.value);
  return {
    caption: `收益法逐年现金流 Income approach, cash flows by year · ${asset.number}`,
    columns: CASH_FLOW_COLUMNS,
    rows,
    note: adds
      ? undefined
      : `各年现值分别四舍五入至分，合计 ${shown}；收益法价值按未舍入现值求和。` +
        `Each present value is rounded to the cent on its own and they add up to ${shown}; the value sums them unrounded.`,
  };
}

/** The market approach's deals, each scaled by remaining life, closed by their median. */
function comparableTable(asset: AssetValuation, method: MethodResult): DetailTable | null {
  const comparables = method.comparables ?? [];
  if (method.status !== 'applied' || comparables.length === 0) return null;
  const rows = comparables.map((deal) => [
    deal.dealId,
    formatAmount(deal.price),
    deal.remainingLifeYears,
    formatAmount(deal.adjustedPrice),
  ]);
  if (method.value !== undefined) {
    rows.push(['中位数 Median', '', '', formatAmount(method.value)]);
  }
  return {
    caption: `市场法可比交易 Market approach, comparable deals · ${asset.number}`,
    columns: COMPARABLE_COLUMNS,
    rows,
  };
}

function detailTables(asset: AssetValuation): DetailTable[] {
  return asset.methods.flatMap((method) =>
    [cashFlowTable(asset, method), comparableTable(asset, method)].filter(
      (table): table is DetailTable => table !== null,
    ),
  );
}

const DETAIL_TABLE_GAP = 6;

function noteHeight(layout: ReportLayout, table: DetailTable): number {
  return table.note === undefined ? 0 : layout.factNoteHeight(table.note);
}

function detailTableHeight(layout: ReportLayout, table: DetailTable): number {
  return (
    DETAIL_TABLE_GAP +
    layout.captionHeight(table.caption) +
    layout.tableHeight(table.columns, table.rows) +
    noteHeight(layout, table)
  );
}

/** What of the table must start on the page its asset's head is on. */
function detailTableStartHeight(layout: ReportLayout, table: DetailTable): number {
  return (
    DETAIL_TABLE_GAP +
    layout.captionedTableStartHeight(
      table.caption,
      table.columns,
      table.rows,
      noteHeight(layout, table),
    )
  );
}

function writeDetailTable(layout: ReportLayout, table: DetailTable): void {
  layout.doc.y += DETAIL_TABLE_GAP;
  layout.captionedTable(table.caption, table.columns, table.rows, noteHeight(layout, table));
  if (table.note !== undefined) layout.factNote(table.note);
}

/** The method's figures, pointing to its table when it has one. */
function assetMethodNotes(method: MethodResult): string {
  const inputs = formatInputs(method.inputs);
  const table = method.cashFlows?.length
    ? '逐年现金流见下表 Cash flows by year below'
    : method.comparables?.length
      ? '可比交易见下表 Comparable deals below'
      : '';
  return [inputs, table].filter((part) => part !== '').join('; ');
}

function writeAssetDetails(layout: ReportLayout, data: ValuationReportData): void {
  const { assets } = data.result;
  layout.heading('六', '资产明细  Asset details');
  assets.forEach((asset, index) => {
    const title = `${index + 1}. ${asset.title}`;
    const facts = assetFacts(asset);
    const score = `质量评分 Quality score: ${scoreLine(asset.score)}`;
    const methods = methodRows(asset.methods, assetMethodNotes);
    const tables = detailTables(asset);
    layout.font('bold', SIZE.subheading);
    const titleHeight = layout.textHeight(title, layout.width) + 2;
    const headHeight =
      titleHeight +
      layout.factsHeight(facts) +
      layout.factNoteHeight(score) +
      layout.tableHeight(ASSET_METHOD_COLUMNS, methods);
    const blockHeight = tables.reduce(
      (height, table) => height + detailTableHeight(layout, table),
      headHeight,
    );
    const first = tables[0];
    layout.gap(10);
    if (blockHeight <= layout.pageHeight / 3 || first === undefined) {
      // A short asset is one block, moved whole to the next page when it fits on one.
      layout.keepTogether(blockHeight);
    } else {
      // A longer one starts here when its head and its first table (the first rows of a long
      // one) fit; a long table then runs over pages with its caption and header repeated.
      layout.keepTogether(headHeight + detailTableStartHeight(layout, first));
    }
    layout.ensure(titleHeight + 60);
    layout.font('bold', SIZE.subheading, COLOR.accent);
    layout.doc.text(title, layout.left, layout.doc.y, { width: layout.width });
    layout.doc.y += 2;
    layout.facts(facts);
    layout.factNote(score);
    layout.table(ASSET_METHOD_COLUMNS, methods);
    for (const table of tables) writeDetailTable(layout, table);
  });
}

const RATE_KEY = /(rate|ratio)$|^weight/i;

const PARAMETER_COLUMNS: Column[] = [
  { header: '参数 Parameter', share: 0.6 },
  { header: '取值 Value', share: 0.4, align: 'right' },
];

function writeParameters(layout: ReportLayout, data: ValuationReportData): void {
  const entries = Object.entries(data.parameters);
  const rows =
    entries.length === 0
      ? [['—', '—']]
      : entries.map(([key, value]) => [
          parameterLabel(key),
          RATE_KEY.test(key) && formatPercent(value) !== value
            ? `${value} (${formatPercent(value)})`
            : value,
        ]);
  // A dozen policy figures: the section moves whole rather than leave a few rows on a page.
  layout.keepTogether(HEADING_HEIGHT + 20 + layout.tableHeight(PARAMETER_COLUMNS, rows));
  layout.heading('七', '评估参数  Parameters');
  layout.paragraph(
    '评估所用的政策参数（提成率、税率、折现率、方法权重等）。The policy figures the methods used.',
    SIZE.body,
    COLOR.muted,
  );
  layout.doc.y += 4;
  layout.table(PARAMETER_COLUMNS, rows);
}

function writeAssumptions(layout: ReportLayout, data: ValuationReportData): void {
  layout.heading('八', '评估假设与限制  Assumptions');
  const assumptions = data.result.assumptions;
  layout.bullets(assumptions.length === 0 ? ['无特别假设 No specific assumptions.'] : assumptions);
}

function writeApproval(layout: ReportLayout, data: ValuationReportData): void {
  const { doc } = layout;
  const validity =
    `本评估结论仅在报告经审核批准且未过期时有效${data.validUntil === null ? '' : `（有效期至 ${data.validUntil}）`}；` +
    '未经批准、已驳回、已被取代或已过期的评估不得作为质押价值。\n' +
    `The valuation is valid only while it is approved and unexpired${data.validUntil === null ? '' : ` (valid until ${data.validUntil})`}; ` +
    'a valuation that is not approved, rejected, superseded or expired does not count as pledge value.';
  layout.font('bold', SIZE.body);
  const validityHeight = layout.textHeight(validity, layout.width);
  const columnHeight = 92;
  // Heading, both signature columns, the seal line and the validity note stay on one page.
  layout.ensure(HEADING_HEIGHT + 4 + columnHeight + 10 + 18 + validityHeight);
  layout.heading('九', '审核签署  Approval');

  const columns = [
    {
      title: '评估人员 Prepared by',
      name: data.preparedBy,
      date: formatTimestamp(data.preparedAt),
    },
    {
      title: '审核人员 Approved by',
      name: data.approvedBy ?? '— 未审核 Not approved',
      date: formatTimestamp(data.approvedAt),
    },
  ];
  const gutter = 20;
  const columnWidth = (layout.width - gutter) / 2;
  const y = doc.y + 4;
  columns.forEach((column, index) => {
    const x = layout.left + index * (columnWidth + gutter);
    doc
      .save()
      .rect(x, y, columnWidth, columnHeight)
      .lineWidth(0.5)
      .strokeColor(COLOR.rule)
      .stroke()
      .restore();
    const innerX = x + 8;
    const innerWidth = columnWidth - 16;
    layout.font('bold', SIZE.body, COLOR.accent);
    doc.text(column.title, innerX, y + 8, { width: innerWidth });
    layout.font('regular', SIZE.body, COLOR.text);
    doc.text(`姓名 Name: ${column.name}`, innerX, y + 26, { width: innerWidth });
    doc.text(`日期 Date: ${column.date}`, innerX, y + 42, { width: innerWidth });
    layout.font('regular', SIZE.body, COLOR.muted);
    doc.text('签字 Signature:', innerX, y + 66, { width: innerWidth });
    doc
      .save()
      .moveTo(innerX + 70, y + 77)
      .lineTo(x + columnWidth - 10, y + 77)
      .lineWidth(0.5)
      .strokeColor(COLOR.muted)
      .stroke()
      .restore();
  });
  doc.x = layout.left;
  doc.y = y + columnHeight + 10;
  layout.font('regular', SIZE.body, COLOR.text);
  doc.text(`评估机构 Valuation center: ${data.center.name}（盖章 Seal）`, layout.left, doc.y, {
    width: layout.width,
  });
  doc.y += 4;
  layout.font('bold', SIZE.body, data.status === 'approved' ? COLOR.text : COLOR.warning);
  doc.text(validity, layout.left, doc.y, { width: layout.width });
}

/** "济南科技金融服务中心 (Jinan)" already names the center; only add the code when the name does not. */
function centerLabel(center: ValuationReportData['center']): string {
  return center.name.toLowerCase().includes(center.code.toLowerCase())
    ? center.name
    : `${center.name} (${center.code})`;
}
