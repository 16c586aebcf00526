import { describe, expect, it } from 'vitest';
import { asciiFileName, attachment } from './download';

describe('download file names', () => {
	it('sends an ASCII fallback and the real name in filename* (RFC 6266)', () => {
		expect(attachment('Fiche action 11 bis.xlsx')).toBe(
			`attachment; filename="Fiche-action-11-bis.xlsx"; filename*=UTF-8''Fiche%20action%2011%20bis.xlsx`
		);
		expect(attachment('donnees-łodz-2020-2025.csv')).toBe(
			`attachment; filename="donnees-odz-2020-2025.csv"; filename*=UTF-8''donnees-%C5%82odz-2020-2025.csv`
		);
		expect(attachment("Rapport (l'an 2019)*.xlsx")).toContain(
			"filename*=UTF-8''Rapport%20%28l%27an%202019%29%2A.xlsx"
		);
	});

	it('never lets a quote, a control character or a non-Latin-1 character into the header', () => {
		for (const name of ['a"b\r\nSet-Cookie: x.csv', 'Київ.csv', 'é\u0000.xlsx', '']) {
			const header = attachment(name);
			expect(header).toMatch(/^[\x20-\x7e]+$/);
			expect(header.match(/"/g)).toHaveLength(2);
		}
		expect(asciiFileName('Київ.csv')).toBe('csv');
		expect(asciiFileName('')).toBe('telechargement');
	});
});
