// The annual surveillance report as a PDF: real text (searchable, copyable, readable by screen readers), headings,
// and ruled tables, with the period and generation time on every page.
import PDFDocument from 'pdfkit';
import type { AnnualReport } from './annual-report.js';
import { formatValue, type ReportTable } from './report-model.js';

// Windows-1252 characters beyond Latin-1 that the PDF standard fonts can draw.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the standard fonts can draw: letters with accents they lack lose the accent, anything else becomes "?".
 * Embedding a font would need a file on disk; the report's text is mostly ASCII, and the JSON and CSV keep it
 * exact.
 */
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      ch === '\n' ||
      CP1252_EXTRA.has(ch)
    )
      out += ch;
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += /^[\x20-\x7e]+$/.test(base) ? base : '?';
    }
  }
  return out;
}

const MARGIN = 56;
const INK = '#1f1a14';
const MUTED = '#5e5346';
const RULE = '#c9bfb1';
const HEAD_BG = '#f1ebe1';

/** Renders the report to PDF bytes (A4, Helvetica, numbered pages). */
export function renderAnnualReportPdf(report: AnnualReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: pdfSafe(report.title),
      Author: 'Porchlight',
      Subject: 'Annual surveillance report generated from the public log and registries',
      CreationDate: new Date(report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGIN * 2;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(20).text(pdfSafe(report.title), { width });
  doc.moveDown(0.3);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(
      pdfSafe(
        `Period ${report.period.from} to ${report.period.to}. Generated ${report.generatedAt} from the public log (${report.logSize} entries) and the public registries. ` +
          'Sections follow the items of an annual surveillance report under Oakland Municipal Code 9.64.010 (A-K).',
      ),
      { width },
    );
  doc.moveDown(0.8);

  for (const section of report.sections) {
    ensureSpace(doc, 80);
    const heading = section.item ? `${section.item}. ${section.title}` : section.title;
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(14).text(pdfSafe(heading), MARGIN, doc.y, { width });
    doc.moveDown(0.3);
    doc.font('Helvetica').fontSize(10.5);
    for (const p of section.paragraphs) {
      doc.fillColor(INK).text(pdfSafe(p), MARGIN, doc.y, { width, lineGap: 1.5 });
      doc.moveDown(0.4);
    }
    for (const table of section.tables) drawTable(doc, table, width);
    doc.moveDown(0.6);
  }

  // Footers go on last, when the page count is known; bottom margin 0 so writing there adds no page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(
        pdfSafe(`${report.title} · page ${i - range.start + 1} of ${range.count}`),
        MARGIN,
        doc.page.height - MARGIN + 10,
        { width, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function ensureSpace(doc: PDFKit.PDFDocument, points: number): void {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function drawTable(doc: PDFKit.PDFDocument, table: ReportTable, width: number): void {
  ensureSpace(doc, 60);
  doc
    .font('Helvetica-Oblique')
    .fontSize(9.5)
    .fillColor(MUTED)
    .text(pdfSafe(table.caption), MARGIN, doc.y, { width });
  doc.moveDown(0.2);
  if (table.rows.length === 0) {
    doc.font('Helvetica').fontSize(10).fillColor(INK).text(pdfSafe(table.empty), MARGIN, doc.y, { width });
    doc.moveDown(0.5);
    return;
  }
  const numeric = table.columns.map((c) => c.kind === 'count' || c.kind === 'money' || c.kind === 'percent');
  const border = { top: 0.5, bottom: 0.5, left: 0, right: 0 };
  const header = table.columns.map((c, i) => ({
    text: pdfSafe(c.label),
    type: 'TH' as const,
    font: { src: 'Helvetica-Bold', size: 9 },
    backgroundColor: HEAD_BG,
    align: { x: numeric[i] ? ('right' as const) : ('left' as const), y: 'top' as const },
  }));
  const rows = table.rows.map((row) =>
    table.columns.map((c, i) => ({
      text: pdfSafe(
        formatValue(
          c.kind,
          row[c.key] ?? null,
          table.currencyKey ? String(row[table.currencyKey]) : undefined,
        ),
      ),
      font: { src: 'Helvetica', size: 9 },
      align: { x: numeric[i] ? ('right' as const) : ('left' as const), y: 'top' as const },
    })),
  );
  doc.fillColor(INK);
  doc.table({
    position: { x: MARGIN, y: doc.y },
    maxWidth: width,
    defaultStyle: { border, borderColor: RULE, padding: [3, 4, 3, 4] },
    data: [header, ...rows],
  });
  doc.x = MARGIN;
  doc.moveDown(0.6);
}
