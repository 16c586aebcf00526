import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { openRawDb } from '../support/database';
import { flatHtml, postForm } from '../support/http';
import { startServer, type RunningServer } from '../support/server';

// Territorial breakdowns (issue 17, item 6), through HTTP against the built server: the
// coordinator makes an indicator « par EPCI du département » and gets one value per EPCI of
// Haute-Vienne with its code; labels no EPCI matches are refused with the list, nothing changed;
// a pilot is refused; the API, the open-data CSV and the annual report carry the codes; the demo's
// fiche 31 is « par département » with its seven départements.

const SCHEME = 'haute-vienne-2017-2021';
// The demo's six (fictitious) EPCIs of Haute-Vienne, by name.
const EPCI_CODES = ['200090011', '200090029', '200090037', '200090045', '200090052', '200090060'];

let server: RunningServer;
let coordinator: string;
let pilot: string;
let target: {
	id: number;
	fiche: string;
	label: string;
	kind: string;
	unit: string;
	polarity: string;
	periodicity: string;
	kindLabel: string | null;
	measure: string | null;
	note: string | null;
	period: string;
	periodId: number;
};

beforeAll(async () => {
	server = await startServer();
	[coordinator, pilot] = await Promise.all([
		signIn(server.url, DEMO.admin),
		signIn(server.url, DEMO.cafPilot)
	]);
	const db = await openRawDb(server);
	try {
		// An annual indicator without breakdown, baseline or target (its edit form is simple).
		const row = await db.get<typeof target>(
			`select i.id, f.slug as fiche, i.label, i.kind, i.unit, i.polarity, i.periodicity,
			        i.kind_label as "kindLabel", i.measure, i.note,
			        p.code as period, p.id as "periodId"
			 from indicator i
			 join fiche f on f.id = i.fiche_id
			 join scheme s on s.id = f.scheme_id
			 join reporting_period p on p.scheme_id = s.id and p.kind = 'annee' and p.year = 2019
			 where s.slug = ? and i.periodicity = 'annuelle' and i.baseline_value is null
			   and f.number <> '31'
			   and not exists (select 1 from indicator_breakdown_value b where b.indicator_id = i.id)
			   and not exists (select 1 from indicator_target t where t.indicator_id = i.id)
			   and not exists (select 1 from indicator_series x where x.indicator_id = i.id)
			 order by f.id, i.position limit 1`,
			SCHEME
		);
		target = row;
	} finally {
		await db.close();
	}
});
afterAll(async () => {
	await server?.stop();
});

const listPath = () => `/schemas/${SCHEME}/fiches/${target.fiche}/indicateurs`;

async function indicatorRow() {
	const db = await openRawDb(server);
	try {
		const row = await db.get<{ version: number; breakdown_scope: string | null }>(
			`select version, breakdown_scope from indicator where id = ?`,
			target.id
		);
		const values = await db.all<{ id: number; label: string; code: string | null }>(
			`select v.id, v.label, t.code from indicator_breakdown_value v
			 left join territory t on t.id = v.territory_id
			 where v.indicator_id = ? order by v.position`,
			target.id
		);
		return { ...row, values };
	} finally {
		await db.close();
	}
}

/** Saves the indicator's free breakdown through its edit form. */
async function editBreakdown(values: string[]) {
	const { version } = await indicatorRow();
	const response = await postForm(
		server.url,
		`${listPath()}/${target.id}`,
		{
			version: String(version),
			kind: target.kind,
			kindLabel: target.kindLabel ?? '',
			label: target.label,
			measure: target.measure ?? '',
			unit: target.unit,
			polarity: target.polarity,
			periodicity: target.periodicity,
			baselineValue: '',
			baselineYear: '',
			targets: '',
			breakdownLabel: 'Territoire',
			breakdownValues: values.join('\n'),
			note: target.note ?? ''
		},
		coordinator
	);
	expect(response.status).toBe(303);
}

async function chooseScope(scope: string, cookie = coordinator, departements: string[] = []) {
	const { version } = await indicatorRow();
	return postForm(
		server.url,
		`${listPath()}?/breakdownScope`,
		{ indicatorId: String(target.id), version: String(version), scope, departements },
		cookie
	);
}

describe('territorial breakdowns', () => {
	it('offers the choice to the coordinator and refuses it to a pilot', async () => {
		const page = await flatHtml(
			await fetch(`${server.url}${listPath()}`, { headers: { cookie: coordinator } })
		);
		expect(page).toContain('Par EPCI du département');
		expect(page).toContain('value="23"');
		const before = await indicatorRow();
		expect((await chooseScope('epci', pilot)).status).toBe(403);
		expect(await indicatorRow()).toEqual(before);
	});

	it('refuses labels no EPCI matches, listing them, and changes nothing', async () => {
		await editBreakdown(['communauté de communes FICTIVE a', 'Pays inconnu', 'Autre']);
		const before = await indicatorRow();
		const response = await chooseScope('epci');
		expect(response.status).toBe(400);
		const page = (await flatHtml(response)).replace(/\s+/g, ' ');
		expect(page).toContain(
			'ces valeurs de ventilation ne correspondent à aucun EPCI du territoire du schéma : « Pays inconnu », « Autre ».'
		);
		expect(await indicatorRow()).toEqual(before);
		expect(before.breakdown_scope).toBeNull();
	});

	it('gives one value per EPCI with its code, keeping the matched value and its figure', async () => {
		await editBreakdown(['communauté de communes FICTIVE a', 'Communaute de communes fictive B']);
		const kept = (await indicatorRow()).values[0];
		const db = await openRawDb(server);
		try {
			await db.insert(
				`insert into figure (indicator_id, period_id, breakdown_value_id, value_number, status)
				 values (?, ?, ?, ?, 'valide')`,
				target.id,
				target.periodId,
				kept.id,
				17
			);
		} finally {
			await db.close();
		}
		const response = await chooseScope('epci');
		expect(response.status).toBe(200);
		const after = await indicatorRow();
		expect(after.breakdown_scope).toBe('epci');
		expect(after.values.map((v) => v.code).sort()).toEqual(EPCI_CODES);
		const a = after.values.find((v) => v.code === '200090011')!;
		expect(a).toEqual({
			id: kept.id,
			label: 'Communauté de communes fictive A',
			code: '200090011'
		});

		const page = (
			await flatHtml(
				await fetch(`${server.url}${listPath()}`, { headers: { cookie: coordinator } })
			)
		).replace(/\s+/g, ' ');
		expect(page).toContain('Communauté de communes fictive A (200090011)');
	});

	it('carries the codes in the API, the open-data CSV and the annual report', async () => {
		const sheet = await (
			await fetch(
				`${server.url}/api/schemes/${SCHEME}/fiches/${target.fiche}/periods/${target.period}`,
				{
					headers: { cookie: coordinator }
				}
			)
		).json();
		const lines = (
			sheet.sheet.lines as {
				indicatorId: number;
				breakdown: { label: string; territoryCode: string | null } | null;
			}[]
		).filter((l) => l.indicatorId === target.id);
		expect(lines.map((l) => l.breakdown!.territoryCode).sort()).toEqual(EPCI_CODES);

		const breakdown = encodeURIComponent('Communauté de communes fictive A');
		const figure = await (
			await fetch(
				`${server.url}/api/schemes/${SCHEME}/fiches/${target.fiche}/indicators/${target.id}/values/${target.period}?breakdown=${breakdown}`,
				{ headers: { cookie: coordinator } }
			)
		).json();
		expect(figure.figure.breakdown).toMatchObject({
			label: 'Communauté de communes fictive A',
			territoryCode: '200090011'
		});

		const csv = await (
			await fetch(`${server.url}/schemas/${SCHEME}/donnees.csv`, { headers: { cookie: pilot } })
		).text();
		const [header, ...rows] = csv
			.replace(/^\uFEFF/, '')
			.split('\r\n')
			.filter(Boolean);
		expect(header).toContain(';Ventilation;Valeur de ventilation;Code territoire;Période;');
		const mine = rows.filter((r) => r.includes(`;${target.id};`) && r.includes(';Territoire;'));
		expect(mine).toHaveLength(1);
		expect(mine[0]).toContain(';Territoire;Communauté de communes fictive A;200090011;');
		const report = await fetch(
			`${server.url}/schemas/${SCHEME}/rapport/rapport.xlsx?periode=${target.period}`,
			{ headers: { cookie: coordinator } }
		);
		expect(report.status).toBe(200);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await report.arrayBuffer()) as ExcelJS.Buffer);
		const indicators = workbook.getWorksheet('Indicateurs')!;
		const headers = (indicators.getRow(1).values as unknown[]).slice(1);
		const codeColumn = headers.indexOf('Code territoire') + 1;
		expect(codeColumn).toBeGreaterThan(0);
		const codes: string[] = [];
		const departements = new Set<string>();
		indicators.eachRow((row, n) => {
			if (n === 1) return;
			const breakdown = String(row.getCell(7).value);
			if (row.getCell(4).value === target.label && breakdown.startsWith('Territoire : '))
				codes.push(String(row.getCell(codeColumn).value));
			if (row.getCell(1).value === '31' && breakdown.startsWith('Département : '))
				departements.add(`${breakdown} (${row.getCell(codeColumn).value})`);
		});
		// The demo's fiche 31: « par département », each row with its département's code.
		expect([...departements]).toEqual([
			'Département : Haute-Vienne (87)',
			'Département : Corrèze (19)',
			'Département : Creuse (23)',
			'Département : Vienne (86)',
			'Département : Charente (16)',
			'Département : Charente-Maritime (17)',
			'Département : Deux-Sèvres (79)'
		]);
		expect(codes.sort()).toEqual(EPCI_CODES);
	});

	it('shows the demo fiche 31 « par département » with its seven départements and codes', async () => {
		const db = await openRawDb(server);
		try {
			const rows = await db.all<{ id: number; scope: string; code: string | null; label: string }>(
				`select i.id, i.breakdown_scope as scope, t.code, v.label
				 from indicator i join fiche f on f.id = i.fiche_id join scheme s on s.id = f.scheme_id
				 join indicator_breakdown_value v on v.indicator_id = i.id
				 left join territory t on t.id = v.territory_id
				 where s.slug = ? and f.number = '31' and i.breakdown_label = 'Département'
				 order by i.id, v.position`,
				SCHEME
			);
			expect(new Set(rows.map((r) => r.id)).size).toBe(3);
			expect(rows.every((r) => r.scope === 'departement')).toBe(true);
			expect(rows.slice(0, 7).map((r) => `${r.label} (${r.code})`)).toEqual([
				'Haute-Vienne (87)',
				'Corrèze (19)',
				'Creuse (23)',
				'Vienne (86)',
				'Charente (16)',
				'Charente-Maritime (17)',
				'Deux-Sèvres (79)'
			]);
		} finally {
			await db.close();
		}
	});

	it('frees the breakdown again, keeping its values', async () => {
		expect((await chooseScope('')).status).toBe(200);
		const after = await indicatorRow();
		expect(after.breakdown_scope).toBeNull();
		expect(after.values).toHaveLength(EPCI_CODES.length);
		expect(after.values.every((v) => v.code === null)).toBe(true);
	});
});
