import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { readZipDirectory } from '../excel/zip-inspect';
import { UPLOAD_LIMITS } from '../excel/xlsx-upload';

// Test support: a .docx opened the way Word would (its ZIP, word/document.xml paragraph by
// paragraph with their style), and the same file converted by LibreOffice Writer
// (libreoffice-writer-nogui in CI).

export type DocxParagraph = { style: string | null; numbered: boolean; text: string };

export function docxPart(buffer: Buffer, name: string): string {
	const directory = readZipDirectory(buffer, UPLOAD_LIMITS);
	if (!directory.ok) throw new Error(directory.problem.kind);
	const entry = directory.entries.find((e) => e.name === name);
	if (!entry) throw new Error(`${name} absent`);
	const data = buffer.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
	return (entry.method === 8 ? inflateRawSync(data) : data).toString('utf8');
}

const decode = (text: string) =>
	text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');

/** The body's paragraphs in order (table cells included), with their style. */
export function docxParagraphs(buffer: Buffer): DocxParagraph[] {
	const xml = docxPart(buffer, 'word/document.xml');
	return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => ({
		style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null,
		numbered: p.includes('<w:numPr>'),
		text: decode([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
	}));
}

/** The file converted by LibreOffice (`pdf`), and, when pdftoppm is there, its first pages as PNG. */
export function convertWithLibreOffice(
	buffer: Buffer,
	options: { pngFolder?: string; pages?: number } = {}
): Buffer {
	const folder = mkdtempSync(join(tmpdir(), 'sdsf-docx-'));
	try {
		writeFileSync(join(folder, 'livret.docx'), buffer);
		execFileSync(
			'soffice',
			[
				`-env:UserInstallation=file://${folder}/profil`,
				'--headless',
				'--convert-to',
				'pdf',
				'--outdir',
				join(folder, 'sortie'),
				join(folder, 'livret.docx')
			],
			{ stdio: 'pipe', timeout: 180_000 }
		);
		const pdf = readFileSync(join(folder, 'sortie', 'livret.pdf'));
		if (options.pngFolder && existsSync('/usr/bin/pdftoppm')) {
			execFileSync('pdftoppm', [
				'-png',
				'-r',
				'60',
				'-l',
				String(options.pages ?? 6),
				join(folder, 'sortie', 'livret.pdf'),
				join(options.pngFolder, 'page')
			]);
			readdirSync(options.pngFolder);
		}
		return pdf;
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

export const pdfPageCount = (pdf: Buffer) =>
	pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
