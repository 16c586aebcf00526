import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fitWrappedRows } from './workbook-style';

describe('fitWrappedRows', () => {
	it('grows rows to the lines their wrapped text needs, and leaves others alone', () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Test');
		sheet.columns = [{ width: 20, style: { alignment: { wrapText: true } } }, { width: 10 }];
		sheet.addRow(['court', 'x']);
		sheet.addRow(['a'.repeat(100), 'y']); // 22 characters a line → 5 lines
		sheet.addRow(['un\ndeux\ntrois', 'z']);
		sheet.addRow(['b'.repeat(300), 'no wrap here']).height = 20; // explicit height kept
		sheet.addRow(['', 'c'.repeat(200)]); // long text in a column that does not wrap
		fitWrappedRows(workbook);
		expect(sheet.getRow(1).height).toBeUndefined();
		expect(sheet.getRow(2).height).toBe(75);
		expect(sheet.getRow(3).height).toBe(45);
		expect(sheet.getRow(4).height).toBe(20);
		expect(sheet.getRow(5).height).toBeUndefined();
	});
});
