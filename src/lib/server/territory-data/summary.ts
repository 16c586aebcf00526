import { SERIES_BY_KEY } from '$lib/domain/territory-data';
import { formatDateTime, formatNumber, pluralize } from '$lib/ui/format';
import type { ImportSummary } from './territory-data.service';

// What an import did (or would do), in French sentences: printed by `npm run context:import` and
// shown by the upload preview.

const SCALE_LABEL = {
	national: 'national',
	departement: 'par département',
	epci: 'par EPCI',
	commune: 'par commune'
} as const;
const ENCODING_LABEL = {
	'utf-8': 'UTF-8',
	'utf-8-bom': 'UTF-8 avec BOM',
	'windows-1252': 'Windows-1252'
} as const;

export function describeFile(summary: ImportSummary): string {
	const years =
		summary.years.length > 1
			? `${summary.years[0]}–${summary.years[summary.years.length - 1]}`
			: String(summary.years[0]);
	const kind = summary.fileKind.startsWith('nbpla')
		? 'places'
		: summary.fileKind.startsWith('txcouv_nbpla')
			? 'taux de couverture et places'
			: 'taux de couverture';
	return `Fichier « ${summary.fileName} » reconnu : CNAF ${summary.fileKind}, ${kind} ${SCALE_LABEL[summary.scale]}, ${years} (${ENCODING_LABEL[summary.encoding]}).`;
}

export function describeSummary(summary: ImportSummary, dryRun = false): string[] {
	const lines = [describeFile(summary)];
	if (summary.outcome === 'already_imported') {
		const previous = summary.previousImport!;
		lines.push(
			`Ce fichier a déjà été importé le ${formatDateTime(previous.importedAt)} (« ${previous.fileName} ») : rien n’a changé.`
		);
		return lines;
	}
	const series = summary.series.map((k) => SERIES_BY_KEY.get(k)?.label ?? k).join(', ');
	lines.push(`Séries : ${series}.`);
	lines.push(
		`${pluralize(summary.rows, 'ligne')} de territoire${summary.placeholderLines.length ? `, ${pluralize(summary.placeholderLines.length, 'ligne')} « XX » ignorée${summary.placeholderLines.length > 1 ? 's' : ''} (hors territoire)` : ''}.`
	);
	const { created, renamed } = summary.territories;
	lines.push(
		`Territoires : ${formatNumber(created)} ${dryRun ? 'à créer' : `créé${created > 1 ? 's' : ''}`}, ${formatNumber(renamed)} ${dryRun ? 'à renommer' : `renommé${renamed > 1 ? 's' : ''}`}.`
	);
	const v = summary.values;
	lines.push(
		`Valeurs : ${formatNumber(v.new)} nouvelle${v.new > 1 ? 's' : ''}, ${formatNumber(v.revised)} révisée${v.revised > 1 ? 's' : ''} (l’ancienne valeur est gardée dans l’historique), ${formatNumber(v.unchanged)} inchangée${v.unchanged > 1 ? 's' : ''} ; dont ${formatNumber(v.notPublished)} « non diffusé${v.notPublished > 1 ? 's' : ''} ».`
	);
	if (summary.figures)
		lines.push(
			`Indicateurs alimentés par ces séries : ${pluralize(summary.figures, 'chiffre')} ${dryRun ? 'à mettre à jour' : `mis à jour`}.`
		);
	if (summary.ignoredColumns.length)
		lines.push(`Colonnes non utilisées : ${summary.ignoredColumns.join(', ')}.`);
	return lines;
}
