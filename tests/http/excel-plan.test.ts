import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZipDirectory, storedPart, writeZip } from '../../src/lib/server/excel/zip-inspect';
import { DEMO, signIn } from '../support/auth';
import { startServer, type RunningServer } from '../support/server';
import { flatHtml as text, postForm } from '../support/http';

// Excel for the plan through HTTP against the built server (`npx vite build` first): export of
// the plan and of the fiches, round trip through the import pages, hostile uploads answered with
// a clear 4xx while the server keeps serving others, formula injection, permissions.

const SCHEME = 'haute-vienne-2017-2021';
const COPY = 'haute-vienne-copie';
const LIMITS = { zipEntries: 200, uncompressed: 100 * 1024 * 1024 };
/** The parts every workbook has, around a hostile sheet. */
const skeleton = () => [
	storedPart('[Content_Types].xml', '<Types/>'),
	storedPart(
		'xl/workbook.xml',
		'<workbook xmlns:r="r"><sheets><sheet name="Fiches" sheetId="1" r:id="rId1"/></sheets></workbook>'
	),
	storedPart(
		'xl/_rels/workbook.xml.rels',
		'<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
	)
];

let server: RunningServer;
let admin: string;
let pilot: string;
let reader: string;
let scratch: string;

beforeAll(async () => {
	scratch = mkdtempSync(join(tmpdir(), 'sdsf-excel-test-'));
	// Uploads up to 10 MB need a body limit above adapter-node's 512 KB default; pending imports
	// wait in the test's own folder.
	server = await startServer({ env: { BODY_SIZE_LIMIT: '11M', IMPORT_TEMP_DIR: scratch } });
	[admin, pilot, reader] = await Promise.all([
		signIn(server.url, DEMO.platformAdmin),
		signIn(server.url, DEMO.cafPilot),
		signIn(server.url, DEMO.reader)
	]);
});
afterAll(async () => {
	await server?.stop();
	if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function get(path: string, cookie?: string) {
	return fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

function upload(file: Buffer, name: string, cookie?: string) {
	const form = new FormData();
	form.append('fichier', new Blob([new Uint8Array(file)]), name);
	return fetch(`${server.url}/import?/televerser`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.url, accept: 'text/html', ...(cookie ? { cookie } : {}) },
		body: form
	});
}

const confirm = (token: string, cookie?: string) =>
	postForm(server.url, '/import?/confirmer', { jeton: token }, cookie);

async function workbookOf(response: Response): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load((await response.arrayBuffer()) as ExcelJS.Buffer);
	return wb;
}

async function exportPlan(): Promise<Buffer> {
	const response = await get(`/schemas/${SCHEME}/export/plan.xlsx`, admin);
	expect(response.status).toBe(200);
	return Buffer.from(await response.arrayBuffer());
}

async function edited(buffer: Buffer, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
	change(wb);
	return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Runs `work` while another visitor reads /api/schemes every 50 ms: every answer must be a 200
 * and none may wait long, whatever the upload does to the server.
 */
async function whileOthersBrowse<T>(
	work: () => Promise<T>
): Promise<{ result: T; slowest: number; statuses: number[] }> {
	let running = true;
	const statuses: number[] = [];
	let slowest = 0;
	const browse = (async () => {
		while (running) {
			const started = performance.now();
			const response = await fetch(`${server.url}/api/schemes`, { headers: { cookie: reader } });
			await response.arrayBuffer();
			statuses.push(response.status);
			slowest = Math.max(slowest, performance.now() - started);
			await new Promise((r) => setTimeout(r, 50));
		}
	})();
	try {
		const result = await work();
		return { result, slowest, statuses };
	} finally {
		running = false;
		await browse;
	}
}

const fieldsOfFiche = [
	'number',
	'title',
	'tocTitle',
	'priorityLabel',
	'state',
	'context',
	'steps',
	'targetPublic',
	'pilots',
	'partners',
	'schedule',
	'startDate',
	'endDate',
	'results',
	'links',
	'note',
	'path'
] as const;
const fieldsOfIndicator = [
	'kind',
	'kindLabel',
	'label',
	'measure',
	'unit',
	'polarity',
	'periodicity',
	'baseline',
	'targets',
	'breakdown',
	'note'
] as const;
const pick = (object: Record<string, unknown>, keys: readonly string[]) =>
	Object.fromEntries(keys.map((k) => [k, object[k]]));

describe('exports', () => {
	it('downloads the plan, every fiche and one fiche as attachments with French names', async () => {
		const plan = await get(`/schemas/${SCHEME}/export/plan.xlsx`, reader);
		expect(plan.status).toBe(200);
		expect(plan.headers.get('content-type')).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		);
		expect(plan.headers.get('content-disposition')).toBe(
			`attachment; filename="plan-d-action-${SCHEME}.xlsx"; filename*=UTF-8''plan-d-action-${SCHEME}.xlsx`
		);
		expect((await workbookOf(plan)).worksheets.map((s) => s.name)).toContain('Fiches');

		const fiches = await get(`/schemas/${SCHEME}/export/fiches.xlsx`, reader);
		expect(fiches.headers.get('content-disposition')).toContain(`fiches-actions-${SCHEME}.xlsx`);
		const booklet = await workbookOf(fiches);
		expect(booklet.worksheets).toHaveLength(21);
		expect(booklet.getWorksheet('Fiche 11 bis')).toBeTruthy();

		const one = await get(`/schemas/${SCHEME}/fiches/11-bis/export.xlsx`, reader);
		expect(one.status).toBe(200);
		expect(one.headers.get('content-disposition')).toContain(`fiche-action-11-bis-${SCHEME}.xlsx`);
		expect((await workbookOf(one)).worksheets.map((s) => s.name)).toEqual(['Fiche 11 bis']);

		expect((await get(`/schemas/${SCHEME}/fiches/99/export.xlsx`, reader)).status).toBe(404);
		expect((await get('/schemas/inconnu/export/plan.xlsx', reader)).status).toBe(404);
	});

	it('sends an anonymous visitor of a private scheme to the sign-in page', async () => {
		for (const path of [
			`/schemas/${SCHEME}/export/plan.xlsx`,
			`/schemas/${SCHEME}/export/fiches.xlsx`,
			`/schemas/${SCHEME}/fiches/1/export.xlsx`
		]) {
			const response = await get(path);
			expect(response.status, path).toBe(303);
			expect(response.headers.get('location')).toBe(
				`/connexion?retour=${encodeURIComponent(path)}`
			);
		}
	});
});

describe('import: permissions', () => {
	it('keeps the page, the template and both actions to administrators', async () => {
		for (const cookie of [pilot, reader]) {
			expect((await get('/import', cookie)).status).toBe(403);
			expect((await get('/import/modele.xlsx', cookie)).status).toBe(403);
			expect((await upload(await exportPlan(), 'plan.xlsx', cookie)).status).toBe(403);
			expect((await confirm('x'.repeat(43), cookie)).status).toBe(403);
		}
		for (const response of [
			await get('/import'),
			await get('/import/modele.xlsx'),
			await upload(Buffer.from('x'), 'plan.xlsx')
		]) {
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toMatch(/^\/connexion\?retour=%2Fimport/);
		}
		const page = await get('/import', admin);
		expect(page.status).toBe(200);
		const html = await text(page);
		expect(html).toMatch(/href="[./]*import\/modele\.xlsx"/);
		expect(html).toMatch(/<input[^>]+name="fichier"[^>]+type="file"[^>]+accept=".xlsx,/);
		const template = await get('/import/modele.xlsx', admin);
		expect(template.status).toBe(200);
		expect((await workbookOf(template)).worksheets[0].name).toBe('Instructions');
	});

	it('does not let a pilot confirm an administrator’s pending import', async () => {
		const buffer = await edited(
			await exportPlan(),
			(wb) => (wb.getWorksheet('Schéma')!.getCell('B2').value = 'jeton-vole')
		);
		const token = /name="jeton" value="([^"]+)"/.exec(
			await text(await upload(buffer, 'plan.xlsx', admin))
		)![1];
		expect((await confirm(token, pilot)).status).toBe(403);
		const schemes = await (await get('/api/schemes', admin)).json();
		expect(schemes.schemes.map((s: { slug: string }) => s.slug)).not.toContain('jeton-vole');
	});
});

describe('import: round trip of the demo plan', () => {
	it('imports the export under a new slug through preview and confirmation; the API reads both the same', async () => {
		const exported = await exportPlan();
		const buffer = await edited(
			exported,
			(wb) => (wb.getWorksheet('Schéma')!.getCell('B2').value = COPY)
		);

		const started = performance.now();
		const preview = await upload(buffer, 'plan-haute-vienne.xlsx', admin);
		const html = await text(preview);
		expect(preview.status, html.slice(0, 500)).toBe(200);
		expect(html).toContain('Aperçu de l’import');
		expect(html).toContain('Confirmer l’import');
		expect(html).toMatch(
			/Existante :<\/strong>\s*Caisse d’allocations familiales de la Haute-Vienne \(CAF 87\), reconnue par la clé/
		);
		expect(html).toMatch(/Fiches actions<\/th><td class="number">20</);
		const token = /name="jeton" value="([^"]+)"/.exec(html)![1];

		const confirmed = await confirm(token, admin);
		expect(confirmed.status).toBe(303);
		expect(confirmed.headers.get('location')).toBe(`/schemas/${COPY}?importe=1`);
		console.info(
			`Import HTTP du plan de démonstration (aperçu + confirmation) : ${Math.round(performance.now() - started)} ms`
		);
		// The token is spent.
		expect((await confirm(token, admin)).status).toBe(410);

		const [original, copy] = await Promise.all(
			[SCHEME, COPY].map(
				async (slug) => (await (await get(`/api/schemes/${slug}`, admin)).json()).scheme
			)
		);
		const schemeFields = [
			'departmentCode',
			'departmentName',
			'title',
			'subtitle',
			'startYear',
			'endYear',
			'state',
			'levelLabels',
			'description',
			'source',
			'tree'
		];
		expect(pick(copy, schemeFields)).toStrictEqual(pick(original, schemeFields));

		const numbers: string[] = [];
		const walk = (nodes: { fiches: { number: string }[]; children: never[] }[]) =>
			nodes.forEach((n) => {
				numbers.push(...n.fiches.map((f) => f.number));
				walk(n.children);
			});
		walk(original.tree);
		expect(numbers).toHaveLength(20);
		for (const number of numbers) {
			const [a, b] = await Promise.all(
				[SCHEME, COPY].map(
					async (slug) =>
						(
							await (
								await get(`/api/schemes/${slug}/fiches/${encodeURIComponent(number)}`, admin)
							).json()
						).fiche
				)
			);
			expect(pick(b, fieldsOfFiche), number).toStrictEqual(pick(a, fieldsOfFiche));
			expect(
				b.indicators.map((i: Record<string, unknown>) => pick(i, fieldsOfIndicator)),
				number
			).toStrictEqual(a.indicators.map((i: Record<string, unknown>) => pick(i, fieldsOfIndicator)));
		}
	});

	it('refuses to import over an existing scheme, naming the cell to change', async () => {
		const response = await upload(await exportPlan(), 'plan.xlsx', admin);
		expect(response.status).toBe(409);
		const html = await text(response);
		expect(html).toContain(`Un schéma porte déjà l’identifiant « ${SCHEME} »`);
		expect(html).toMatch(/<td>Schéma<\/td><td class="number">2<\/td><td>B<\/td>/);
	});

	it('lists every error of a wrong file with sheet, row and column, and imports nothing', async () => {
		const buffer = await edited(await exportPlan(), (wb) => {
			wb.getWorksheet('Schéma')!.getCell('B2').value = 'fichier-faux';
			wb.getWorksheet('Fiches')!.getCell('F3').value = 'Presque finie';
			wb.getWorksheet('Fiches')!.getCell('C4').value = null;
			wb.getWorksheet('Cibles')!.addRow(['1', 1, 'deux mille', 5]);
		});
		const response = await upload(buffer, 'plan.xlsx', admin);
		expect(response.status).toBe(400);
		const html = await text(response);
		expect(html).toContain('Le fichier contient 3 erreurs : rien n’a été importé.');
		expect(html).toMatch(
			/<td>Fiches<\/td><td class="number">3<\/td><td>F<\/td><td>État : « Presque finie » n’est pas une valeur prévue/
		);
		expect(html).toMatch(
			/<td>Fiches<\/td><td class="number">4<\/td><td>C<\/td><td>Intitulé : Valeur obligatoire\.<\/td>/
		);
		expect(html).toMatch(
			/<td>Cibles<\/td><td class="number">\d+<\/td><td>C<\/td><td>Année : « deux mille » n’est pas un nombre entier\.<\/td>/
		);
		expect(html).toMatch(/aria-invalid="true"[^>]*aria-describedby="fichier-hint fichier-error"/);
		const schemes = await (await get('/api/schemes', admin)).json();
		expect(schemes.schemes.map((s: { slug: string }) => s.slug)).not.toContain('fichier-faux');
	});
});

describe('import: hostile and broken files', () => {
	const cases: {
		name: string;
		file: () => Promise<Buffer> | Buffer;
		fileName: string;
		status: number;
		message: RegExp;
	}[] = [
		{
			name: 'a zip bomb announcing more than 100 MB',
			fileName: 'bombe.xlsx',
			status: 413,
			message: /Une fois décompressé, le classeur dépasserait 100 Mo : import refusé/,
			file: () =>
				writeZip([
					...skeleton(),
					{
						name: 'xl/worksheets/sheet1.xml',
						method: 8,
						crc32: 0,
						uncompressedSize: LIMITS.uncompressed + 1,
						data: deflateRawSync(Buffer.alloc(LIMITS.uncompressed + 1))
					}
				])
		},
		{
			name: 'a zip bomb lying about its size',
			fileName: 'bombe-discrete.xlsx',
			status: 413,
			message:
				/archive piégée \(« xl\/worksheets\/sheet1\.xml » : se décompresse au-delà des 4096 octets annoncés\)/,
			file: () => {
				const zeros = Buffer.alloc(150 * 1024 * 1024);
				return writeZip([
					...skeleton(),
					{
						name: 'xl/worksheets/sheet1.xml',
						method: 8,
						crc32: crc32(zeros) >>> 0,
						uncompressedSize: 4096,
						data: deflateRawSync(zeros)
					}
				]);
			}
		},
		{
			name: 'a sheet of a million rows',
			fileName: 'million.xlsx',
			status: 413,
			// Its 40 MB of XML pass the part limit before the row limit.
			message:
				/L’élément interne « xl\/worksheets\/sheet1\.xml » du classeur dépasse 32 Mo une fois décompressé/,
			file: async () => {
				const path = join(scratch, 'million.xlsx');
				const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
					filename: path,
					useStyles: false,
					useSharedStrings: false
				});
				const sheet = writer.addWorksheet('Fiches');
				for (let i = 0; i < 1_000_000; i++) sheet.addRow([i]).commit();
				sheet.commit();
				await writer.commit();
				return readFileSync(path);
			}
		},
		{
			name: 'a legacy .xls',
			fileName: 'ancien.xls',
			status: 415,
			message: /Ancien format \.xls : enregistrez le fichier au format \.xlsx/,
			file: () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096, 1)])
		},
		{
			name: 'a text file renamed .xlsx',
			fileName: 'plan.xlsx',
			status: 415,
			message:
				/Ce fichier contient du texte \(CSV ou autre\), pas un classeur Excel, quel que soit son nom/,
			file: () => Buffer.from('N°;Intitulé;État\r\n1;Accueillir;En cours\r\n', 'utf8')
		},
		{
			name: 'a truncated workbook',
			fileName: 'coupe.xlsx',
			status: 400,
			message: /Le fichier est incomplet ou endommagé/,
			file: async () => {
				const whole = await exportPlan();
				return whole.subarray(0, Math.floor(whole.length * 0.7));
			}
		},
		{
			name: 'a workbook with formulas in value cells',
			fileName: 'formules.xlsx',
			status: 400,
			message:
				/Le fichier contient 2 erreurs[\s\S]*<td>Fiches<\/td><td class="number">2<\/td><td>C<\/td><td>Formule « =HYPERLINK\("http:\/\/x","clic"\) »[\s\S]*<td>Indicateurs<\/td><td class="number">3<\/td><td>J<\/td><td>Formule « =2\*3 »/,
			file: async () =>
				edited(await exportPlan(), (wb) => {
					wb.getWorksheet('Schéma')!.getCell('B2').value = 'avec-formules';
					wb.getWorksheet('Fiches')!.getCell('C2').value = {
						formula: 'HYPERLINK("http://x","clic")',
						result: 'clic'
					};
					wb.getWorksheet('Indicateurs')!.getCell('J3').value = { formula: '2*3', result: 6 };
				})
		},
		{
			name: 'a file over 10 MB',
			fileName: 'gros.xlsx',
			status: 413,
			message: /Le fichier dépasse 10 Mo/,
			file: () => {
				const big = Buffer.alloc(10 * 1024 * 1024 + 200 * 1024, 7);
				big.writeUInt32LE(0x04034b50, 0);
				return big;
			}
		}
	];

	for (const c of cases) {
		it(`answers ${c.name} with ${c.status} and a clear message, while others keep being served`, async () => {
			const file = await c.file();
			const { result, slowest, statuses } = await whileOthersBrowse(async () => {
				const response = await upload(file, c.fileName, admin);
				return { status: response.status, html: await text(response) };
			});
			expect(result.status).toBe(c.status);
			expect(result.html).toMatch(c.message);
			expect(result.html).toMatch(/role="alert" id="fichier-error"/);
			expect(statuses.length).toBeGreaterThan(0);
			expect(statuses.every((s) => s === 200)).toBe(true);
			expect(slowest).toBeLessThan(1_500);
			console.info(
				`${c.name} : ${result.status}, lecture /api/schemes la plus lente ${Math.round(slowest)} ms`
			);
		});
	}

	it('caps the number of entries of the archive before reading them', async () => {
		const parts = Array.from({ length: LIMITS.zipEntries + 1 }, (_, i) =>
			storedPart(`xl/media/${i}.bin`, 'x')
		);
		const response = await upload(
			writeZip([storedPart('[Content_Types].xml', '<Types/>'), ...parts]),
			'plein.xlsx',
			admin
		);
		expect(response.status).toBe(413);
		expect(await text(response)).toContain('Le classeur contient trop d’éléments internes');
	});
});

describe('formula injection', () => {
	it('exports a fiche titled =HYPERLINK(…) as a plain string, never a formula', async () => {
		const title = '=HYPERLINK("http://x","clic")';
		const current = await get(`/api/schemes/${SCHEME}/fiches/2`, admin);
		const version = current.headers.get('etag')!;
		const patched = await fetch(`${server.url}/api/schemes/${SCHEME}/fiches/2`, {
			method: 'PATCH',
			headers: {
				origin: server.url,
				cookie: admin,
				'content-type': 'application/json',
				'if-match': version
			},
			body: JSON.stringify({ title })
		});
		expect(patched.status).toBe(200);
		expect((await patched.json()).fiche.title).toBe(title);

		for (const path of [
			`/schemas/${SCHEME}/export/plan.xlsx`,
			`/schemas/${SCHEME}/export/fiches.xlsx`,
			`/schemas/${SCHEME}/fiches/2/export.xlsx`
		]) {
			const buffer = Buffer.from(await (await get(path, admin)).arrayBuffer());
			const directory = readZipDirectory(buffer, {
				maxEntries: 500,
				maxTotalUncompressed: LIMITS.uncompressed,
				maxRatio: 1000,
				ratioFloor: 0
			});
			if (!directory.ok) throw new Error(path);
			for (const entry of directory.entries.filter((e) =>
				e.name.startsWith('xl/worksheets/sheet')
			)) {
				const xml = inflateRawSync(
					buffer.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize)
				).toString();
				expect(xml, `${path} ${entry.name}`).not.toMatch(/<f[ >]/);
			}
			const wb = new ExcelJS.Workbook();
			await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
			const cells: ExcelJS.Cell[] = [];
			wb.eachSheet((sheet) =>
				sheet.eachRow((row) =>
					row.eachCell((cell) => {
						if (
							cell.type !== ExcelJS.ValueType.Merge &&
							typeof cell.value === 'string' &&
							cell.value.includes('HYPERLINK')
						)
							cells.push(cell);
					})
				)
			);
			expect(cells.length, path).toBeGreaterThan(0);
			for (const cell of cells) {
				expect(cell.type, `${path} ${cell.address}`).toBe(ExcelJS.ValueType.String);
				expect(cell.formula).toBeUndefined();
			}
			if (path.endsWith('plan.xlsx')) {
				const fiches = wb.getWorksheet('Fiches')!;
				const row = fiches.getColumn(1).values.findIndex((v) => v === '2');
				expect(fiches.getCell(row, 3).value).toBe(title);
			}
		}
	});
});
