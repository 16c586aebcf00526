import { error, fail, redirect } from '@sveltejs/kit';
import { dashboardQueryString, parseDashboardQuery } from '$lib/domain/dashboard';
import { getDb } from '$lib/server/app-db';
import { ensureCanReadScheme, requireAdministrator } from '$lib/server/auth/guards';
import { getCachedDashboard, overrideMeteo } from '$lib/server/dashboard/dashboard.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const query = parseDashboardQuery(event.url.searchParams);
	const result = await getCachedDashboard(getDb(), event.locals.user, event.params.scheme, query);
	if (!result.ok) {
		if (result.reason === 'forbidden') {
			// A private scheme: an anonymous visitor is sent to the sign-in page and back.
			ensureCanReadScheme(event, { visibility: 'private' });
			error(403, { message: result.message });
		}
		error(404, {
			message: 'Schéma introuvable',
			hint: `Aucun schéma ne porte l’identifiant « ${event.params.scheme} ». Retrouvez la liste des schémas sur la page d’accueil.`
		});
	}
	const dashboard = result.dashboard;
	return {
		dashboard,
		// A period named in the link but unknown: the page says which one it shows instead.
		unknownPeriod: query.periode && query.periode !== dashboard.period?.code ? query.periode : null,
		// After a save (?ajuste=<fiche>, the redirect below): the fiche, to say so.
		saved: dashboard.fiches.find((f) => f.slug === event.url.searchParams.get('ajuste')) ?? null,
		// The fiche whose override form is open: only for those who may override, and a fiche shown.
		adjusting: dashboard.canOverride
			? (dashboard.fiches.find((f) => f.slug === event.url.searchParams.get('ajuster'))?.slug ??
				null)
			: null
	};
};

export const actions: Actions = {
	/** The coordinator overrides (or withdraws) a fiche's weather for a period, with a reason. */
	override: async (event) => {
		const admin = requireAdministrator(event);
		const form = Object.fromEntries(await event.request.formData());
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
