import { DEMO_CONTEXT_FILE_PREFIX } from '$lib/domain/territory-data';
import { planTerritorialBreakdown } from '$lib/domain/territorial-breakdown';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { updateVersioned } from '../db/versioned-update';
import * as breakdowns from '../plan-admin/territorial-breakdown.queries';
import { importCoverageFile } from '../territory-data/territory-data.service';
import { DEMO_SCHEME_SLUG } from './demo-seed';

// The territory beside the demo plan, loaded through the same import as a real file. The national
// coverage rate is the published one (59,5 in 2022, 60,9 in 2023: reference/open-data-and-sppe.md);
// everything else — Haute-Vienne's series, the six EPCIs (invented codes and names) and Limoges's
// places — is FICTITIOUS and imported under a file name that says so, which the profile shows.
// Idempotent: a file already imported (same bytes) changes nothing.

const NATIONAL = `territoire;annee;txcouv_nat
FRANCE ENTIERE HORS MAYOTTE;2022;59,5
FRANCE ENTIERE HORS MAYOTTE;2023;60,9
`;

const DEPARTEMENT = `numdep;nomdep;annee;txcouv_dep;txcouv_eaje_dep;txcouv_am_ind_dep
87;Haute-Vienne;2021;56,8;21,9;29,5
87;Haute-Vienne;2022;57,6;22,4;29,8
87;Haute-Vienne;2023;58,3;23,1;29,9
`;

const EPCI_ROWS: [string, string, string, string][] = [
	['200090011', 'Communauté de communes fictive A', '44,8', '46,2'],
	['200090029', 'Communauté de communes fictive B', '51,0', '49,3'],
	['200090037', 'Communauté de communes fictive C', '58,9', '60,4'],
	['200090045', 'Communauté d’agglomération fictive D', '66,1', '67,8'],
	['200090052', 'Communauté de communes fictive E', '102,4', '106,9'],
	['200090060', 'Communauté de communes fictive F', '', '']
];
const EPCI = `numepci;nomepci;numdep;annee;txcouv_epci
${EPCI_ROWS.flatMap(([code, name, y2022, y2023]) => [
	`${code};${name};87;2022;${y2022}`,
	`${code};${name};87;2023;${y2023}`
]).join('\n')}
`;

const COMMUNE = `numcom;nomcom;numdep;annee;pl_eaje_com;pl_am_ind_com;tot_offre_com
87085;Limoges;87;2023;1 640;2 310;4 420
`;

const FILES: [string, string][] = [
	['txcouv_pe_nat (extrait : 2022 et 2023)', NATIONAL],
	[`${DEMO_CONTEXT_FILE_PREFIX} (Haute-Vienne)`, DEPARTEMENT],
	[`${DEMO_CONTEXT_FILE_PREFIX} (EPCI)`, EPCI],
	[`${DEMO_CONTEXT_FILE_PREFIX} (communes)`, COMMUNE]
];

/**
 * Fiche 31's seven départements (the Fédération des CAF du Centre-Ouest: Limousin and Poitou-
 * Charentes), official INSEE codes and names, in the order of the booklet's partners
 * (« départements 87, 19, 23, 86, 16, 17 et 79 »).
 */
const CENTRE_OUEST: [string, string][] = [
	['87', 'Haute-Vienne'],
	['19', 'Corrèze'],
	['23', 'Creuse'],
	['86', 'Vienne'],
	['16', 'Charente'],
	['17', 'Charente-Maritime'],
	['79', 'Deux-Sèvres']
];
/** The booklet's spellings no name rule can match (« Charentes » is not a département's name). */
const BOOKLET_SPELLINGS: Record<string, string> = {
	Charentes: '16',
	'Charentes Maritime': '17'
};

/** Makes fiche 31's « Département » breakdowns territorial (par département), figures kept. */
async function seedDemoBreakdowns(db: Db): Promise<void> {
	await transact(db, async (tx) => {
		for (const [code, name] of CENTRE_OUEST) {
			const found = await tx
				.selectFrom('territory')
				.select('id')
				.where('kind', '=', 'departement')
				.where('code', '=', code)
				.executeTakeFirst();
			if (!found)
				await tx.insertInto('territory').values({ kind: 'departement', code, name }).execute();
		}
		const all = await breakdowns.listDepartements(tx);
		const territories = CENTRE_OUEST.map(([code]) => all.find((t) => t.code === code)!);
		const indicators = await tx
			.selectFrom('indicator')
			.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
			.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
			.select(['indicator.id', 'indicator.version'])
			.where('scheme.slug', '=', DEMO_SCHEME_SLUG)
			.where('fiche.number', '=', '31')
			.where('indicator.breakdown_label', '=', 'Département')
			.where('indicator.breakdown_scope', 'is', null)
			.execute();
		for (const indicator of indicators) {
			const values = await breakdowns.listValuesWithTerritory(tx, indicator.id);
			const plan = planTerritorialBreakdown(
				values.map((v) => ({
					id: v.id,
					label: BOOKLET_SPELLINGS[v.label] ?? v.label,
					territoryId: v.territory_id
				})),
				territories
			);
			if (!plan.ok) throw new Error(`Démonstration : départements ${plan.unmatched.join(', ')}`);
			await breakdowns.replaceValues(tx, indicator.id, plan.values);
			await updateVersioned(tx, 'indicator', indicator, { breakdown_scope: 'departement' });
		}
	});
}

/** Demo coverage threshold (places per 100 children) of the Haute-Vienne scheme, when none is set. */
const DEMO_THRESHOLD = 50;

export async function seedDemoTerritory(db: Db): Promise<void> {
	for (const [fileName, text] of FILES) {
		const result = await importCoverageFile(db, new TextEncoder().encode(text), {
			fileName,
			userId: null
		});
		if (!result.ok) throw new Error(`Démonstration : ${result.message}`);
	}
	await seedDemoBreakdowns(db);
	await db
		.updateTable('scheme')
		.set({ coverage_threshold: DEMO_THRESHOLD })
		.where('slug', '=', DEMO_SCHEME_SLUG)
		.where('coverage_threshold', 'is', null)
		.execute();
}
