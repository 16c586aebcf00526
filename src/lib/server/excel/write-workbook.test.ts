import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsxUpload } from './xlsx-upload';
import { writeWorkbook } from './write-workbook';

describe('writing a workbook', () => {
	it('keeps every emoji of a long text whole (JSZip used to cut surrogate pairs every 16 K units)', async () => {
		// 24 000 units of emoji per text, shifted by one unit every other row: some of the 16 K
		// slice boundaries fall inside an emoji (plain exceljs wrote 2 U+FFFD for these rows).
		const texts = Array.from({ length: 6 }, (_, i) => 'a'.repeat(i % 2) + '🙂'.repeat(12_000));
		texts.push(`é${'👨‍👩‍👧 cœur '.repeat(2_000)}`);
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Fiches');
		for (const text of texts) sheet.addRow([text]);
		const result = await readXlsxUpload(await writeWorkbook(workbook));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const read = result.sheets[0].rows.map((r) => r.cells[0]);
		expect(read.map((t) => String(t).split('\ufffd').length - 1)).toEqual(texts.map(() => 0));
		expect(read).toEqual(texts);
	});
});
