import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { planDocumentSchema, type PlanDocumentInput } from '$lib/domain/plan-document';
import type { MembershipRole } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { importPlanDocument } from '../plan/plan-import.service';
import { fixturePlan } from '../plan/plan.fixture';
import { createTestDb } from '../testing/test-db';
import { loadPlanDocument, writePlanWorkbook } from './plan-export';
import {
	confirmPlanImport,
	parseDateCell,
	parseFrenchNumber,
	parsePlanSheets,
	parsePlanWorkbook,
	previewPlanImport
} from './plan-import';
import { writePlanTemplate } from './plan-template';
import type { SheetData } from './xlsx-upload';

/** A signed-in person holding `role` in scheme 1 (or, for 'plateforme', the platform administrator). */
const user = (role: MembershipRole | 'plateforme', id = 1): CurrentUser => ({
	id,
	platformAdmin: role === 'plateforme',
	memberships:
		role === 'plateforme'
			? []
			: [{ schemeId: 1, role, organisationId: role === 'pilote' ? 7 : null }],
	token: null,
	organisationId: null,
	email: `${role}@test.fr`,
	name: role,
	organisationShortName: null,
	via: 'session'
});

/** A plan exercising every field: four levels, dates, targets, baselines, measures, free text. */
const richPlan: PlanDocumentInput = {
	scheme: {
		slug: 'riche-2022-2026',
		departmentCode: '2B',
		departmentName: 'Haute-Corse',
		title: 'Schéma « riche » & complet',
		subtitle: '=SUM(A1:A3)',
		startYear: 2022,
		endYear: 2026,
		state: 'en_preparation',
		levelLabels: ['Axe', 'Orientation', 'Objectif', 'Sous-objectif'],
		description: 'Premier paragraphe.\n\nSecond paragraphe :\n- point un\n- point deux',
		source: null
	},
	organisations: [
		{
			key: 'caf-2b',
			name: 'Caisse d’allocations familiales de Haute-Corse',
			shortName: 'CAF 2B',
			type: 'caf',
			aliases: ['Caf', 'CAF de Bastia']
		},
		{ key: 'asso-x', name: 'Association X', shortName: 'Asso X', type: 'association', aliases: [] }
	],
	tree: [
		{
			code: '1',
			title: 'Accueillir',
			note: 'Note de transcription',
			children: [
				{
					code: '1.1',
					title: 'Orientation',
					tocTitle: 'Orientation (sommaire)',
					children: [
						{
							code: 'Objectif 1',
							title: 'Objectif',
							children: [
								{
									code: 'Objectif 1.a',
									title: 'Sous-objectif',
									fiches: [
										{
											number: '3',
											title: '+33 numéro',
											tocTitle: '@sommaire',
											priorityLabel: 'Priorité 2022',
											context: '-10 % de places\n\nDeuxième paragraphe',
											steps: [
												{
													text: 'Étape',
													marker: '1)',
													children: [
														{
															text: 'Sous-étape',
															marker: '•',
															children: [{ text: 'Détail', marker: '-' }]
														}
													]
												},
												{ text: 'Suite', marker: '=>' }
											],
											targetPublic: 'Familles',
											pilots: [{ label: 'Caf', org: 'caf-2b' }],
											partners: [
												{ label: 'Parents', freeText: true },
												{ label: 'Association X', org: 'asso-x' }
											],
											schedule: '2022/2023',
											startDate: '2022-01-01',
											endDate: '2023-12-31',
											results: {
												quantitative: [{ text: '10 places', marker: '•' }],
												qualitative: [{ text: 'Mieux accueillir', marker: null }],
												unclassified: [{ text: 'Autre', marker: null }]
											},
											indicators: [
												{
													kind: 'realisation',
													kindLabel: 'De mise en œuvre',
													label: 'Nombre de réunions',
													unit: 'nombre',
													targets: [
														{ year: 2023, value: 4 },
														{ year: 2024, value: 6 }
													]
												},
												{
													kind: 'resultat',
													label: 'Taux de couverture',
													measures: [{ measure: 'Taux', unit: 'pourcentage' }],
													polarity: 'reach_target',
													periodicity: 'semestrielle',
													baseline: { value: 12.5, year: 2021 },
													targets: [{ year: 2026, value: 20.25 }],
													breakdown: { label: 'Commune', values: ['Bastia', 'Corte'] },
													note: 'Choisi pour suivre l’écart'
												},
												{
													kind: 'resultat',
													label: 'Budget',
													unit: 'montant',
													polarity: 'lower_better',
													periodicity: 'trimestrielle',
													targets: []
												}
											],
											links: 'Lien',
											state: 'en_cours',
											note: 'Note'
										}
									]
								}
							]
						}
					]
				}
			]
		},
		{ code: '2', title: 'Un axe sans fiche' }
	]
};

let db: Db;
beforeEach(async () => {
	db = await createTestDb();
});

/** Changes cells of a workbook, then writes it again. */
async function edit(buffer: Buffer, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
	change(wb);
	return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('round trip of every field', () => {
	it('writes and reads back a plan using every column, formula-like texts included', async () => {
		await importPlanDocument(db, richPlan);
		const exported = (await loadPlanDocument(db, 'riche-2022-2026'))!.doc;
		const parsed = await parsePlanWorkbook(await writePlanWorkbook(exported));
		expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems)).toBe(true);
		if (parsed.ok) expect(parsed.doc).toStrictEqual(exported);
	});

	it('reads the empty template as a document with nothing in it', async () => {
		const parsed = await parsePlanWorkbook(await writePlanTemplate());
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		// Blank required values of the Schéma sheet and an empty tree: listed, nothing else.
		const where = parsed.problems.map((p) => `${p.sheet}!${p.column ?? ''}${p.row ?? ''}`);
		expect(where).toEqual(
			expect.arrayContaining(['Schéma!B2', 'Schéma!B3', 'Schéma!B10', 'Arborescence!'])
		);
		expect(parsed.problems.every((p) => p.sheet === 'Schéma' || p.sheet === 'Arborescence')).toBe(
			true
		);
	});
});

describe('validation lists every problem with its place', () => {
	it('reports each bad cell across sheets, with sheet, row, column and a French message', async () => {
		await importPlanDocument(db, fixturePlan);
		const exported = (await loadPlanDocument(db, 'test-2020-2025'))!.doc;
		const buffer = await edit(await writePlanWorkbook(exported), (wb) => {
			wb.getWorksheet('Schéma')!.getCell('B2').value = 'Pas Un Slug';
			wb.getWorksheet('Schéma')!.getCell('B8').value = 2019; // end before start
			wb.getWorksheet('Fiches')!.getCell('F2').value = 'Terminée';
			wb.getWorksheet('Fiches')!.getCell('K2').value = '31/02/2021';
			wb.getWorksheet('Acteurs')!.getCell('D2').value = 'inconnue';
			wb.getWorksheet('Indicateurs')!.getCell('J2').value = 'beaucoup';
			wb.getWorksheet('Cibles')!.addRow(['11 bis', 99, 2022, 3]);
		});
		const parsed = await parsePlanWorkbook(buffer);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.status).toBe(400);
		expect(parsed.problemCount).toBe(7);
		expect(parsed.message).toBe(
			'Le fichier contient 7 erreurs : rien n’a été importé. Corrigez-les puis téléversez le fichier à nouveau.'
		);
		const byPlace = Object.fromEntries(
			parsed.problems.map((p) => [`${p.sheet}!${p.column}${p.row}`, p.message])
		);
		expect(byPlace['Schéma!B2']).toMatch(/Identifiant : en minuscules/);
		expect(byPlace['Schéma!B8']).toBe('L’année de fin précède l’année de début.');
		expect(byPlace['Fiches!F2']).toMatch(
			/^État : « Terminée » n’est pas une valeur prévue : choisissez parmi À élaborer, À lancer/
		);
		expect(byPlace['Fiches!K2']).toBe(
			'Date de début : « 31/02/2021 » n’est pas une date au format jj/mm/aaaa.'
		);
		expect(byPlace['Acteurs!D2']).toMatch(/Clé d’organisation « inconnue » introuvable/);
		expect(byPlace['Indicateurs!J2']).toMatch(/n’est pas un nombre/);
		expect(Object.keys(byPlace).some((k) => k.startsWith('Cibles!B'))).toBe(true);
		// Sorted as the workbook reads: sheet order, then rows.
		expect(parsed.problems.map((p) => p.sheet)).toEqual([
			'Schéma',
			'Schéma',
			'Fiches',
			'Fiches',
			'Acteurs',
			'Indicateurs',
			'Cibles'
		]);
	});

	const sheet = (name: string, rows: (string | number | null)[][]): SheetData => ({
		name,
		rows: rows.map((cells, i) => ({ number: i + 1, cells }))
	});
	const base = () => [
		sheet('Schéma', [
			['Champ', 'Valeur'],
			['Identifiant', 'neuf'],
			['Code du département', '87'],
			['Département', 'Haute-Vienne'],
			['Intitulé', 'Schéma'],
			['Année de début', 2022],
			['Année de fin', 2026],
			['État', 'En cours'],
			['Niveau 1', 'Axe'],
			['Niveau 2', 'Objectif']
		]),
		sheet('Organisations', [['Clé', 'Nom', 'Nom court', 'Type', 'Autres appellations']]),
		sheet('Arborescence', [
			['Réf.', 'Réf. du parent', 'Code', 'Intitulé'],
			['A1', null, '1', 'Axe un'],
			['A1-O1', 'A1', 'Objectif 1', 'Objectif un']
		]),
		sheet('Fiches', [
			['N°', 'Réf. du rattachement', 'Intitulé', 'État'],
			['1', 'A1-O1', 'Fiche une', 'à lancer']
		]),
		sheet('Acteurs', [['Fiche n°', 'Rôle', 'Libellé', 'Clé de l’organisation', 'Texte libre']]),
		sheet('Indicateurs', [['Fiche n°', 'N° d’indicateur', 'Type', 'Libellé', 'Mesure', 'Unité']]),
		sheet('Cibles', [['Fiche n°', 'N° d’indicateur', 'Année', 'Valeur']])
	];

	it('accepts a hand-filled minimal workbook: columns found by header, labels or codes, defaults applied', () => {
		const sheets = base();
		sheets[5].rows.push({
			number: 2,
			cells: ['1', 1, 'De réalisation', 'Nombre de réunions', null, null]
		});
		sheets[6].rows.push({ number: 2, cells: ['1', 1, 2024, '1 234,5'] });
		const parsed = parsePlanSheets(sheets);
		expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems)).toBe(true);
		if (!parsed.ok) return;
		const fiche = parsed.doc.tree[0].children[0].fiches[0];
		expect(fiche).toMatchObject({ number: '1', state: 'a_lancer', steps: [], pilots: [] });
		expect(fiche.indicators[0]).toMatchObject({
			kind: 'realisation',
			polarity: 'higher_better',
			periodicity: 'annuelle',
			targets: [{ year: 2024, value: 1234.5 }]
		});
		expect(parsed.doc.scheme.levelLabels).toEqual(['Axe', 'Objectif']);
	});

	it('lists a formula the reader found beside the other problems, once per cell', () => {
		const sheets = base();
		// The reader gives a formula cell as blank, with its problem.
		sheets[3].rows[1].cells[2] = null;
		sheets[6].rows.push({ number: 2, cells: ['1', 7, 2024, 10] });
		const formula = {
			sheet: 'Fiches',
			row: 2,
			column: 'C',
			message: 'Formule « =A1 » : l’import n’accepte que des valeurs.'
		};
		const parsed = parsePlanSheets(sheets, [formula]);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problemCount).toBe(2);
		expect(parsed.problems.map((p) => `${p.sheet}!${p.column}${p.row} ${p.message}`)).toEqual([
			'Fiches!C2 Formule « =A1 » : l’import n’accepte que des valeurs.',
			expect.stringMatching(/^Cibles!B2 /)
		]);
	});

	it('checks references, levels and duplicates', () => {
		const sheets = base();
		sheets[2].rows.push(
			{ number: 4, cells: ['A1-O1-X', 'A1-O1', '1.1.1', 'Trop profond'] },
			{ number: 5, cells: ['A2', 'plus-bas', '2', 'Parent plus bas'] },
			{ number: 6, cells: ['plus-bas', null, '3', 'Axe'] },
			{ number: 7, cells: ['A1', null, '4', 'Doublon'] }
		);
		sheets[3].rows.push(
			{ number: 3, cells: ['1', 'A1', 'Même numéro', 'En cours'] },
			{ number: 4, cells: ['2', 'nulle-part', 'Sans nœud', 'En cours'] }
		);
		sheets[4].rows.push(
			{ number: 2, cells: ['9', 'Pilote', 'X', null, null] },
			{ number: 3, cells: ['1', 'Sponsor', 'X', null, null] }
		);
		sheets[5].rows.push(
			{ number: 2, cells: ['1', 1, 'Résultat', 'Taux', 'Taux', null] },
			{ number: 3, cells: ['1', 2, 'Résultat', 'Nombre et pourcentage de places', null, null] }
		);
		sheets[6].rows.push({ number: 2, cells: ['1', 2, 2024, 10] });
		const parsed = parsePlanSheets(sheets);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		const messages = parsed.problems.map((p) => `${p.sheet}!${p.column}${p.row} ${p.message}`);
		expect(messages).toEqual([
			'Arborescence!B4 Cet élément serait au niveau 3, alors que le schéma en compte 2 (feuille « Schéma »).',
			'Arborescence!B5 Le parent « plus-bas » doit figurer plus haut dans la feuille.',
			'Arborescence!A7 Réf. « A1 » déjà utilisée plus haut.',
			'Fiches!A3 N° « 1 » déjà utilisé ligne 2.',
			'Fiches!B4 Réf. du rattachement « nulle-part » introuvable dans la feuille « Arborescence ».',
			'Acteurs!A2 Fiche n° « 9 » introuvable dans la feuille « Fiches ».',
			expect.stringMatching(
				/^Acteurs!B3 Rôle : « Sponsor » n’est pas une valeur prévue : choisissez parmi Pilote, Partenaire\.$/
			),
			'Indicateurs!F2 Unité obligatoire quand la mesure est indiquée.',
			'Cibles!B2 L’indicateur n° 2 se lit comme plusieurs mesures : indiquez son unité (ou une ligne par mesure) pour lui donner des cibles.'
		]);
	});

	it('says which required column or sheet is missing, and recognises a foreign workbook', () => {
		const sheets = base();
		sheets[3].rows[0].cells = ['N°', 'Intitulé', 'État'];
		const parsed = parsePlanSheets(sheets.filter((s) => s.name !== 'Cibles'));
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problems.map((p) => p.message)).toEqual([
			'Colonne « Réf. du rattachement » absente : gardez les en-têtes du modèle.',
			'Feuille « Cibles » absente : gardez toutes les feuilles du modèle, même vides.'
		]);
		expect(parsePlanSheets([sheet('Feuil1', [['a']])])).toMatchObject({
			ok: false,
			message: expect.stringMatching(/ne suit pas le modèle/)
		});
	});
});

describe('cell readers', () => {
	it('reads French numbers and dates', () => {
		expect(['1 234,5', '12,5 %', '-3', '1234.5', 7].map((v) => parseFrenchNumber(v))).toEqual([
			1234.5, 12.5, -3, 1234.5, 7
		]);
		expect(parseFrenchNumber('douze')).toBeNull();
		expect(parseDateCell('31/12/2018')).toBe('2018-12-31');
		expect(parseDateCell('2018-12-31')).toBe('2018-12-31');
		expect(parseDateCell(43465)).toBe('2018-12-31');
		expect(parseDateCell(new Date(Date.UTC(2018, 11, 31)))).toBe('2018-12-31');
		expect(parseDateCell('29/02/2019')).toBeNull();
	});
});

describe('preview and confirmation', () => {
	it('shows organisations matched by key, name or short name, ignoring case and accents, and the counts', async () => {
		await importPlanDocument(db, fixturePlan);
		const doc = planDocumentSchema.parse({
			...richPlan,
			organisations: [
				{
					key: 'caf-2b',
					name: 'CAISSE D’ALLOCATIONS FAMILIALES DE CORSE-DU-SUD',
					shortName: 'X',
					type: 'caf'
				},
				{ key: 'asso-x', name: 'Association X', shortName: 'ajaccio', type: 'association' },
				{ key: 'nouvelle', name: 'Nouvelle', shortName: 'Nouv.', type: 'autre' }
			],
			tree: [
				{
					code: '1',
					title: 'Axe',
					fiches: [
						{
							number: '1',
							title: 'Fiche',
							state: 'a_lancer',
							pilots: [{ label: 'caf 2a' }, { label: 'Inconnu' }],
							partners: [{ label: 'Nouv' }],
							indicators: [
								{ kind: 'resultat', label: 'Nombre et pourcentage de places' },
								{
									kind: 'resultat',
									label: 'Taux',
									unit: 'pourcentage',
									targets: [{ year: 2024, value: 1 }]
								}
							]
						}
					]
				}
			]
		});
		const preview = await previewPlanImport(db, doc, { sheet: 'Schéma', row: 2, column: 'B' });
		expect(
			preview.organisations.map((o) => [o.key, o.match?.slug ?? null, o.match?.by ?? null])
		).toEqual([
			['caf-2b', 'caf-2a', 'nom'],
			['asso-x', 'ville-ajaccio', 'nom court'],
			['nouvelle', null, null]
		]);
		expect(preview.labelMatches).toEqual([
			{
				label: 'caf 2a',
				fiches: ['1'],
				organisation: {
					name: 'Caisse d’allocations familiales de Corse-du-Sud',
					shortName: 'CAF 2A'
				}
			},
			{ label: 'Inconnu', fiches: ['1'], organisation: null },
			{ label: 'Nouv', fiches: ['1'], organisation: { name: 'Nouvelle', shortName: 'Nouv.' } }
		]);
		expect(preview.counts).toEqual({
			fiches: 1,
			actors: 3,
			indicators: 3,
			targets: 1,
			organisationsMatched: 2,
			organisationsCreated: 1
		});
		expect(preview.levels).toEqual([
			{ label: 'Axe', count: 1 },
			{ label: 'Orientation', count: 0 },
			{ label: 'Objectif', count: 0 },
			{ label: 'Sous-objectif', count: 0 }
		]);
		expect(preview.slugTaken).toBe(false);
	});

	it('lets only a platform administrator confirm, records who imported, and refuses an existing slug', async () => {
		const doc = planDocumentSchema.parse(richPlan);
		// Importing a plan creates a scheme: a platform right, not one of a scheme's coordination.
		expect(await confirmPlanImport(db, user('coordinateur'), doc)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await confirmPlanImport(db, user('pilote'), doc)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await confirmPlanImport(db, user('lecteur'), doc)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await db.selectFrom('scheme').select('id').execute()).toHaveLength(0);

		const admin = {
			...user('plateforme', 42),
			name: 'Claire',
			organisationShortName: 'CAF 87'
		};
		expect(await confirmPlanImport(db, admin, doc)).toEqual({
			ok: true,
			slug: 'riche-2022-2026',
			fiches: 1,
			organisationsCreated: 2
		});
		const event = await db
			.selectFrom('audit_event')
			.selectAll()
			.where('entity_type', '=', 'scheme')
			.executeTakeFirstOrThrow();
		expect(event).toMatchObject({ user_id: 42, actor: 'CAF 87 — Claire', action: 'create' });
		expect(
			(await previewPlanImport(db, doc, { sheet: 'Schéma', row: 2, column: 'B' })).slugTaken
		).toBe(true);
		expect(await confirmPlanImport(db, admin, doc)).toEqual({ ok: false, reason: 'slug_taken' });
	});

	it('is all or nothing: a failure inside the write leaves no scheme, organisation or fiche behind', async () => {
		const doc = planDocumentSchema.parse(richPlan);
		// A clash discovered only by the database, after the organisations were written.
		await db
			.insertInto('scheme')
			.values({
				slug: 'riche-2022-2026',
				department_code: '2B',
				department_name: 'x',
				title: 'x',
				start_year: 2022,
				end_year: 2026,
				state: 'en_cours',
				level_labels: '["Axe"]'
			})
			.execute();
		await expect(importPlanDocument(db, doc)).rejects.toThrow(/UNIQUE/);
		expect(await db.selectFrom('organisation').select('slug').execute()).toEqual([]);
		expect(await db.selectFrom('fiche').select('id').execute()).toEqual([]);
		expect(await db.selectFrom('plan_node').select('id').execute()).toEqual([]);
		expect(await db.selectFrom('audit_event').select('id').execute()).toEqual([]);
	});
});
