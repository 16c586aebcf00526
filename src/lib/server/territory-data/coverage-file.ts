import { SERIES_BY_KEY } from '$lib/domain/territory-data';
import type { TerritoryScale } from '../db/schema';

// Reads a CNAF coverage-rate or places file (txcouv_pe_*, nbpla_pe_*) as the open-data portal
// exports it: semicolon CSV, header with field names (`numepci;annee;txcouv_epci`) or French labels
// (« Numéro EPCI;Date référence;Taux de couv global »), decimal commas, UTF-8 with or without BOM
// or Windows-1252. The file is recognised by its header only; any row it cannot read makes the
// whole file refused, with the line named. Pure: no database.

export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

export type CoverageRow = {
	/** Physical line of the file (the header is line 1). */
	line: number;
	code: string;
	name: string | null;
	year: number;
	departementCode: string | null;
	departementName: string | null;
	epciCode: string | null;
	epciName: string | null;
	/** Series key → value; null is « non diffusé » (a blank cell), never 0. */
	values: Record<string, number | null>;
};

export type CoverageFile = {
	kind: string;
	scale: TerritoryScale;
	encoding: FileEncoding;
	headerStyle: 'fields' | 'labels';
	series: string[];
	/** Header cells not used (shown in the preview). */
	ignoredColumns: string[];
	rows: CoverageRow[];
	/** Lines `XX` / `XXX`: aggregates of communes outside any EPCI, not territories. */
	placeholderLines: number[];
	years: number[];
};

export type CoverageFileResult =
	{ ok: true; file: CoverageFile } | { ok: false; message: string; line: number | null };

/** Decodes bytes as the portals write them: UTF-8 (BOM or not), else Windows-1252. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: FileEncoding } {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
		return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
	}
}

type CsvRecord = { line: number; cells: string[] };

/** Splits CSV text into records (quotes, doubled quotes, CRLF or LF), keeping each record's line. */
export function parseCsv(text: string, separator: string): CsvRecord[] {
	const records: CsvRecord[] = [];
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let line = 1;
	let start = 1;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i++;
				} else quoted = false;
			} else {
				if (ch === '\n') line++;
				cell += ch;
			}
		} else if (ch === '"' && cell === '') quoted = true;
		else if (ch === separator) {
			cells.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			cells.push(cell);
			records.push({ line: start, cells });
			cells = [];
			cell = '';
			line++;
			start = line;
		} else cell += ch;
	}
	if (cell !== '' || cells.length) {
		cells.push(cell);
		records.push({ line: start, cells });
	}
	return records.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

/** « Numéro EPCI » → `numero_epci`: lower case, no accents, one underscore between words. */
export function normaliseHeader(cell: string): string {
	return cell
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

type Role =
	| { role: 'code'; scale: Exclude<TerritoryScale, 'national'> }
	| { role: 'name'; scale: Exclude<TerritoryScale, 'national'> }
	| { role: 'year' }
	| { role: 'series'; key: string; scale: TerritoryScale | null };

const SCALE_SUFFIX: Record<string, TerritoryScale> = {
	dep: 'departement',
	epci: 'epci',
	com: 'commune',
	nat: 'national'
};
const FIELD_CODE: Record<string, Exclude<TerritoryScale, 'national'>> = {
	numdep: 'departement',
	numepci: 'epci',
	numcom: 'commune',
	codgeo: 'commune'
};
const FIELD_NAME: Record<string, Exclude<TerritoryScale, 'national'>> = {
	nomdep: 'departement',
	libdep: 'departement',
	nomepci: 'epci',
	libepci: 'epci',
	nomcom: 'commune',
	libcom: 'commune',
	libgeo: 'commune'
};
const LABEL_SCALE: Record<string, Exclude<TerritoryScale, 'national'>> = {
	departement: 'departement',
	epci: 'epci',
	commune: 'commune'
};

/** The care mode a French label names (`taux_de_couv_eaje_psu` → `psu_col`); '' for the total. */
function modeOfLabel(label: string): string | null {
	if (/hors_psu|micro/.test(label)) return 'hors_psu_col';
	if (/psu/.test(label)) return 'psu_col';
	if (/eaje/.test(label)) return 'eaje';
	if (/assist/.test(label)) return 'am_ind';
	if (/garde|domicile/.test(label)) return 'gad_ind';
	if (/prescol|scolari/.test(label)) return 'prescol';
	if (/global|total|ensemble/.test(label)) return '';
	return null;
}

function roleOf(header: string): Role | null {
	const h = normaliseHeader(header);
	if (h in FIELD_CODE) return { role: 'code', scale: FIELD_CODE[h] };
	if (h in FIELD_NAME) return { role: 'name', scale: FIELD_NAME[h] };
	if (h === 'annee' || h === 'date_reference' || h === 'date_de_reference') return { role: 'year' };
	const label = /^(numero|code|nom|libelle)_(departement|epci|commune)$/.exec(h);
	if (label)
		return {
			role: label[1] === 'numero' || label[1] === 'code' ? 'code' : 'name',
			scale: LABEL_SCALE[label[2]]
		};
	const field = /^(.+)_(dep|epci|com|nat)$/.exec(h);
	if (field && SERIES_BY_KEY.has(field[1]))
		return { role: 'series', key: field[1], scale: SCALE_SUFFIX[field[2]] };
	if (/^taux_de_couv/.test(h)) {
		const mode = modeOfLabel(h.replace(/^taux_de_couv(erture)?/, ''));
		if (mode !== null)
			return { role: 'series', key: mode ? `txcouv_${mode}` : 'txcouv', scale: null };
	}
	if (/^(offre_totale|total_offre|tot_offre)/.test(h))
		return { role: 'series', key: 'tot_offre', scale: null };
	if (/^(nombre_de_places|nb_places|nombre_places|places)/.test(h)) {
		const mode = modeOfLabel(h.replace(/^(nombre_de_places|nb_places|nombre_places|places)/, ''));
		if (mode) return { role: 'series', key: `pl_${mode}`, scale: null };
		if (mode === '') return { role: 'series', key: 'tot_offre', scale: null };
	}
	return null;
}

const PLACEHOLDER = /^X+$/i;
const CODE_PATTERN: Record<Exclude<TerritoryScale, 'national'>, RegExp> = {
	departement: /^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/,
	epci: /^\d{9}$/,
	commune: /^(\d{5}|2[AB]\d{3})$/
};
const CODE_LABEL: Record<Exclude<TerritoryScale, 'national'>, string> = {
	departement: 'un numéro de département (« 87 », « 2A », « 974 »)',
	epci: 'un numéro d’EPCI (SIREN à 9 chiffres)',
	commune: 'un code commune INSEE à 5 caractères'
};

/** A code as written, with the leading zero a spreadsheet may have dropped put back. */
function normaliseCode(raw: string, scale: Exclude<TerritoryScale, 'national'>): string {
	const code = raw.trim().toUpperCase();
	if (scale === 'departement' && /^\d$/.test(code)) return `0${code}`;
	if (scale === 'commune' && /^\d{4}$/.test(code)) return `0${code}`;
	if (scale === 'commune' && /^[AB]\d{3}$/.test(code)) return `2${code}`;
	return code;
}

/** The year of the column « Date référence » / `annee`: 2023, 2023.0, 2023-12-31, 31/12/2023. */
export function parseYear(raw: string): number | null {
	const v = raw.trim();
	const match =
		/^(\d{4})(?:[.,]0+)?$/.exec(v) ??
		/^(\d{4})-\d{2}-\d{2}(?:[T ].*)?$/.exec(v) ??
		/^\d{1,2}\/\d{1,2}\/(\d{4})(?: .*)?$/.exec(v);
	if (!match) return null;
	const year = Number(match[1]);
	return year >= 1990 && year <= 2100 ? year : null;
}

const NOT_PUBLISHED = new Set(['', 'nd', 'n.d.', 'n/d', 'non diffuse', 'non diffusé']);

/** A French number (« 57,4 », « 1 234 »); null for « non diffusé »; undefined when unreadable. */
export function parseFrenchNumber(raw: string): number | null | undefined {
	const v = raw.trim();
	if (NOT_PUBLISHED.has(v.toLowerCase())) return null;
	const compact = v.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
	if (!/^\d+(\.\d+)?$/.test(compact)) return undefined;
	return Number(compact);
}

function pickSeparator(headerLine: string): string {
	const counts = [';', '\t', ','].map((s) => [s, headerLine.split(s).length - 1] as const);
	const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
	return best[1] > 0 ? best[0] : ';';
}

const UNRECOGNISED =
	'Fichier non reconnu : ce n’est pas un fichier CNAF de taux de couverture ou de places (txcouv_pe_…, nbpla_pe_…). La première ligne doit nommer le territoire (« Numéro EPCI », numepci…), l’année (« Date référence », annee) et au moins une série (« Taux de couv global », txcouv_epci…).';

const SCALE_LABEL: Record<TerritoryScale, string> = {
	national: 'national',
	departement: 'département',
	epci: 'EPCI',
	commune: 'commune'
};

/** Reads and checks a whole file; nothing is partly accepted. */
export function readCoverageFile(bytes: Uint8Array): CoverageFileResult {
	const { text, encoding } = decodeText(bytes);
	const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
	const records = parseCsv(text, pickSeparator(firstLine));
	if (records.length === 0) return { ok: false, message: UNRECOGNISED, line: null };
	const [header, ...body] = records;
	const roles = header.cells.map(roleOf);

	const codeColumns = roles.flatMap((r, i) => (r?.role === 'code' ? [{ i, scale: r.scale }] : []));
	const nameColumns = roles.flatMap((r, i) => (r?.role === 'name' ? [{ i, scale: r.scale }] : []));
	const yearColumn = roles.findIndex((r) => r?.role === 'year');
	const seriesColumns = roles.flatMap((r, i) => (r?.role === 'series' ? [{ i, ...r }] : []));
	if (yearColumn < 0 || seriesColumns.length === 0)
		return { ok: false, message: UNRECOGNISED, line: 1 };

	// The scale: the finest territory the file names, else the suffix of its series (`_nat`).
	const rank = { commune: 0, epci: 1, departement: 2 } as const;
	const finest = [...codeColumns].sort((a, b) => rank[a.scale] - rank[b.scale])[0];
	const suffixScales = new Set(seriesColumns.map((c) => c.scale).filter((s) => s !== null));
	const scale: TerritoryScale | null = finest
		? finest.scale
		: suffixScales.size === 1 && suffixScales.has('national')
			? 'national'
			: null;
	if (!scale) return { ok: false, message: UNRECOGNISED, line: 1 };
	const mismatch = seriesColumns.find((c) => c.scale !== null && c.scale !== scale);
	if (mismatch)
		return {
			ok: false,
			line: 1,
			message: `Fichier non reconnu : la colonne « ${header.cells[mismatch.i].trim()} » est à l’échelle ${SCALE_LABEL[mismatch.scale!]}, le fichier à l’échelle ${SCALE_LABEL[scale]}.`
		};
	const keys = seriesColumns.map((c) => c.key);
	const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
	if (duplicate)
		return {
			ok: false,
			line: 1,
			message: `Fichier non reconnu : deux colonnes donnent la même série (${SERIES_BY_KEY.get(duplicate)!.label}).`
		};

	const column = (role: 'code' | 'name', s: Exclude<TerritoryScale, 'national'>) =>
		(role === 'code' ? codeColumns : nameColumns).find((c) => c.scale === s)?.i ?? -1;
	const cellAt = (cells: string[], i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');

	const rows: CoverageRow[] = [];
	const placeholderLines: number[] = [];
	const seen = new Map<string, number>();
	for (const record of body) {
		const { cells, line } = record;
		if (
			cells.length > header.cells.length &&
			cells.slice(header.cells.length).some((c) => c.trim())
		)
			return {
				ok: false,
				line,
				message: `Ligne ${line} : ${cells.length} champs pour ${header.cells.length} colonnes (séparateur « ; » attendu, valeurs décimales avec une virgule non entre guillemets ?).`
			};
		let code = 'FR';
		if (scale !== 'national') {
			const raw = cellAt(cells, column('code', scale));
			if (PLACEHOLDER.test(raw)) {
				placeholderLines.push(line);
				continue;
			}
			code = normaliseCode(raw, scale);
			if (!CODE_PATTERN[scale].test(code))
				return {
					ok: false,
					line,
					message: `Ligne ${line} : « ${raw} » n’est pas ${CODE_LABEL[scale]}.`
				};
		}
		const year = parseYear(cellAt(cells, yearColumn));
		if (year === null)
			return {
				ok: false,
				line,
				message: `Ligne ${line} : l’année « ${cellAt(cells, yearColumn)} » est illisible (attendu 2023, 2023-12-31 ou 31/12/2023).`
			};
		const key = `${code}:${year}`;
		if (seen.has(key))
			return {
				ok: false,
				line,
				message: `Ligne ${line} : le territoire ${code} figure déjà ligne ${seen.get(key)} pour ${year}.`
			};
		seen.set(key, line);
		const values: Record<string, number | null> = {};
		for (const c of seriesColumns) {
			const raw = cellAt(cells, c.i);
			const value = parseFrenchNumber(raw);
			if (value === undefined)
				return {
					ok: false,
					line,
					message: `Ligne ${line} : « ${raw} » n’est pas un nombre (colonne « ${header.cells[c.i].trim()} ») ; laissez la cellule vide si la valeur n’est pas diffusée.`
				};
			values[c.key] = value;
		}
		const parent = (s: 'departement' | 'epci') => {
			if (scale === s || (s === 'epci' && scale !== 'commune')) return { code: null, name: null };
			const raw = cellAt(cells, column('code', s));
			if (!raw || PLACEHOLDER.test(raw)) return { code: null, name: null };
			const parentCode = normaliseCode(raw, s);
			return CODE_PATTERN[s].test(parentCode)
				? { code: parentCode, name: cellAt(cells, column('name', s)) || null }
				: { code: null, name: null };
		};
		const dep = scale === 'national' ? { code: null, name: null } : parent('departement');
		const epci = scale === 'commune' ? parent('epci') : { code: null, name: null };
		rows.push({
			line,
			code,
			name: scale === 'national' ? null : cellAt(cells, column('name', scale)) || null,
			year,
			departementCode: dep.code,
			departementName: dep.name,
			epciCode: epci.code,
			epciName: epci.name,
			values
		});
	}
	if (rows.length === 0)
		return { ok: false, line: null, message: 'Le fichier ne contient aucune ligne de territoire.' };

	const hasRates = keys.some((k) => k.startsWith('txcouv'));
	const hasPlaces = keys.some((k) => !k.startsWith('txcouv'));
	const stem = hasRates && hasPlaces ? 'txcouv_nbpla_pe' : hasRates ? 'txcouv_pe' : 'nbpla_pe';
	const suffix = { national: 'nat', departement: 'dep', epci: 'epci', commune: 'com' }[scale];
	const used = new Set<number>([yearColumn, ...seriesColumns.map((c) => c.i)]);
	for (const c of [...codeColumns, ...nameColumns]) used.add(c.i);
	return {
		ok: true,
		file: {
			kind: `${stem}_${suffix}`,
			scale,
			encoding,
			headerStyle: seriesColumns.some((c) => c.scale !== null) ? 'fields' : 'labels',
			series: keys,
			ignoredColumns: header.cells.filter((c, i) => !used.has(i) && c.trim()).map((c) => c.trim()),
			rows,
			placeholderLines,
			years: [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b)
		}
	};
}
