import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
	planDocumentSchema,
	type ListItem,
	type PlanDocument
} from '../src/lib/domain/plan-document';
import { matchOrganisation } from '../src/lib/domain/organisation-matching';
import { inferMeasures } from '../src/lib/domain/indicator-rules';
import { HAUTE_VIENNE_FICHE_NUMBERS } from '../tests/support/haute-vienne';
import { hauteViennePlan } from './haute-vienne-2017-2021';

const here = fileURLToPath(new URL('.', import.meta.url));
const SOURCE = path.resolve(
	here,
	'../../shared/reference/sdsf-haute-vienne-fiches-actions-2017-2018.md'
);

const EXPECTED_NUMBERS = HAUTE_VIENNE_FICHE_NUMBERS;

/** Labels that name groups, not one organisation: they stay free text. */
const FREE_TEXT_LABELS = [
	'Familles',
	'RAM',
	'Les RAM',
	'EAJE',
	'LEAP',
	'LAPE',
	'Assistant(e)s maternel(le)s',
	'Collectivités territoriales',
	'Collectivités territoriales concernées',
	'Collectivités territoriales ciblées',
	'Gestionnaires des CLAS',
	'Gestionnaires des EAJE',
	'Gestionnaires des EAJE engagés dans les dispositifs',
	"Autres gestionnaires d'EAJE concernés",
	'Autres membres du comité technique et de financement départemental Clas',
	'Autres acteurs locaux/départementaux',
	'Autres acteurs locaux/ départementaux',
	'Justice',
	'Associations et fédérations départementales ou locales',
	'Acteurs spécialisés du domaine du handicap : MDPH, PEP87, CRAL...',
	'Partenaires tels que : EAJE, ALSH, Centres Sociaux....',
	'Coordonnateurs RAM des CAF des départements 87, 19, 23, 86, 16, 17 et 79',
	'Animateurs de RAM de différents départements',
	"Les gestionnaires d'équipements qui accompagnent quotidiennement les familles de la Haute Vienne : EAJE, ALSH, Centres Sociaux...",
	'Tous les acteurs, partenaires de la CAF, susceptibles de rencontrer des familles avec enfants ou des futurs parents.'
];

/** Collapse whitespace and treat typographic and straight apostrophes alike. */
function normalize(value: string): string {
	return value.replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
}

function decode(value: string): string {
	return value.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
}

/** Markdown + HTML → plain text: no tags, no markdown emphasis or links, no bullets "•". */
function toPlain(markdown: string): string {
	const text = markdown
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<\/?(p|li|ul|ol|br|div|table|tr|td|th)\b[^>]*>/gi, ' ')
		.replace(/<[^>]+>/g, '')
		.replace(/\*/g, '')
		.replace(/•/g, ' ');
	return normalize(decode(text));
}

const raw = readFileSync(SOURCE, 'utf8');
const bodyStart = raw.lastIndexOf('\n## ', raw.indexOf('Priorité'));
const tocMarkdown = raw.slice(raw.indexOf('# SOMMAIRE'), bodyStart);
const bodyMarkdown = raw.slice(bodyStart);
const bodyPlain = toPlain(bodyMarkdown);

const doc: PlanDocument = planDocumentSchema.parse(hauteViennePlan);

type Fiche = PlanDocument['tree'][number]['fiches'][number];
type Node = PlanDocument['tree'][number];
type Placed = { fiche: Fiche; strategic: string; axe: string; objectif: string };

const placed: Placed[] = [];
for (const strategic of doc.tree)
	for (const axe of strategic.children)
		for (const objectif of axe.children)
			for (const fiche of objectif.fiches)
				placed.push({ fiche, strategic: strategic.code, axe: axe.code, objectif: objectif.code });
const fiches = placed.map((p) => p.fiche);
const ficheByNumber = (n: string): Fiche => {
	const found = fiches.find((f) => f.number === n);
	if (!found) throw new Error(`fiche ${n} absente`);
	return found;
};

function flatten(items: ListItem[]): ListItem[] {
	return items.flatMap((item) => [item, ...flatten(item.children ?? [])]);
}

/** Headings of a markdown part as plain lines (no #, no emphasis, no hard-break spaces). */
function headingLines(markdown: string): string[] {
	return markdown
		.split('\n')
		.map((line) =>
			normalize(
				line
					.replace(/^#+\s*/, '')
					.replace(/\*/g, '')
					.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			)
		)
		.filter(Boolean);
}

const STRATEGIC = /^Axe stratégique (\d+)\s*:\s*(.+)$/;
const AXE = /^Axe (\d+\.\d+)\s*:\s*(.+)$/;
const OBJECTIF = /^Objectif (\d+)\s*:\s*(.+)$/;
const ACTION = /^Action n°(\d+(?: bis)?) (.+)$/;

/** The table of contents as a map from node path (or fiche number) to its wording. */
function parseToc() {
	const nodes = new Map<string, string>();
	const actions = new Map<string, { text: string; path: string }>();
	let s = '';
	let a = '';
	let o = '';
	for (const line of headingLines(tocMarkdown)) {
		let m: RegExpExecArray | null;
		if ((m = STRATEGIC.exec(line))) {
			s = m[1];
			nodes.set(s, m[2]);
		} else if ((m = AXE.exec(line))) {
			a = m[1];
			nodes.set(`${s}/${a}`, m[2]);
		} else if ((m = OBJECTIF.exec(line))) {
			o = `Objectif ${m[1]}`;
			nodes.set(`${s}/${a}/${o}`, m[2]);
		} else if ((m = ACTION.exec(line))) {
			actions.set(m[1], { text: m[2], path: `${s}/${a}/${o}` });
		}
	}
	return { nodes, actions };
}

/** The fiche pages: heading wordings per node path, and each fiche's page and place. */
function parseBody() {
	const nodes = new Map<string, Set<string>>();
	const pages: { text: string; action: string | null; path: string }[] = [];
	let s = '';
	let a = '';
	let o = '';
	let page: { lines: string[]; action: string | null; path: string } | null = null;
	const add = (key: string, value: string) => {
		if (!nodes.has(key)) nodes.set(key, new Set());
		nodes.get(key)!.add(value);
	};
	const close = () => {
		if (page) pages.push({ text: page.lines.join(' '), action: page.action, path: page.path });
	};
	for (const line of headingLines(bodyMarkdown)) {
		const plainLine = toPlain(line);
		let m: RegExpExecArray | null;
		if ((m = STRATEGIC.exec(plainLine))) {
			close();
			s = m[1];
			add(s, m[2]);
			page = { lines: [], action: null, path: '' };
		} else if ((m = AXE.exec(plainLine))) {
			a = m[1];
			add(`${s}/${a}`, m[2]);
		} else if ((m = OBJECTIF.exec(plainLine))) {
			o = `Objectif ${m[1]}`;
			add(`${s}/${a}/${o}`, m[2]);
		} else if (page && !page.action && (m = /^Action n°(\d+(?: bis)?)\b/.exec(plainLine))) {
			page.action = m[1];
			page.path = `${s}/${a}/${o}`;
		}
		page?.lines.push(plainLine);
	}
	close();
	return { nodes, pages };
}

const toc = parseToc();
const body = parseBody();

function expectInBody(value: string | null | undefined, where: string) {
	if (value == null) return;
	expect(bodyPlain, where).toContain(normalize(value));
}

describe('Haute-Vienne 2017–2021 seed: document', () => {
	it('parses with the plan document schema', () => {
		expect(() => planDocumentSchema.parse(hauteViennePlan)).not.toThrow();
	});

	it('holds exactly the 20 fiches of the booklet, in order', () => {
		expect(fiches.map((f) => f.number)).toEqual(EXPECTED_NUMBERS);
	});

	it('has the scheme identity asked for', () => {
		expect(doc.scheme).toMatchObject({
			slug: 'haute-vienne-2017-2021',
			departmentCode: '87',
			departmentName: 'Haute-Vienne',
			title: 'Schéma départemental des services aux familles de la Haute-Vienne',
			subtitle: 'Livret des fiches actions 2017-2018',
			startYear: 2017,
			endYear: 2021,
			state: 'en_cours',
			levelLabels: ['Axe stratégique', 'Axe', 'Objectif']
		});
		const preamble = toPlain(raw.slice(raw.indexOf('PREAMBULE'), raw.indexOf('# SOMMAIRE')));
		const paragraphs = doc.scheme.description!.split('\n\n');
		expect(paragraphs).toHaveLength(4);
		for (const p of paragraphs) expect(preamble).toContain(normalize(p));
	});
});

describe('Haute-Vienne 2017–2021 seed: faithful to the booklet', () => {
	it('places every fiche under the node its page shows, as in the table of contents', () => {
		expect([...toc.actions.keys()]).toEqual(EXPECTED_NUMBERS);
		const bodyActions = body.pages.map((p) => p.action);
		expect(bodyActions).toEqual(EXPECTED_NUMBERS);
		for (const p of placed) {
			const where = `${p.strategic}/${p.axe}/${p.objectif}`;
			expect(toc.actions.get(p.fiche.number)!.path, `fiche ${p.fiche.number}: sommaire`).toBe(
				where
			);
			const page = body.pages.find((pg) => pg.action === p.fiche.number)!;
			expect(page.path, `fiche ${p.fiche.number}: page`).toBe(where);
		}
	});

	it('keeps the body wording of every node, and the table of contents wording only where it differs', () => {
		const visit = (nodes: Node[], prefix: string) => {
			for (const node of nodes) {
				const key = prefix ? `${prefix}/${node.code}` : node.code;
				const variants = body.nodes.get(key);
				expect(variants, `nœud ${key}: absent des pages`).toBeDefined();
				expect([...variants!], `nœud ${key}: titre`).toContain(normalize(node.title));
				const tocText = toc.nodes.get(key);
				expect(tocText, `nœud ${key}: absent du sommaire`).toBeDefined();
				expect(node.tocTitle ?? node.title, `nœud ${key}: sommaire`).toBe(tocText);
				if (node.tocTitle) expect(node.tocTitle).not.toBe(node.title);
				visit(node.children, key);
			}
		};
		visit(doc.tree, '');
		// Only the nodes the booklet shows.
		const codes = (nodes: Node[], prefix: string): string[] =>
			nodes.flatMap((n) => {
				const key = prefix ? `${prefix}/${n.code}` : n.code;
				return [key, ...codes(n.children, key)];
			});
		expect(codes(doc.tree, '').sort()).toEqual([...toc.nodes.keys()].sort());
	});

	for (const n of EXPECTED_NUMBERS) {
		it(`fiche ${n}: every field appears in the booklet`, () => {
			const fiche = ficheByNumber(n);
			const tocEntry = toc.actions.get(n)!;
			expect(fiche.tocTitle ?? fiche.title, `fiche ${n}: tocTitle`).toBe(tocEntry.text);
			if (fiche.tocTitle) expect(fiche.tocTitle, `fiche ${n}: tocTitle`).not.toBe(fiche.title);
			expectInBody(fiche.title, `fiche ${n}: title`);

			const page = body.pages.find((p) => p.action === n)!;
			expect(fiche.priorityLabel !== null, `fiche ${n}: priorityLabel`).toBe(
				page.text.includes('Priorité 2017/2018')
			);
			if (fiche.priorityLabel) expect(fiche.priorityLabel).toBe('Priorité 2017/2018');

			for (const line of (fiche.context ?? '').split('\n').filter((l) => l.trim()))
				expectInBody(line.replace(/^- /, ''), `fiche ${n}: context`);
			if (fiche.targetPublic && fiche.targetPublic !== '/')
				for (const p of fiche.targetPublic.split('\n\n'))
					expectInBody(p, `fiche ${n}: targetPublic`);
			for (const step of flatten(fiche.steps)) expectInBody(step.text, `fiche ${n}: step`);
			for (const list of ['quantitative', 'qualitative', 'unclassified'] as const)
				for (const item of flatten(fiche.results[list]))
					expectInBody(item.text, `fiche ${n}: results.${list}`);
			for (const indicator of fiche.indicators) {
				expectInBody(indicator.label, `fiche ${n}: indicator`);
				expectInBody(indicator.kindLabel, `fiche ${n}: indicator kindLabel`);
				for (const value of indicator.breakdown?.values ?? [])
					expectInBody(value, `fiche ${n}: breakdown value`);
			}
			for (const actor of [...fiche.pilots, ...fiche.partners])
				expectInBody(actor.label, `fiche ${n}: actor`);
			expectInBody(fiche.schedule, `fiche ${n}: schedule`);
			for (const p of (fiche.links ?? '').split('\n\n').filter((l) => l.trim()))
				expectInBody(p, `fiche ${n}: links`);
		});
	}

	it('matches a hand-checked sample', () => {
		const f1 = ficheByNumber('1');
		expect(f1.steps).toHaveLength(4);
		expect(f1.steps.map((s) => s.marker)).toEqual(['1)', '2)', '3)', '4)']);
		expect(f1.indicators.filter((i) => i.kind === 'realisation')).toHaveLength(2);
		expect(f1.indicators.filter((i) => i.kind === 'resultat')).toHaveLength(2);
		expect(f1.targetPublic).toBe('/');

		expect(ficheByNumber('11 bis').pilots.map((p) => p.label)).toEqual(['Ville de Limoges']);
		expect(ficheByNumber('11 bis').schedule).toBeNull();

		const f31 = ficheByNumber('31');
		const split = f31.indicators.filter((i) => i.breakdown?.label === 'Département');
		expect(split).toHaveLength(3);
		for (const i of split) expect(i.breakdown!.values).toHaveLength(7);
		expect(f31.pilots.map((p) => p.label)).toEqual([
			"Fédération des Caisses d'Allocations Familiales du Centre-Ouest",
			'CNFPT'
		]);

		expect(ficheByNumber('8').state).toBe('a_elaborer');
		expect(ficheByNumber('8').schedule).toBe('...');
		expect(ficheByNumber('8').links).toBe('...');
		const elaborer = fiches.filter((f) => f.state === 'a_elaborer').map((f) => f.number);
		expect(elaborer).toEqual(['8', '12', '17', '32', '34']);
		expect(
			fiches.filter((f) => f.state !== 'a_elaborer').every((f) => f.state === 'a_lancer')
		).toBe(true);

		const f38 = ficheByNumber('38');
		expect(f38.tocTitle).toBeTruthy();
		expect(f38.title.startsWith('Organiser le développement')).toBe(true);
		expect(f38.indicators[0].kindLabel).toBe('De mise en œuvre');

		const f20 = ficheByNumber('20');
		expect(f20.title).toBe(
			"Expérimenter la mise en œuvre de nouveaux dispositifs dédiés aux publics en parcours d'insertion sociale ou professionnelle"
		);
		expect(f20.steps).toHaveLength(2);
		expect(f20.steps.map((s) => s.children?.length)).toEqual([4, 4]);
		expect(f20.note).toBeTruthy();

		expect(ficheByNumber('34').priorityLabel).toBeNull();
		expect(ficheByNumber('11').results.quantitative).toEqual([]);
		expect(ficheByNumber('11').results.qualitative).toHaveLength(4);
		expect(ficheByNumber('40').results.unclassified).toHaveLength(2);
		expect(ficheByNumber('33').results.qualitative[0].children).toHaveLength(3);

		const f33 = ficheByNumber('33').indicators.find((i) =>
			i.label.startsWith("Nombre d'acteurs formés annuellement")
		)!;
		expect(f33.targets.map((t) => t.year)).toEqual([2017, 2018, 2019, 2020, 2021]);
		expect(f33.targets.every((t) => t.value === 24)).toBe(true);

		const f2 = ficheByNumber('2').indicators.find((i) => i.breakdown)!;
		expect(f2.breakdown).toEqual({
			label: 'Public',
			values: ['Auprès des parents', 'Auprès des professionnels']
		});
	});

	it('sets an indicator unit only where the wording would infer another one', () => {
		for (const fiche of fiches)
			for (const indicator of fiche.indicators) {
				if (indicator.unit) {
					const inferred = inferMeasures(indicator.label);
					const same = inferred.length === 1 && inferred[0].unit === indicator.unit;
					// Explicit units restate the inference only when the booklet is unclear (with a note).
					if (same)
						expect(indicator.note, `fiche ${fiche.number}: ${indicator.label}`).toBeTruthy();
				}
				if (indicator.unit || indicator.measures || indicator.breakdown || indicator.targets.length)
					expect(indicator.note, `fiche ${fiche.number}: ${indicator.label}`).toBeTruthy();
			}
	});
});

describe('Haute-Vienne 2017–2021 seed: organisations', () => {
	const orgs = doc.organisations.map((o) => ({
		id: o.key,
		name: o.name,
		shortName: o.shortName,
		aliases: o.aliases
	}));
	const keys = new Set(doc.organisations.map((o) => o.key));

	it('has unique keys', () => {
		expect(keys.size).toBe(doc.organisations.length);
	});

	it('resolves every actor to an organisation, or keeps it as listed free text', () => {
		for (const fiche of fiches)
			for (const actor of [...fiche.pilots, ...fiche.partners]) {
				const where = `fiche ${fiche.number}: ${actor.label}`;
				if (actor.org) {
					expect(keys.has(actor.org), where).toBe(true);
				} else if (FREE_TEXT_LABELS.includes(actor.label)) {
					expect(actor.freeText, where).toBe(true);
					expect(matchOrganisation(actor.label, orgs), where).toBeNull();
				} else {
					expect(actor.freeText, where).toBeFalsy();
					expect(matchOrganisation(actor.label, orgs), where).not.toBeNull();
				}
			}
	});

	it('resolves no free-text label to an organisation', () => {
		for (const label of FREE_TEXT_LABELS) expect(matchOrganisation(label, orgs), label).toBeNull();
	});

	it('resolves the spellings of one organisation to it', () => {
		const key = (label: string) => matchOrganisation(label, orgs)?.id;
		for (const label of [
			"Caisse d'Allocations Familiales",
			"Caisse d'Allocations Familiales 87",
			"Caisse d'Allocations Familiales F87",
			'Caf'
		])
			expect(key(label), label).toBe('caf-87');
		for (const label of [
			'Conseil départemental',
			'Conseil Départemental',
			"Conseil départemental (Direction de l'Insertion notamment)"
		])
			expect(key(label), label).toBe('cd-87');
		for (const label of [
			'Mutualité Sociale Agricole',
			'Mutualité Social Agricole',
			'Mutualité sociale agricole'
		])
			expect(key(label), label).toBe('msa');
		for (const label of ['Agglomération de Limoges', "Communauté d'Agglomération"])
			expect(key(label), label).toBe('limoges-metropole');
		for (const label of ['DDCSPP', 'DDSCPP']) expect(key(label), label).toBe('ddcspp-87');
		for (const label of [
			'Comité technique et de financement départemental CLAS',
			'Comité technique et de financement départemental Clas'
		])
			expect(key(label), label).toBe('comite-clas-87');
		for (const label of [
			'Association des maires et élus de la Haute-Vienne',
			'Association des maires et élus du département'
		])
			expect(key(label), label).toBe('association-maires-87');
		expect(key('Etat')).toBe('etat');
		expect(key('Education nationale')).toBe('education-nationale');
		expect(key('Pôle emploi')).toBe('pole-emploi');
	});
});
