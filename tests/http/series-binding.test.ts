import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { openRawDb } from '../support/database';
import { flatHtml, postForm } from '../support/http';
import { startServer, type RunningServer } from '../support/server';

// Indicators fed by public data (issue 17, item 5), through HTTP against the built server: the
// coordinator binds an indicator to the Haute-Vienne coverage series, its figures appear with their
// source, the figures API refuses them, the entry grid shows them read-only, and a new import
// revises them (a blank cell: « non disponible », never 0).

const SCHEME = 'haute-vienne-2017-2021';
const IMPORT = `/schemas/${SCHEME}/territoire/import`;

let server: RunningServer;
let coordinator: string;
let pilot: string;
let target: {
	indicatorId: number;
	fiche: string;
	period: string;
	year: number;
	territoryId: number;
};

beforeAll(async () => {
	server = await startServer();
	[coordinator, pilot] = await Promise.all([
		signIn(server.url, DEMO.admin),
		signIn(server.url, DEMO.cafPilot)
	]);
	// The demo periods are 2017–2019 and the demo coverage file covers 2021–2023: the coordination
	// opens 2021, as it would to follow a public series.
	const created = await postForm(
		server.url,
		`/schemas/${SCHEME}/periodes?/create`,
		{ kind: 'annee', year: '2021', opensOn: '2022-01-15', closesOn: '2022-03-31' },
		coordinator
	);
	expect(created.status).toBe(200);
	const db = await openRawDb(server);
	try {
		const dep = await db.get<{ id: number }>(
			`select id from territory where kind = 'departement' and code = '87'`
		);
		// An annual indicator without breakdown of a fiche piloted by the CAF, in a year the demo
		// département file has (2021).
		const row = await db.get<{ id: number; slug: string; code: string; year: number }>(
			`select i.id, f.slug, p.code, p.year from indicator i
			 join fiche f on f.id = i.fiche_id
			 join scheme s on s.id = f.scheme_id
			 join reporting_period p on p.scheme_id = s.id and p.kind = 'annee' and p.year = 2021
			 join fiche_actor a on a.fiche_id = f.id and a.role = 'pilot'
			 join organisation o on o.id = a.organisation_id
			 where s.slug = ? and i.periodicity = 'annuelle' and o.short_name like 'CAF%'
			   and not exists (select 1 from indicator_breakdown_value b where b.indicator_id = i.id)
			 order by f.id, i.position limit 1`,
			SCHEME
		);
		target = {
			indicatorId: row.id,
			fiche: row.slug,
			period: row.code,
			year: row.year,
			territoryId: dep.id
		};
	} finally {
		await db.close();
	}
});
afterAll(async () => {
	await server?.stop();
});

const figureOf = async () => {
	const db = await openRawDb(server);
	try {
		return await db.get<
			| {
					value_number: number | null;
					not_available: number;
					status: string;
					source_import_id: number | null;
					version: number;
			  }
			| undefined
		>(
			`select f.value_number, f.not_available, f.status, f.source_import_id, f.version
			 from figure f join reporting_period p on p.id = f.period_id
			 where f.indicator_id = ? and p.code = ? and f.breakdown_value_id is null`,
			target.indicatorId,
			target.period
		);
	} finally {
		await db.close();
	}
};
const listPath = () => `/schemas/${SCHEME}/fiches/${target.fiche}/indicateurs`;
const valuePath = () =>
	`/api/schemes/${SCHEME}/fiches/${target.fiche}/indicators/${target.indicatorId}/values/${target.period}`;

describe('indicators fed by a public series', () => {
	it('offers the series of the scheme’s territory, and refuses a pilot the binding', async () => {
		const page = await flatHtml(
			await fetch(`${server.url}${listPath()}`, { headers: { cookie: coordinator } })
		);
		expect(page).toContain(`value="${target.territoryId}:txcouv"`);
		expect(page).toMatch(/Taux de couverture global — Haute-Vienne \(87\)/);
		const refused = await postForm(
			server.url,
			`${listPath()}?/bindSeries`,
			{ indicatorId: String(target.indicatorId), series: `${target.territoryId}:txcouv` },
			pilot
		);
		expect(refused.status).toBe(403);
		const unknown = await postForm(
			server.url,
			`${listPath()}?/bindSeries`,
			{ indicatorId: String(target.indicatorId), series: '999999:txcouv' },
			coordinator
		);
		expect(unknown.status).toBe(400);
	});

	it('binds, writes the figure with its source, refuses PUT and shows it read-only', async () => {
		const bound = await postForm(
			server.url,
			`${listPath()}?/bindSeries`,
			{ indicatorId: String(target.indicatorId), series: `${target.territoryId}:txcouv` },
			coordinator
		);
		expect(bound.status).toBe(200);
		const figure = await figureOf();
		expect(figure).toMatchObject({ value_number: 56.8, not_available: 0, status: 'valide' });
		expect(figure!.source_import_id).not.toBeNull();

		const api = await fetch(`${server.url}${valuePath()}`, { headers: { cookie: coordinator } });
		expect(api.status).toBe(200);
		const body = await api.json();
		const db = await openRawDb(server);
		try {
			const source = await db.get<{ file_name: string }>(
				`select file_name from territory_import where id = ?`,
				figure!.source_import_id
			);
			expect(body.figure.source.fileName).toBe(source!.file_name);
		} finally {
			await db.close();
		}

		const put = await fetch(`${server.url}${valuePath()}`, {
			method: 'PUT',
			headers: {
				cookie: coordinator,
				origin: server.url,
				'content-type': 'application/json',
				'if-match': `"${figure!.version}"`
			},
			body: JSON.stringify({ value: 12 })
		});
		expect(put.status).toBe(409);
		expect(JSON.stringify(await put.json())).toContain('vient des données publiques');
		expect((await figureOf())!.value_number).toBe(56.8);

		const grid = (
			await flatHtml(
				await fetch(`${server.url}/schemas/${SCHEME}/saisie/${target.period}/${target.fiche}`, {
					headers: { cookie: pilot }
				})
			)
		).replace(/\s+/g, ' ');
		expect(grid).toContain('Données publiques : Taux de couverture global, Haute-Vienne');
		expect(grid).toContain('Non saisi par les pilotes');
		expect(grid).not.toContain(`name="value.${target.indicatorId}"`);
	});

	it('is revised by a new import: a blank cell becomes « non disponible », never 0', async () => {
		const csv = [
			'numdep;nomdep;annee;txcouv_dep;txcouv_eaje_dep;txcouv_am_ind_dep',
			`87;Haute-Vienne;${target.year}-12-31;;22,0;30,1`
		].join('\n');
		const form = new FormData();
		form.append('fichier', new Blob([new TextEncoder().encode(csv)]), 'txcouv_pe_dep_revise.csv');
		const preview = await fetch(`${server.url}${IMPORT}?/televerser`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: server.url, accept: 'text/html', cookie: coordinator },
			body: form
		});
		const page = await flatHtml(preview);
		const token = /name="jeton" value="([^"]+)"/.exec(page)?.[1];
		expect(token).toBeTruthy();
		expect(page.replace(/\s+/g, ' ')).toContain('Indicateurs alimentés par ces séries');
		await postForm(server.url, `${IMPORT}?/confirmer`, { jeton: token! }, coordinator);
		const figure = await figureOf();
		expect(figure).toMatchObject({ value_number: null, not_available: 1, status: 'valide' });
		const api = await (
			await fetch(`${server.url}${valuePath()}`, { headers: { cookie: coordinator } })
		).json();
		expect(api.figure.source.fileName).toBe('txcouv_pe_dep_revise.csv');
		expect(api.figure.notAvailable).toBe(true);
	});

	it('unbinds: the imported figures go and pilots enter the indicator again', async () => {
		const done = await postForm(
			server.url,
			`${listPath()}?/unbindSeries`,
			{ indicatorId: String(target.indicatorId) },
			coordinator
		);
		expect(done.status).toBe(200);
		expect(await figureOf()).toBeUndefined();
	});
});
