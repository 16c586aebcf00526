import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './cookies';

describe('safeReturnPath', () => {
	it('keeps a path of this site, with its query and fragment', () => {
		expect(safeReturnPath('/schemas/haute-vienne-2017-2021/plan?axe=2#f35')).toBe(
			'/schemas/haute-vienne-2017-2021/plan?axe=2#f35'
		);
		expect(safeReturnPath('/schemas/é')).toBe('/schemas/%C3%A9');
		expect(safeReturnPath('/a/../profil')).toBe('/profil');
	});

	it('sends anything that could leave the site, or break the Location header, to /', () => {
		for (const value of [
			null,
			'',
			'https://evil.example/',
			'//evil.example',
			'/\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'\t//evil.example',
			'/\r\nSet-Cookie: x=1',
			'/\u0000',
			'/\u0085/evil.example',
			'evil.example',
			'javascript:alert(1)',
			'/%2F%2Fevil.example/..//evil.example'
		]) {
			const path = safeReturnPath(value);
			expect(new URL(path, 'https://sdsf.exemple.fr').origin, String(value)).toBe(
				'https://sdsf.exemple.fr'
			);
			expect(path).toMatch(/^\/[\x21-\x7e]*$/);
		}
		expect(safeReturnPath('/\t/evil.example')).toBe('/');
		expect(safeReturnPath('/\r\nSet-Cookie: x=1')).toBe('/');
	});
});
