import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/policy';
import { getDb } from '$lib/server/app-db';
import { currentScheme } from '$lib/server/auth/guards';
import { listReportChoices, loadAnnualReport } from '$lib/server/excel-report/report.service';
import type { PageServerLoad } from './$types';

// The annual report page: choose a year or a period, read its synthesis, download the workbook.
export const load: PageServerLoad = async (event) => {
	const db = getDb();
	const user = event.locals.user;
	const listed = await listReportChoices(db, user, event.params.scheme);
	if (!listed.ok) {
		if (listed.reason === 'forbidden') {
			error(403, { message: listed.message });
		}
		error(404, {
			message: 'Schéma introuvable',
			hint: `Aucun schéma ne porte l’identifiant « ${event.params.scheme} ». Retrouvez la liste des schémas sur la page d’accueil.`
		});
	}
	const asked = event.url.searchParams.get('periode')?.trim().toUpperCase() || null;
	const known = asked ? listed.choices.find((c) => c.code === asked) : undefined;
	const chosen = known ?? listed.choices[0] ?? null;
	const result = chosen ? await loadAnnualReport(db, user, listed.scheme.slug, chosen.code) : null;
	const report = result?.ok ? result.report : null;
	return {
		scheme: listed.scheme,
		choices: listed.choices,
		unknownPeriod: asked && !known ? asked : null,
		selected: chosen?.code ?? null,
		isAdministrator: can(user, 'scheme.readDrafts', currentScheme(event)),
		summary: report
			? {
					label: report.selection.label,
					startsOn: report.selection.startsOn,
					endsOn: report.selection.endsOn,
					periods: report.periods,
					meteoPeriod: report.meteoPeriod,
					dataAsOf: report.dataAsOf,
					demo: report.demo,
					allFigures: report.allFigures,
					axisLabel: report.scheme.levelLabels[0] ?? 'Axe',
					axes: report.axes,
					total: report.total,
					counts: {
						fiches: report.fiches.length,
						lines: report.lines.length,
						bilans: report.bilans.length
					}
				}
			: null
	};
};
