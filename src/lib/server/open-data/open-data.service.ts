import {
	INDICATOR_KIND_LABELS,
	INDICATOR_UNIT_LABELS,
	type IndicatorKind,
	type IndicatorUnit
} from '$lib/domain/enums';
import { FIGURE_STATUS_LABELS, periodLabel, type FigureStatus } from '$lib/domain/figures';
import { can, schemeResource } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { csvRow } from '../excel/safe-cell';
import * as q from './open-data.queries';
import { attachment } from '../http/download';

// Open data: every figure of a scheme as CSV (what French Excel opens with a double click: UTF-8
// with a byte order mark, ";" between fields, decimal comma, dates as 31/12/2018, CRLF) and as
// JSON with the same rows and native types.
//
// Who sees what: the coordination (administrators) gets every figure with its state; everyone
// else — readers, pilots, visitors of a public scheme — gets the VALIDATED figures only, so a
// draft or a figure waiting for review never leaves the application through open data.

export type OpenFigure = {
	department: string;
	scheme: string;
	fiche: string;
	ficheTitle: string;
	indicatorId: number;
	indicator: string;
	measure: string | null;
	kind: IndicatorKind;
	unit: IndicatorUnit;
	breakdown: string | null;
	breakdownValue: string | null;
	/** Official code of the territory a territorial breakdown value stands for (« 23 », a SIREN…). */
	territoryCode: string | null;
	period: string;
	periodLabel: string;
	startsOn: string;
	endsOn: string;
	/** A number (percentages in points: 12.5 means 12,5 %), a text, a boolean, or null. */
	value: number | string | boolean | null;
	notAvailable: boolean;
	comment: string | null;
	status: FigureStatus;
	/** Day of validation in Paris (ISO date), null when not validated. */
	validatedOn: string | null;
	demo: boolean;
};

export type OpenData = {
	scheme: { slug: string; title: string; departmentCode: string; departmentName: string };
	generatedAt: string;
	validatedOnly: boolean;
	figures: OpenFigure[];
};

export type OpenDataResult =
	{ ok: true; data: OpenData } | { ok: false; reason: 'not_found' | 'forbidden'; message: string };

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Paris',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** "2019-02-28T23:30:00Z" → "2019-03-01": the day people in France saw. */
function parisDay(iso: string | null): string | null {
	if (!iso) return null;
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? null : PARIS_DAY.format(date);
}

function valueOf(row: q.SchemeFigureRow): OpenFigure['value'] {
	if (row.not_available) return null;
	if (row.value_number !== null) return row.value_number;
	if (row.value_text === null) return null;
	return row.unit === 'oui_non' ? row.value_text === 'oui' : row.value_text;
}

/** Every figure of a scheme a reader may see (see the rule above). */
export async function getOpenData(
	db: Db,
	user: CurrentUser | null,
	schemeSlug: string
): Promise<OpenDataResult> {
	const scheme = await q.findScheme(db, schemeSlug);
	if (!scheme)
		return { ok: false, reason: 'not_found', message: `Aucun schéma « ${schemeSlug} ».` };
	if (!can(user, 'scheme.read', schemeResource(scheme)))
		return { ok: false, reason: 'not_found', message: `Aucun schéma « ${schemeSlug} ».` };
	const validatedOnly = !can(user, 'scheme.readDrafts', schemeResource(scheme));
	const rows = await q.listSchemeFigures(db, scheme.id, validatedOnly);
	return {
		ok: true,
		data: {
			scheme: {
				slug: scheme.slug,
				title: scheme.title,
				departmentCode: scheme.department_code,
				departmentName: scheme.department_name
			},
			generatedAt: new Date().toISOString(),
			validatedOnly,
			figures: rows.map((row) => ({
				department: scheme.department_code,
				scheme: scheme.slug,
				fiche: row.fiche_number,
				ficheTitle: row.fiche_title,
				indicatorId: row.indicator_id,
				indicator: row.indicator_label,
				measure: row.measure,
				kind: row.kind,
				unit: row.unit,
				breakdown: row.breakdown_value === null ? null : (row.breakdown_label ?? 'Ventilation'),
				breakdownValue: row.breakdown_value,
				territoryCode: row.territory_code,
				period: row.period_code,
				periodLabel: periodLabel({
					kind: row.period_kind,
					year: row.period_year,
					number: row.period_number
				}),
				startsOn: row.starts_on,
				endsOn: row.ends_on,
				value: valueOf(row),
				notAvailable: row.not_available === 1,
				comment: row.comment,
				status: row.status,
				validatedOn: row.status === 'valide' ? parisDay(row.reviewed_at) : null,
				demo: row.demo === 1
			}))
		}
	};
}

export const CSV_HEADERS = [
	'Département',
	'Schéma',
	'N° fiche',
	'Fiche',
	'N° indicateur',
	'Indicateur',
	'Mesure',
	'Nature',
	'Unité',
	'Ventilation',
	'Valeur de ventilation',
	'Code territoire',
	'Période',
	'Libellé de la période',
	'Début',
	'Fin',
	'Valeur',
	'Non disponible',
	'Commentaire',
	'État',
	'Validé le',
	'Chiffre fictif de démonstration'
];

/** 12.5 → "12,5"; 1234 → "1234" (no thousands separator: Excel reads it as a number). */
export function frenchDecimal(value: number): string {
	return String(value).replace('.', ',');
}

/** "2018-12-31" → "31/12/2018". */
export function frenchDate(iso: string | null): string | null {
	if (!iso) return null;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

function csvValue(figure: OpenFigure): string | null {
	if (figure.notAvailable) return null;
	if (typeof figure.value === 'number') return frenchDecimal(figure.value);
	if (typeof figure.value === 'boolean') return figure.value ? 'Oui' : 'Non';
	return figure.value;
}

const yesNo = (value: boolean) => (value ? 'Oui' : 'Non');

/**
 * The CSV file: BOM, header line, one line per figure. Every field goes through csvRow, which
 * neutralises text a spreadsheet would take for a formula (=, +, -, @…). Figures are never
 * negative (the entry rules refuse it), so a number never gets that treatment.
 */
export function openDataCsv(data: OpenData): string {
	const lines = [csvRow(CSV_HEADERS)];
	for (const f of data.figures) {
		lines.push(
			csvRow([
				f.department,
				f.scheme,
				f.fiche,
				f.ficheTitle,
				f.indicatorId,
				f.indicator,
				f.measure,
				INDICATOR_KIND_LABELS[f.kind],
				INDICATOR_UNIT_LABELS[f.unit],
				f.breakdown,
				f.breakdownValue,
				f.territoryCode,
				f.period,
				f.periodLabel,
				frenchDate(f.startsOn),
				frenchDate(f.endsOn),
				csvValue(f),
				yesNo(f.notAvailable),
				f.comment,
				FIGURE_STATUS_LABELS[f.status],
				frenchDate(f.validatedOn),
				yesNo(f.demo)
			])
		);
	}
	return '\uFEFF' + lines.join('');
}

/** "donnees-haute-vienne-2017-2021.csv" */
export function openDataFileName(data: OpenData, extension: 'csv' | 'json'): string {
	return `donnees-${data.scheme.slug}.${extension}`;
}

/** A CSV download: attachment, never cached (what a reader may see depends on who asks). */
export function csvResponse(text: string, fileName: string): Response {
	const body = new TextEncoder().encode(text);
	return new Response(body, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Length': String(body.byteLength),
			'Content-Disposition': attachment(fileName),
			'Cache-Control': 'private, no-store'
		}
	});
}
