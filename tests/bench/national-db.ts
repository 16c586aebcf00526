import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from '../../db/migrations/index';
import { ficheNumberSortKey } from '../../src/lib/domain/fiche-number';
import { migrateToLatest, openDatabase } from '../../src/lib/server/db/database';

// A national-scale database for the benchmark: 101 départements, each with its scheme of 60 fiches,
// 6 indicators per fiche, 12 quarterly periods and a 10-value breakdown on a fifth of the
// indicators (≈ 1.2 million figures). Built with the real migrations, then filled with plain
// prepared statements, one transaction per scheme. Deterministic: the same data on every machine.

/** Bump when the generated data changes: a cached database of another version is rebuilt. */
export const GENERATOR_VERSION = 3;

export const NATIONAL = {
	fichesPerScheme: 60,
	indicatorsPerFiche: 6,
	axes: 6,
	objectivesPerAxis: 2,
	breakdownValues: 10,
	/** One indicator in this many carries the breakdown. */
	breakdownEvery: 5,
	years: [2019, 2020, 2021] as const
};

/** The 101 départements: metropolitan (2A/2B for Corsica) and overseas. */
export const DEPARTMENTS: { code: string; name: string }[] = [
	...Array.from({ length: 95 }, (_, i) => i + 1)
		.filter((n) => n !== 20)
		.map((n) => ({
			code: String(n).padStart(2, '0'),
			name: `Département ${String(n).padStart(2, '0')}`
		})),
	{ code: '2A', name: 'Corse-du-Sud' },
	{ code: '2B', name: 'Haute-Corse' },
	...['971', '972', '973', '974', '976'].map((code) => ({ code, name: `Département ${code}` }))
];

export type NationalDbInfo = {
	path: string;
	cached: boolean;
	buildSeconds: number;
	counts: Record<string, number>;
	/** The scheme the page benchmarks look at, and what its pages need. */
	sample: { scheme: string; fiche: string; period: string; previousPeriod: string };
};

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const QUARTERS = NATIONAL.years.flatMap((year) =>
	[1, 2, 3, 4].map((number) => {
		const first = (number - 1) * 3 + 1;
		const last = first + 2;
		const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
		const pad = (n: number) => String(n).padStart(2, '0');
		return {
			code: `${year}-T${number}`,
			year,
			number,
			startsOn: `${year}-${pad(first)}-01`,
			endsOn: `${year}-${pad(last)}-${pad(lastDay)}`
		};
	})
);
/** All validated but the last two: one closed, the running one open. */
const periodState = (index: number) =>
	index < QUARTERS.length - 2 ? 'validee' : index === QUARTERS.length - 2 ? 'close' : 'ouverte';

const FICHE_STATES = [
	'a_elaborer',
	'a_lancer',
	'en_cours',
	'en_cours',
	'en_cours',
	'realisee',
	'suspendue',
	'abandonnee'
];
const LOREM =
	'Les partenaires du schéma constatent une offre inégalement répartie sur le territoire. ' +
	'L’action vise à mieux informer les familles et à coordonner les acteurs locaux.';

function cacheKey(): string {
	return JSON.stringify({ generator: GENERATOR_VERSION, migrations: Object.keys(migrations) });
}

function metaPath(path: string) {
	return `${path}.meta.json`;
}

/**
 * The national database at `path`, built once and reused while the generator version and the
 * migrations are unchanged (`rebuild` forces a new one).
 */
export async function ensureNationalDb(
	path: string,
	options: { rebuild?: boolean; log?: (line: string) => void } = {}
): Promise<NationalDbInfo> {
	const log = options.log ?? (() => {});
	const meta = existsSync(metaPath(path))
		? (JSON.parse(readFileSync(metaPath(path), 'utf8')) as { key: string; info: NationalDbInfo })
		: null;
	if (!options.rebuild && meta?.key === cacheKey() && existsSync(path)) {
		return { ...meta.info, path, cached: true };
	}
	mkdirSync(dirname(path), { recursive: true });
	for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
	rmSync(metaPath(path), { force: true });
	const started = Date.now();
	const { db, sqlite } = openDatabase(path);
	await migrateToLatest(db);
	// A throw-away build: durability is not needed while filling it, only at the end.
	sqlite.pragma('synchronous = OFF');
	sqlite.pragma('foreign_keys = OFF');
	sqlite.pragma('cache_size = -200000');

	const insert = {
		organisation: sqlite.prepare(
			'insert into organisation (slug, name, short_name, type) values (?, ?, ?, ?)'
		),
		scheme: sqlite.prepare(
			`insert into scheme (slug, department_code, department_name, title, subtitle, start_year, end_year, state, level_labels, visibility)
			 values (?, ?, ?, ?, null, 2019, 2023, 'en_cours', '["Axe stratégique","Objectif"]', 'public')`
		),
		node: sqlite.prepare(
			'insert into plan_node (scheme_id, parent_id, depth, position, code, title) values (?, ?, ?, ?, ?, ?)'
		),
		fiche: sqlite.prepare(
			`insert into fiche (scheme_id, node_id, number, number_sort, slug, title, context, target_public, schedule, state, created_at, updated_at)
			 values (?, ?, ?, ?, ?, ?, ?, 'Familles du département', '2019-2023', ?, '2019-01-15T09:00:00.000Z', ?)`
		),
		listItem: sqlite.prepare(
			'insert into fiche_list_item (fiche_id, list, parent_id, position, marker, text) values (?, ?, null, ?, null, ?)'
		),
		actor: sqlite.prepare(
			'insert into fiche_actor (fiche_id, role, position, organisation_id, label) values (?, ?, ?, ?, ?)'
		),
		indicator: sqlite.prepare(
			`insert into indicator (fiche_id, position, kind, label, measure, unit, polarity, periodicity, baseline_value, baseline_year, breakdown_label)
			 values (?, ?, ?, ?, null, ?, ?, 'trimestrielle', ?, ?, ?)`
		),
		target: sqlite.prepare(
			'insert into indicator_target (indicator_id, year, value) values (?, ?, ?)'
		),
		breakdown: sqlite.prepare(
			'insert into indicator_breakdown_value (indicator_id, position, label) values (?, ?, ?)'
		),
		period: sqlite.prepare(
			`insert into reporting_period (scheme_id, code, kind, year, number, starts_on, ends_on, opens_on, closes_on, state)
			 values (?, ?, 'trimestre', ?, ?, ?, ?, ?, ?, ?)`
		),
		figure: sqlite.prepare(
			`insert into figure (indicator_id, period_id, breakdown_value_id, value_number, status, created_at, updated_at, submitted_at, reviewed_at)
			 values (?, ?, ?, ?, ?, ?, ?, ?, ?)`
		),
		bilan: sqlite.prepare(
			`insert into bilan (fiche_id, period_id, actions_done, results_observed, difficulties, outlook, updated_at)
			 values (?, ?, ?, ?, ?, ?, ?)`
		),
		milestone: sqlite.prepare(
			'insert into milestone (fiche_id, label, due_on, done_on, updated_at) values (?, ?, ?, ?, ?)'
		),
		override: sqlite.prepare(
			'insert into meteo_override (fiche_id, period_id, meteo, reason) values (?, ?, ?, ?)'
		),
		search: sqlite.prepare(
			`insert into fiche_search (rowid, body)
			 select f.id, 'Action ' || f.number || ' ' || f.title || ' ' || coalesce(f.context, '') from fiche f where f.scheme_id = ?`
		)
	};

	const counts: Record<string, number> = {
		schemes: 0,
		fiches: 0,
		indicators: 0,
		breakdownValues: 0,
		periods: 0,
		figures: 0,
		bilans: 0,
		milestones: 0
	};
	const addOrganisations = sqlite.transaction(() => {
		const ids = new Map<string, { caf: number; cd: number; msa: number; commune: number }>();
		for (const d of DEPARTMENTS) {
			const code = d.code.toLowerCase();
			const add = (slug: string, name: string, short: string, type: string) =>
				Number(insert.organisation.run(slug, name, short, type).lastInsertRowid);
			ids.set(d.code, {
				caf: add(
					`caf-${code}`,
					`Caisse d’allocations familiales — ${d.name}`,
					`CAF ${d.code}`,
					'caf'
				),
				cd: add(`cd-${code}`, `Conseil départemental — ${d.name}`, `CD ${d.code}`, 'departement'),
				msa: add(`msa-${code}`, `Mutualité sociale agricole — ${d.name}`, `MSA ${d.code}`, 'msa'),
				commune: add(
					`ville-${code}`,
					`Ville chef-lieu — ${d.name}`,
					`Ville ${d.code}`,
					'commune_epci'
				)
			});
		}
		return ids;
	});
	const organisations = addOrganisations();

	const addScheme = sqlite.transaction(
		(department: { code: string; name: string }, index: number) => {
			const random = prng(1000 + index);
			const orgs = organisations.get(department.code)!;
			const slug = `sdsf-${department.code.toLowerCase()}-2019-2023`;
			const schemeId = Number(
				insert.scheme.run(
					slug,
					department.code,
					department.name,
					`Schéma départemental des services aux familles — ${department.name}`
				).lastInsertRowid
			);
			counts.schemes++;
			const periods = QUARTERS.map((q, i) => {
				const opens = q.endsOn;
				const closes = new Date(Date.parse(q.endsOn) + 45 * 86_400_000).toISOString().slice(0, 10);
				return {
					...q,
					state: periodState(i),
					id: Number(
						insert.period.run(
							schemeId,
							q.code,
							q.year,
							q.number,
							q.startsOn,
							q.endsOn,
							opens,
							closes,
							periodState(i)
						).lastInsertRowid
					)
				};
			});
			counts.periods += periods.length;

			let ficheNumber = 0;
			let indicatorIndex = index * NATIONAL.fichesPerScheme * NATIONAL.indicatorsPerFiche;
			for (let a = 1; a <= NATIONAL.axes; a++) {
				const axisId = Number(
					insert.node.run(
						schemeId,
						null,
						1,
						a,
						String(a),
						`Axe ${a} — améliorer l’offre et l’accès des familles`
					).lastInsertRowid
				);
				for (let o = 1; o <= NATIONAL.objectivesPerAxis; o++) {
					const objectiveId = Number(
						insert.node.run(schemeId, axisId, 2, o, `${a}.${o}`, `Objectif ${a}.${o}`)
							.lastInsertRowid
					);
					const perObjective =
						NATIONAL.fichesPerScheme / (NATIONAL.axes * NATIONAL.objectivesPerAxis);
					for (let f = 0; f < perObjective; f++) {
						ficheNumber++;
						const number = String(ficheNumber);
						const state = FICHE_STATES[Math.floor(random() * FICHE_STATES.length)];
						const updated = new Date(
							Date.UTC(2019, 0, 15) + Math.floor(random() * 1000) * 86_400_000
						).toISOString();
						const ficheId = Number(
							insert.fiche.run(
								schemeId,
								objectiveId,
								number,
								ficheNumberSortKey(number),
								number,
								`Action ${number} : développer l’accueil et l’accompagnement des familles`,
								LOREM,
								state,
								updated
							).lastInsertRowid
						);
						counts.fiches++;
						for (let s = 0; s < 3; s++)
							insert.listItem.run(ficheId, 'step', s, `Étape ${s + 1} de la mise en œuvre`);
						const pilot =
							ficheNumber % 3 === 0 ? orgs.cd : ficheNumber % 3 === 1 ? orgs.caf : orgs.commune;
						insert.actor.run(
							ficheId,
							'pilot',
							0,
							pilot,
							pilot === orgs.cd
								? `CD ${department.code}`
								: pilot === orgs.caf
									? `CAF ${department.code}`
									: `Ville ${department.code}`
						);
						insert.actor.run(ficheId, 'partner', 0, orgs.msa, `MSA ${department.code}`);
						insert.actor.run(ficheId, 'partner', 1, null, 'Associations locales');

						for (let i = 0; i < NATIONAL.indicatorsPerFiche; i++, indicatorIndex++) {
							const percent = i === 3;
							const withBreakdown = indicatorIndex % NATIONAL.breakdownEvery === 0;
							const polarity =
								i === 4 ? 'lower_better' : i === 5 ? 'reach_target' : 'higher_better';
							const base = 20 + Math.floor(random() * 200);
							const indicatorId = Number(
								insert.indicator.run(
									ficheId,
									i,
									i < 3 ? 'realisation' : 'resultat',
									percent
										? 'Part des familles satisfaites'
										: `Nombre de bénéficiaires (indicateur ${i + 1})`,
									percent ? 'pourcentage' : 'nombre',
									polarity,
									percent ? 50 : base,
									2018,
									withBreakdown ? 'Territoire' : null
								).lastInsertRowid
							);
							counts.indicators++;
							if (i % 2 === 0)
								for (const year of NATIONAL.years)
									insert.target.run(
										indicatorId,
										year,
										Math.round(base * (1 + 0.1 * (year - 2018)))
									);
							const breakdownIds: (number | null)[] = [];
							if (withBreakdown) {
								for (let b = 0; b < NATIONAL.breakdownValues; b++) {
									breakdownIds.push(
										Number(
											insert.breakdown.run(indicatorId, b, `Territoire ${b + 1}`).lastInsertRowid
										)
									);
									counts.breakdownValues++;
								}
							} else breakdownIds.push(null);
							for (const [p, period] of periods.entries()) {
								for (const breakdownId of breakdownIds) {
									const share = breakdownId === null ? 1 : 1 / NATIONAL.breakdownValues;
									const value = percent
										? Math.round((40 + random() * 55) * 10) / 10
										: Math.max(0, Math.round(base * share * (0.8 + 0.05 * p + random() * 0.3)));
									const status =
										period.state === 'validee'
											? 'valide'
											: period.state === 'close'
												? random() < 0.9
													? 'valide'
													: 'soumis'
												: (['valide', 'soumis', 'brouillon'] as const)[Math.floor(random() * 3)];
									const at = `${period.endsOn}T10:00:00.000Z`;
									insert.figure.run(
										indicatorId,
										period.id,
										breakdownId,
										value,
										status,
										at,
										at,
										status === 'brouillon' ? null : at,
										status === 'valide' ? at : null
									);
									counts.figures++;
								}
							}
						}
						for (const period of periods.slice(-4)) {
							insert.bilan.run(
								ficheId,
								period.id,
								`Actions menées au ${period.code}.\n\n- réunions de coordination\n- information des familles`,
								'Fréquentation en hausse.',
								random() < 0.3 ? 'Recrutements difficiles.' : null,
								'Poursuivre en 2022.',
								`${period.endsOn}T12:00:00.000Z`
							);
							counts.bilans++;
						}
						for (let m = 0; m < 3; m++) {
							const due = `${2020 + m}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15`;
							const done = random() < 0.5 ? due : null;
							insert.milestone.run(ficheId, `Jalon ${m + 1}`, due, done, `${due}T08:00:00.000Z`);
							counts.milestones++;
						}
						if (ficheNumber % 20 === 0)
							insert.override.run(
								ficheId,
								periods.at(-1)!.id,
								'at_risk',
								'Ajustement de la coordination (données générées).'
							);
					}
				}
			}
			insert.search.run(schemeId);
		}
	);
	for (const [index, department] of DEPARTMENTS.entries()) {
		addScheme(department, index);
		if ((index + 1) % 20 === 0) log(`  ${index + 1}/${DEPARTMENTS.length} schémas…`);
	}
	sqlite.pragma('foreign_keys = ON');
	const problems = sqlite.pragma('foreign_key_check') as unknown[];
	if (problems.length)
		throw new Error(`Base nationale incohérente : ${problems.length} clés étrangères invalides.`);
	sqlite.pragma('wal_checkpoint(TRUNCATE)');
	await db.destroy();

	const sampleDepartment = DEPARTMENTS[Math.floor(DEPARTMENTS.length / 2)];
	const info: NationalDbInfo = {
		path,
		cached: false,
		buildSeconds: Math.round((Date.now() - started) / 100) / 10,
		counts,
		sample: {
			scheme: `sdsf-${sampleDepartment.code.toLowerCase()}-2019-2023`,
			fiche: '31',
			period: QUARTERS.at(-1)!.code,
			previousPeriod: QUARTERS.at(-2)!.code
		}
	};
	writeFileSync(metaPath(path), JSON.stringify({ key: cacheKey(), info }, null, 2));
	return info;
}
