import { error, fail, redirect } from '@sveltejs/kit';
import { dashboardQueryString, parseDashboardQuery } from '$lib/domain/dashboard';
import { getDb } from '$lib/server/app-db';
import { shortenList } from '$lib/ui/short-list';
import { authorizeUser } from '$lib/server/auth/guards';
import { getCachedDashboard, overrideMeteo } from '$lib/server/dashboard/dashboard.service';
import { listSchemeFunding, sumFunding } from '$lib/server/funding/funding.service';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

/** Rows of a long list shown before « Afficher les N autres ». */
const FIRST_ROWS = 10;
/** Fiches of the weather table shown first: a whole departmental plan up to this size. */
const FIRST_FICHES = 20;
/** The lists that `?tout=<name>` shows in full. */
const DASHBOARD_LISTS = ['meteo', 'hors-cible', 'jalons', 'sans-maj'] as const;
type DashboardList = (typeof DASHBOARD_LISTS)[number];

export const load: PageServerLoad = async (event) => {
	const query = parseDashboardQuery(event.url.searchParams);
	const result = await getCachedDashboard(getDb(), event.locals.user, event.params.scheme, query);
	if (!result.ok) {
		if (result.reason === 'forbidden') {
			// A private scheme: an anonymous visitor is sent to the sign-in page and back.
			error(403, { message: result.message });
		}
		error(404, {
			message: 'Schéma introuvable',
			hint: `Aucun schéma ne porte l’identifiant « ${event.params.scheme} ». Retrouvez la liste des schémas sur la page d’accueil.`
		});
	}
	const { fiches, offTarget, lateMilestones, stale, totals, ...dashboard } = result.dashboard;
	const saved = fiches.find((f) => f.slug === event.url.searchParams.get('ajuste'));
	// Long lists show their first rows; `?tout=<list>` (a plain link, kept with the filters) shows
	// all. Only what the page renders is sent: the page data is serialised on every request.
	const expanded = event.url.searchParams.getAll('tout');
	const firstRows = <T>(name: DashboardList, rows: T[]) =>
		shortenList(rows, expanded.includes(name), FIRST_ROWS);
	// The fiche being adjusted, or just adjusted, stays in view even past the first rows.
	const focus = event.url.searchParams.get('ajuster') ?? event.url.searchParams.get('ajuste');
	const focusIndex = fiches.findIndex((f) => f.slug === focus);
	// Funding by axis, planned vs spent (issue 17): every year of the scheme.
	const funding = event.locals.scheme
		? sumFunding(
				await listSchemeFunding(getDb(), event.locals.scheme.schemeId),
				(l) => l.axisCode ?? 'Sans axe'
			)
		: [];
	return {
		funding,
		dashboard: {
			...dashboard,
			totals: { fiches: totals.fiches, allFiches: totals.allFiches, byMeteo: totals.byMeteo }
		},
		lists: {
			meteo: shortenList(
				// axisCode only serves the filters, already applied on the server.
				fiches.map(({ axisCode: _axisCode, ...fiche }) => fiche),
				expanded.includes('meteo') || focusIndex >= FIRST_FICHES,
				FIRST_FICHES
			),
			offTarget: firstRows(
				'hors-cible',
				offTarget.map((row) => ({
					fiche: { number: row.fiche.number, slug: row.fiche.slug },
					indicator: { id: row.indicator.id, label: row.indicator.label, unit: row.indicator.unit },
					periodCode: row.periodCode,
					value: row.value,
					target: row.target
				}))
			),
			lateMilestones: firstRows(
				'jalons',
				lateMilestones.map((row) => ({
					fiche: { number: row.fiche.number, slug: row.fiche.slug },
					label: row.label,
					dueOn: row.dueOn,
					monthsLate: row.monthsLate,
					severe: row.severe
				}))
			),
			stale: firstRows('sans-maj', stale)
		},
		expanded: DASHBOARD_LISTS.filter((name) => expanded.includes(name)),
		// A period named in the link but unknown: the page says which one it shows instead.
		unknownPeriod: query.periode && query.periode !== dashboard.period?.code ? query.periode : null,
		// An axis or pilot named in a shared link but unknown here: the view is empty, and says why.
		unknownFilters: [
			query.axe && !dashboard.options.axes.some((a) => a.code === query.axe)
				? `${dashboard.scheme.axisLabel.toLowerCase()} « ${query.axe} »`
				: null,
			query.pilote && !dashboard.options.pilots.some((p) => p.slug === query.pilote)
				? `organisation pilote « ${query.pilote} »`
				: null
		].filter((filter) => filter !== null),
		// After a save (?ajuste=<fiche>, the redirect below): the fiche, to say so.
		saved: saved
			? { number: saved.number, computed: saved.computed, override: saved.override?.meteo ?? null }
			: null,
		// The fiche whose override form is open: only for those who may override, and a fiche shown.
		adjusting: dashboard.canOverride
			? (fiches.find((f) => f.slug === event.url.searchParams.get('ajuster'))?.slug ?? null)
			: null
	};
};

export const actions: Actions = {
	/** The coordinator overrides (or withdraws) a fiche's weather for a period, with a reason. */
	override: async (event) => {
		const admin = authorizeUser(event, 'figure.review');
		const form = Object.fromEntries(await readFormData(event.request));
		const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
		const values = {
			fiche: text('fiche'),
			periode: text('periode'),
			meteo: text('meteo'),
			reason: text('reason'),
			version: text('version')
		};
		const version = /^\d+$/.test(values.version) ? Number(values.version) : -1;
		// The scheme comes from the route; the service finds fiche and period inside it only.
		const result = await overrideMeteo(
			getDb(),
			admin,
			{ scheme: event.params.scheme, fiche: values.fiche, period: values.periode },
			{ meteo: values.meteo, reason: values.reason },
			version
		);
		if (result.ok) {
			// Post/redirect/get: back to the same view, form closed, the saved fiche in view.
			const query = dashboardQueryString(parseDashboardQuery(event.url.searchParams));
			const slug = encodeURIComponent(values.fiche);
			redirect(
				303,
				`${event.url.pathname}${query}${query ? '&' : '?'}ajuste=${slug}#fiche-meteo-${slug}`
			);
		}
		switch (result.reason) {
			case 'not_found':
				error(404, { message: 'Fiche ou période introuvable', hint: result.message });
				break;
			case 'forbidden':
				error(403, { message: result.message });
				break;
			case 'invalid':
				return fail(400, { fiche: values.fiche, values, errors: result.errors });
			case 'conflict':
				return fail(409, {
					fiche: values.fiche,
					values,
					conflict: { message: result.message, current: result.current }
				});
		}
	}
};
