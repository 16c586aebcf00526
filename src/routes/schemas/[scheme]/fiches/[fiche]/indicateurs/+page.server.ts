import { error, fail, redirect } from '@sveltejs/kit';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { indicatorFormSchema, reorderSchema } from '$lib/domain/structure-forms';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import {
	failFrom,
	failMalformed,
	idOf,
	readForm,
	versionOf
} from '$lib/server/plan-admin/form-actions';
import {
	createIndicator,
	deleteIndicator,
	getFicheIndicators,
	reorderIndicator
} from '$lib/server/plan-admin/indicators.service';
import {
	bindIndicatorSeries,
	listIndicatorSeries,
	listSeriesOptions,
	unbindIndicatorSeries
} from '$lib/server/plan-admin/indicator-series.service';
import { readSeriesChoice } from '$lib/domain/series-binding';
import { isBreakdownScope } from '$lib/domain/territorial-breakdown';
import {
	loadBreakdownScopes,
	setBreakdownScope
} from '$lib/server/plan-admin/territorial-breakdown.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorizeUser(event, 'scheme.configure');
	const page = await getFicheIndicators(getDb(), event.params);
	if (!page) error(404, { message: 'Fiche action introuvable' });
	const db = getDb();
	const ids = page.indicators.map((i) => i.id);
	const [seriesOptions, series, territorial] = await Promise.all([
		listSeriesOptions(db, page.scheme.id),
		listIndicatorSeries(db, ids),
		loadBreakdownScopes(db, page.scheme.id, ids)
	]);
	return {
		...page,
		seriesOptions,
		series,
		territorial,
		saved: idOf(event.url.searchParams.get('enregistre') ?? undefined)
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const target = 'create';
		const parsed = indicatorFormSchema.safeParse(values);
		if (!parsed.success) return fail(400, { target, values, errors: fieldErrors(parsed.error) });
		const result = await createIndicator(getDb(), user, event.params, parsed.data);
		if (!result.ok) return failFrom(result, { target, values });
		redirect(
			303,
			`${event.url.pathname}?enregistre=${result.indicatorId}#indicateur-${result.indicatorId}`
		);
	},

	reorder: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const id = idOf(values.indicatorId);
		const version = versionOf(values.version);
		const target = `indicator-${id}`;
		const parsed = reorderSchema.safeParse(values);
		if (!id || !version || !parsed.success) return failMalformed({ target });
		const result = await reorderIndicator(
			getDb(),
			user,
			event.params,
			id,
			parsed.data.direction,
			version
		);
		if (!result.ok) return failFrom(result, { target });
		return {
			target,
			done: parsed.data.direction === 'up' ? 'Indicateur monté.' : 'Indicateur descendu.'
		};
	},

	delete: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const id = idOf(values.indicatorId);
		const version = versionOf(values.version);
		const target = `indicator-${id}`;
		if (!id || !version) return failMalformed({ target });
		const result = await deleteIndicator(getDb(), user, event.params, id, version);
		if (!result.ok) return failFrom(result, { target });
		return { target: 'list', done: 'Indicateur supprimé.' };
	},

	bindSeries: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const id = idOf(values.indicatorId);
		const target = `series-${id}`;
		if (!id) return failMalformed({ target });
		const choice = readSeriesChoice(values.series);
		if (!choice) return fail(400, { target, values, errors: { series: 'Choisissez une série.' } });
		const result = await bindIndicatorSeries(getDb(), user, event.params, id, choice);
		if (!result.ok) return failFrom(result, { target, values });
		return {
			target,
			done: `Indicateur alimenté par la série (${result.figures} chiffre(s) écrit(s)).`
		};
	},

	breakdownScope: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values, formData } = await readForm(event.request);
		const id = idOf(values.indicatorId);
		const version = versionOf(values.version);
		const target = `scope-${id}`;
		if (!id || !version) return failMalformed({ target });
		const scope = values.scope ?? '';
		if (scope !== '' && !isBreakdownScope(scope))
			return fail(400, {
				target,
				values,
				errors: { breakdownScope: 'Choisissez une ventilation de la liste.' }
			});
		const codes = formData
			.getAll('departements')
			.filter((c): c is string => typeof c === 'string' && /^[0-9AB]{2,3}$/.test(c));
		const result = await setBreakdownScope(
			getDb(),
			user,
			event.params,
			id,
			scope === '' ? { scope: null, departementCodes: [] } : { scope, departementCodes: codes },
			version
		);
		if (!result.ok) return failFrom(result, { target, values });
		return {
			target,
			done:
				scope === ''
					? 'Ventilation redevenue libre : ses valeurs sont gardées.'
					: `Ventilation territoriale enregistrée (${result.values} territoire(s)).`
		};
	},

	unbindSeries: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const id = idOf(values.indicatorId);
		const target = `series-${id}`;
		if (!id) return failMalformed({ target });
		const result = await unbindIndicatorSeries(getDb(), user, event.params, id);
		if (!result.ok) return failFrom(result, { target, values });
		return {
			target,
			done: 'Indicateur détaché de sa série : les pilotes le saisissent à nouveau.'
		};
	}
};
