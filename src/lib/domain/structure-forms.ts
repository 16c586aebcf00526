import { z } from 'zod';
import './zod-locale';
import {
	INDICATOR_KINDS,
	INDICATOR_UNITS,
	PERIODICITIES,
	POLARITIES,
	SCHEME_KINDS,
	SCHEME_STATES,
	TERRITORY_KINDS,
	type IndicatorUnit
} from './enums';
import { ficheFrameSchema } from './fiche-edit';
import { inferUnit } from './indicator-rules';
import { slugify } from './text';

// Forms of the coordinator's structure editor: scheme, nodes, new fiches, indicators, amendments.
// Every message is the French sentence shown next to the field.

export const MAX_SCHEME_YEARS = 6;
export const MAX_LEVELS = 4;
/** Slugs a fiche cannot take: the static pages next to the fiche pages would hide it. */
const RESERVED_FICHE_SLUGS = ['nouvelle'];

const requiredText = (max: number, required: string) =>
	z
		.string({ message: required })
		.trim()
		.min(1, required)
		.max(max, `Ce texte dépasse ${max} caractères.`);
const optionalText = (max: number) =>
	z
		.string()
		.max(max, `Ce texte dépasse ${max.toLocaleString('fr-FR')} caractères.`)
		.optional()
		.transform((v) => v?.replace(/\r\n?/g, '\n').trim() || null);
/** One entry per line; blank lines and leading bullets dropped. */
const lines = (max = 5_000) =>
	z
		.string()
		.max(max, 'Cette liste est trop longue.')
		.optional()
		.transform((v) =>
			(v ?? '')
				.split(/\r?\n/)
				.map((l) => l.replace(/^[•\-–]\s*/, '').trim())
				.filter(Boolean)
		);
const year = (required: string) =>
	z
		.string({ message: required })
		.trim()
		.min(1, required)
		.regex(/^\d{4}$/, 'Année sur 4 chiffres (ex. 2024).')
		.transform(Number)
		.refine((v) => v >= 2000 && v <= 2100, 'Année entre 2000 et 2100.');
/** An id from a select: a positive integer, or null when nothing was chosen. */
const optionalId = z
	.string()
	.optional()
	.transform((v) => (v && /^\d{1,12}$/.test(v.trim()) ? Number(v.trim()) : null));
const requiredId = (message: string) =>
	optionalId.refine((v): v is number => v !== null, message).transform((v) => v as number);

/** "1 234,5", "12.5", "-3" → number; null when the text is not a number. */
export function parseDecimal(text: string): number | null {
	const compact = text.trim().replace(/[\s\u00a0\u202f]/g, '');
	if (!/^[-+]?\d+(?:[.,]\d+)?$/.test(compact)) return null;
	return Number(compact.replace(',', '.'));
}

/** 12.5 → "12,5": the way a decimal is typed back into a form. */
export function decimalToText(value: number | null | undefined): string {
	return value == null ? '' : String(value).replace('.', ',');
}

/** "2019 : 24" lines from targets, in year order. */
export function targetsToText(targets: { year: number; value: number }[]): string {
	return [...targets]
		.sort((a, b) => a.year - b.year)
		.map((t) => `${t.year} : ${decimalToText(t.value)}`)
		.join('\n');
}

/** A date typed as 31/12/2018 or given by a date input (2018-12-31) → ISO, or null when invalid. */
export function parseFrenchDate(text: string): string | null {
	const value = text.trim();
	let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	let iso: [string, string, string] | null = match ? [match[1], match[2], match[3]] : null;
	if (!iso) {
		match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
		if (match) iso = [match[3], match[2].padStart(2, '0'), match[1].padStart(2, '0')];
	}
	if (!iso) return null;
	const [y, m, d] = iso.map(Number);
	const date = new Date(Date.UTC(y, m - 1, d));
	const valid =
		date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
	return valid ? iso.join('-') : null;
}

// ——— Scheme ———

export const schemeFormSchema = z
	.object({
		departmentCode: z
			.string({ message: 'Le code du département est requis.' })
			.trim()
			.toUpperCase()
			.min(1, 'Le code du département est requis.')
			.regex(
				/^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$/,
				'Code de département invalide (ex. 87, 2A, 974).'
			),
		departmentName: requiredText(80, 'Le nom du département est requis.'),
		title: requiredText(300, 'Le titre est requis.'),
		subtitle: optionalText(300),
		description: optionalText(20_000),
		startYear: year('L’année de début est requise.'),
		endYear: year('L’année de fin est requise.'),
		state: z.enum(SCHEME_STATES, { message: 'Choisissez un état dans la liste.' }),
		levelLabels: lines(1_000).superRefine((labels, ctx) => {
			if (labels.length < 1)
				ctx.addIssue({ code: 'custom', message: 'Indiquez au moins un niveau (ex. Axe).' });
			else if (labels.length > MAX_LEVELS)
				ctx.addIssue({ code: 'custom', message: `Au plus ${MAX_LEVELS} niveaux, un par ligne.` });
			else if (labels.some((l) => l.length > 60))
				ctx.addIssue({
					code: 'custom',
					message: 'Chaque libellé de niveau tient en 60 caractères.'
				});
		}),
		// A checkbox: sent as "public" when ticked, absent otherwise.
		visibility: z
			.enum(['public', 'private'], { message: 'Visibilité inconnue.' })
			.optional()
			.transform((v) => v ?? 'private')
	})
	.superRefine(
		(v, ctx) => {
			// Runs even when other fields failed, so every mistake shows at once.
			if (typeof v.startYear !== 'number' || typeof v.endYear !== 'number') return;
			if (v.endYear < v.startYear) {
				ctx.addIssue({
					code: 'custom',
					path: ['endYear'],
					message: 'L’année de fin précède l’année de début.'
				});
			} else if (v.endYear - v.startYear + 1 > MAX_SCHEME_YEARS) {
				ctx.addIssue({
					code: 'custom',
					path: ['endYear'],
					message: `Un schéma dure au plus ${MAX_SCHEME_YEARS} ans (ici ${v.endYear - v.startYear + 1} ans).`
				});
			}
		},
		{ when: () => true }
	);
export type SchemeForm = z.output<typeof schemeFormSchema>;

/**
 * What a new scheme covers: a département (its SDSF), an EPCI (SIREN) or a commune (INSEE code) of
 * that département, and its kind. Fixed at creation: the scheme's members and organisations hang
 * from its territory.
 */
export const schemeTerritorySchema = z
	.object({
		kind: z.enum(SCHEME_KINDS, { message: 'Choisissez la nature du schéma.' }).default('sdsf'),
		territoryKind: z
			.enum(TERRITORY_KINDS, { message: 'Choisissez le territoire couvert.' })
			.default('departement'),
		territoryCode: z.string().trim().toUpperCase().max(9).default(''),
		territoryName: z.string().trim().max(120, 'Au plus 120 caractères.').default(''),
		departmentCode: z.string().trim().toUpperCase().default('')
	})
	.superRefine((v, ctx) => {
		const issue = (path: string, message: string) =>
			ctx.addIssue({ code: 'custom', path: [path], message });
		if (v.kind === 'sdsf' && v.territoryKind !== 'departement')
			issue('territoryKind', 'Un SDSF couvre un département.');
		if (v.kind === 'sppe' && v.territoryKind === 'departement')
			issue('territoryKind', 'Un schéma pluriannuel petite enfance couvre une commune ou un EPCI.');
		if (v.territoryKind === 'departement') return;
		if (v.territoryKind === 'commune') {
			if (!/^(\d{5}|2[AB]\d{3})$/.test(v.territoryCode))
				issue(
					'territoryCode',
					'Code INSEE de commune invalide (5 caractères, ex. 87085 ou 2A004).'
				);
			else if (v.departmentCode && !v.territoryCode.startsWith(v.departmentCode))
				issue('territoryCode', `Cette commune n’est pas dans le département ${v.departmentCode}.`);
		}
		if (v.territoryKind === 'epci' && !/^\d{9}$/.test(v.territoryCode))
			issue('territoryCode', 'Numéro SIREN de l’EPCI invalide (9 chiffres).');
		if (!v.territoryName) issue('territoryName', 'Le nom de la commune ou de l’EPCI est requis.');
	});
export type SchemeTerritoryForm = z.output<typeof schemeTerritorySchema>;

/** The slug a new scheme gets: "Haute-Vienne", 2017, 2021 → "haute-vienne-2017-2021". */
export function schemeSlugOf(
	departmentName: string,
	startYear: number,
	endYear: number,
	/** Other kinds than the SDSF carry theirs: "limoges-sppe-2026-2031". */
	kind: string = 'sdsf'
): string {
	return slugify(`${departmentName} ${kind === 'sdsf' ? '' : kind} ${startYear} ${endYear}`);
}

// ——— Plan nodes ———

export const nodeFormSchema = z.object({
	code: requiredText(60, 'Le code est requis (ex. 1.2 ou Objectif 1).'),
	title: requiredText(500, 'L’intitulé est requis.')
});
export type NodeForm = z.output<typeof nodeFormSchema>;

/** Where a node goes: under another node, or at the first level when parentId is empty. */
export const nodeParentSchema = z.object({ parentId: optionalId });

export const reorderSchema = z.object({
	direction: z.enum(['up', 'down'], { message: 'Sens de déplacement inconnu.' })
});

// ——— Fiches ———

const ficheNumber = ficheFrameSchema.shape.number.refine(
	(n) => !RESERVED_FICHE_SLUGS.includes(slugify(n)),
	'Ce numéro est réservé ; choisissez-en un autre.'
);

export const ficheCreateSchema = z.object({
	number: ficheNumber,
	title: ficheFrameSchema.shape.title,
	nodeId: requiredId('Choisissez où placer la fiche dans le plan.'),
	pilots: lines()
});
export type FicheCreateForm = z.output<typeof ficheCreateSchema>;

export const ficheMoveSchema = z.object({
	nodeId: requiredId('Choisissez le niveau qui accueille la fiche.')
});

// ——— Indicators ———

const decimalText = (label: string) =>
	z
		.string()
		.optional()
		.transform((v, ctx) => {
			if (!v?.trim()) return null;
			const n = parseDecimal(v);
			if (n === null) {
				ctx.addIssue({ code: 'custom', message: `${label} : un nombre est attendu (ex. 12,5).` });
				return z.NEVER;
			}
			return n;
		});

/** Lines "2019 : 24" → [{ year, value }], with a message naming the faulty line. */
const targetsText = z
	.string()
	.max(2_000, 'Cette liste est trop longue.')
	.optional()
	.transform((v, ctx) => {
		const targets: { year: number; value: number }[] = [];
		const rows = (v ?? '').split(/\r?\n/);
		for (const [i, raw] of rows.entries()) {
			if (!raw.trim()) continue;
			const match = /^\s*(\d{4})\s*(?::|=|\s)\s*(.+?)\s*$/.exec(raw);
			const value = match ? parseDecimal(match[2]) : null;
			if (!match || value === null) {
				ctx.addIssue({
					code: 'custom',
					message: `Ligne ${i + 1} : écrivez « année : valeur » (ex. 2019 : 24).`
				});
				return z.NEVER;
			}
			const y = Number(match[1]);
			if (y < 1990 || y > 2100) {
				ctx.addIssue({ code: 'custom', message: `Ligne ${i + 1} : année entre 1990 et 2100.` });
				return z.NEVER;
			}
			if (targets.some((t) => t.year === y)) {
				ctx.addIssue({
					code: 'custom',
					message: `Ligne ${i + 1} : l’année ${y} figure deux fois.`
				});
				return z.NEVER;
			}
			targets.push({ year: y, value });
		}
		return targets.sort((a, b) => a.year - b.year);
	});

export const indicatorFormSchema = z
	.object({
		kind: z.enum(INDICATOR_KINDS, { message: 'Choisissez le type d’indicateur.' }),
		kindLabel: optionalText(120),
		label: requiredText(1_000, 'Le libellé est requis.'),
		measure: optionalText(120),
		// Empty: deduced from the label's wording.
		unit: z
			.union([z.enum(INDICATOR_UNITS), z.literal('')], {
				message: 'Choisissez une unité dans la liste.'
			})
			.optional()
			.transform((v) => (v ? v : null)),
		polarity: z.enum(POLARITIES, { message: 'Choisissez le sens d’évolution souhaité.' }),
		periodicity: z.enum(PERIODICITIES, { message: 'Choisissez une périodicité.' }),
		baselineValue: decimalText('Valeur de référence'),
		baselineYear: z
			.string()
			.optional()
			.transform((v, ctx) => {
				if (!v?.trim()) return null;
				if (!/^\d{4}$/.test(v.trim()) || Number(v) < 1990 || Number(v) > 2100) {
					ctx.addIssue({ code: 'custom', message: 'Année sur 4 chiffres, entre 1990 et 2100.' });
					return z.NEVER;
				}
				return Number(v);
			}),
		targets: targetsText,
		breakdownLabel: optionalText(120),
		breakdownValues: lines(5_000),
		note: optionalText(5_000)
	})
	.superRefine(
		(v, ctx) => {
			// Runs even when other fields failed (a field that failed is not undefined-checked twice).
			const given = (x: unknown) => x !== null && x !== undefined;
			if (given(v.baselineValue) && v.baselineYear === null)
				ctx.addIssue({
					code: 'custom',
					path: ['baselineYear'],
					message: 'Indiquez l’année de la valeur de référence.'
				});
			if (v.baselineValue === null && given(v.baselineYear))
				ctx.addIssue({
					code: 'custom',
					path: ['baselineValue'],
					message: 'Indiquez la valeur de référence de cette année.'
				});
			const values = Array.isArray(v.breakdownValues) ? v.breakdownValues : [];
			if (v.breakdownLabel && values.length < 2)
				ctx.addIssue({
					code: 'custom',
					path: ['breakdownValues'],
					message: 'Indiquez au moins deux valeurs, une par ligne.'
				});
			if (!v.breakdownLabel && values.length > 0)
				ctx.addIssue({
					code: 'custom',
					path: ['breakdownLabel'],
					message: 'Nommez la ventilation (ex. Commune).'
				});
			const seen = new Set<string>();
			for (const value of values) {
				const key = value.toLocaleLowerCase('fr');
				if (seen.has(key)) {
					ctx.addIssue({
						code: 'custom',
						path: ['breakdownValues'],
						message: `« ${value} » figure deux fois.`
					});
					break;
				}
				seen.add(key);
			}
		},
		{ when: () => true }
	)
	.transform((v) => ({
		...v,
		unit: (v.unit ?? inferUnit(v.label)) as IndicatorUnit,
		breakdownValues: v.breakdownLabel ? v.breakdownValues : []
	}));
export type IndicatorForm = z.output<typeof indicatorFormSchema>;

// ——— Amendments ———

const idList = z
	.array(z.string())
	.optional()
	.transform((v) => [...new Set((v ?? []).filter((s) => /^\d{1,12}$/.test(s)).map(Number))]);

export const amendmentFormSchema = z
	.object({
		signedOn: z
			.string({ message: 'La date de signature est requise.' })
			.trim()
			.min(1, 'La date de signature est requise.')
			.transform((v, ctx) => {
				const iso = parseFrenchDate(v);
				if (!iso) {
					ctx.addIssue({ code: 'custom', message: 'Date invalide (jj/mm/aaaa).' });
					return z.NEVER;
				}
				return iso;
			}),
		title: requiredText(300, 'L’intitulé de l’avenant est requis.'),
		description: optionalText(20_000),
		newFicheNumber: z.string().optional(),
		newFicheTitle: z.string().optional(),
		newFicheNodeId: z.string().optional(),
		newFichePilots: z.string().optional(),
		changes: idList,
		ends: idList
	})
	.superRefine(
		(v, ctx) => {
			// Runs even when other fields failed, so every mistake shows at once.
			const result = newFicheOf(v);
			if (result && !result.success) {
				const names = {
					number: 'newFicheNumber',
					title: 'newFicheTitle',
					nodeId: 'newFicheNodeId',
					pilots: 'newFichePilots'
				};
				for (const issue of result.error.issues) {
					const field = names[issue.path[0] as keyof typeof names] ?? 'newFicheNumber';
					ctx.addIssue({ code: 'custom', path: [field], message: issue.message });
				}
			}
			const ends = Array.isArray(v.ends) ? v.ends : [];
			if (Array.isArray(v.changes) && v.changes.some((id) => ends.includes(id))) {
				ctx.addIssue({
					code: 'custom',
					path: ['ends'],
					message: 'Une fiche ne peut pas être à la fois modifiée et close par le même avenant.'
				});
			}
		},
		{ when: () => true }
	)
	.transform((v) => {
		const result = newFicheOf(v);
		return {
			signedOn: v.signedOn,
			title: v.title,
			description: v.description,
			newFiche: result?.success ? result.data : null,
			changes: v.changes,
			ends: v.ends
		};
	});

/** The new fiche an amendment describes (any of its fields filled), parsed; null when none. */
function newFicheOf(v: {
	newFicheNumber?: string;
	newFicheTitle?: string;
	newFicheNodeId?: string;
	newFichePilots?: string;
}) {
	const wanted = [v.newFicheNumber, v.newFicheTitle, v.newFichePilots].some((s) => s?.trim());
	if (!wanted) return null;
	return ficheCreateSchema.safeParse({
		number: v.newFicheNumber ?? '',
		title: v.newFicheTitle ?? '',
		nodeId: v.newFicheNodeId ?? '',
		pilots: v.newFichePilots ?? ''
	});
}
export type AmendmentForm = z.output<typeof amendmentFormSchema>;

export const AMENDMENT_EFFECT_LABELS = {
	adds: 'Ajoute',
	changes: 'Modifie',
	ends: 'Clôt'
} as const;
export type AmendmentEffect = keyof typeof AMENDMENT_EFFECT_LABELS;

// ——— Labels and form values (error summaries, conflict screens, pre-filled forms) ———

export const SCHEME_FIELD_LABELS: Record<string, string> = {
	departmentCode: 'Code du département',
	departmentName: 'Nom du département',
	title: 'Titre du schéma',
	subtitle: 'Sous-titre',
	description: 'Présentation',
	startYear: 'Année de début',
	endYear: 'Année de fin',
	state: 'État du schéma',
	levelLabels: 'Niveaux du plan',
	visibility: 'Lisible sans connexion',
	kind: 'Nature du schéma',
	territoryKind: 'Territoire couvert',
	territoryCode: 'Code de la commune ou de l’EPCI',
	territoryName: 'Nom de la commune ou de l’EPCI'
};

export type SchemeValues = {
	departmentCode: string;
	departmentName: string;
	title: string;
	subtitle: string | null;
	description: string | null;
	startYear: number;
	endYear: number;
	state: string;
	levelLabels: string[];
	visibility: 'public' | 'private';
};

/** A scheme as the form shows it (every field a string; the checkbox as "public" or ""). */
export function schemeFormValues(s: SchemeValues): Record<string, string> {
	return {
		departmentCode: s.departmentCode,
		departmentName: s.departmentName,
		title: s.title,
		subtitle: s.subtitle ?? '',
		description: s.description ?? '',
		startYear: String(s.startYear),
		endYear: String(s.endYear),
		state: s.state,
		levelLabels: s.levelLabels.join('\n'),
		visibility: s.visibility === 'public' ? 'public' : ''
	};
}

export const FICHE_CREATE_LABELS: Record<string, string> = {
	number: 'Numéro',
	title: 'Intitulé',
	nodeId: 'Place dans le plan',
	pilots: 'Pilote(s)'
};

export const INDICATOR_FIELD_LABELS: Record<string, string> = {
	kind: 'Type d’indicateur',
	kindLabel: 'Intitulé du type',
	label: 'Libellé',
	measure: 'Mesure',
	unit: 'Unité',
	polarity: 'Sens souhaité',
	periodicity: 'Périodicité',
	baselineValue: 'Valeur de référence',
	baselineYear: 'Année de référence',
	targets: 'Cibles par année',
	breakdownLabel: 'Ventilation',
	breakdownValues: 'Valeurs de la ventilation',
	note: 'Note'
};

export type IndicatorValues = {
	kind: string;
	kindLabel: string | null;
	label: string;
	measure: string | null;
	unit: string;
	polarity: string;
	periodicity: string;
	baselineValue: number | null;
	baselineYear: number | null;
	targets: { year: number; value: number }[];
	breakdownLabel: string | null;
	breakdownValues: string[];
	note: string | null;
};

export function indicatorFormValues(i: IndicatorValues): Record<string, string> {
	return {
		kind: i.kind,
		kindLabel: i.kindLabel ?? '',
		label: i.label,
		measure: i.measure ?? '',
		unit: i.unit,
		polarity: i.polarity,
		periodicity: i.periodicity,
		baselineValue: decimalToText(i.baselineValue),
		baselineYear: i.baselineYear == null ? '' : String(i.baselineYear),
		targets: targetsToText(i.targets),
		breakdownLabel: i.breakdownLabel ?? '',
		breakdownValues: i.breakdownValues.join('\n'),
		note: i.note ?? ''
	};
}

export const AMENDMENT_FIELD_LABELS: Record<string, string> = {
	signedOn: 'Date de signature',
	title: 'Intitulé de l’avenant',
	description: 'Objet de l’avenant',
	newFicheNumber: 'Numéro de la nouvelle fiche',
	newFicheTitle: 'Intitulé de la nouvelle fiche',
	newFicheNodeId: 'Place de la nouvelle fiche dans le plan',
	newFichePilots: 'Pilote(s) de la nouvelle fiche',
	changes: 'Fiches modifiées',
	ends: 'Fiches closes'
};
