// Reading PDFs in tests: a dependency-free look at the page count and the text PDFKit draws, and poppler's
// pdftotext / pdfinfo when they are installed (Debian package poppler-utils).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/** Pages in a PDF: its page objects (`/Type /Page`, not `/Pages`). */
export function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

/**
 * The text shown by PDFKit's content streams: each stream is inflated and the hex strings of its TJ operators
 * decoded as Windows-1252 (the standard fonts' encoding), one line per text operator.
 */
export function pdfkitText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = zlib.inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[(.*?)\]\s*TJ/gs))
      lines.push(
        [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)]
          .map((h) => new TextDecoder('windows-1252').decode(Buffer.from(h[1]!, 'hex')))
          .join(''),
      );
  }
  return lines.join('\n');
}

/** Why poppler's tools cannot run here, or null when they can. */
export function popplerMissing(): string | null {
  const r = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  return r.error ? 'pdftotext is not installed (apt-get install poppler-utils)' : null;
}

/** pdftotext's text of a PDF and pdfinfo's page count. */
export function poppler(pdf: Buffer): { text: string; pages: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, pdf);
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    if (text.status !== 0 || info.status !== 0)
      throw new Error(`poppler refused the PDF: ${text.stderr}${info.stderr}`);
    return { text: text.stdout, pages: Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
