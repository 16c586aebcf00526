import { error } from '@sveltejs/kit';
import { organisationEditSchema, pickValues } from '$lib/domain/account-forms';
import { ORGANISATION_TYPE_LABELS } from '$lib/domain/enums';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { getDb } from '$lib/server/app-db';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { failAccountForm, readFormData } from '$lib/server/http/forms';
import {
	getOrganisation,
	listOrganisationHistory,
	updateOrganisation
} from '$lib/server/organisations/organisations.service';
import { listTerritoryChoices } from '$lib/server/territories/territories.queries';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = {
	message: 'Organisation introuvable',
	hint: 'Aucune organisation ne porte cet identifiant. Retrouvez-les toutes dans la liste des organisations.'
};

export const load: PageServerLoad = async (event) => {
	requirePlatformAdmin(event);
	const db = getDb();
	const organisation = await getOrganisation(db, event.params.slug);
	if (!organisation) error(404, NOT_FOUND);
	const [history, territories] = await Promise.all([
		listOrganisationHistory(db, organisation.id),
		listTerritoryChoices(db)
	]);
	return { organisation, created: event.url.searchParams.has('creee'), history, territories };
};

export const actions: Actions = {
	update: async (event) => {
		const admin = requirePlatformAdmin(event);
		const form = Object.fromEntries(await readFormData(event.request));
		const values = pickValues(form, [
			'name',
			'shortName',
			'type',
			'aliases',
			'territoryId',
			'version'
		]);
		const parsed = organisationEditSchema.safeParse(form);
		if (!parsed.success) return failAccountForm(400, values, fieldErrors(parsed.error));
		// The organisation comes from the address, never from the form.
		const result = await updateOrganisation(
			getDb(),
			admin,
			event.params.slug,
			parsed.data,
			parsed.data.version
		);
		if (result.ok) return { saved: true };
		if (result.reason === 'invalid')
			return failAccountForm(400, values, { [result.field]: result.message });
		if (result.reason === 'conflict') {
			const territories = await listTerritoryChoices(getDb());
			const territoryName = (id: number | null) =>
				territories.find((t) => t.id === id)?.label ?? 'Nationale';
			// Someone saved first: nothing was written; show both versions side by side.
			const { current } = result;
			return failAccountForm(409, values, {}, [
				{ label: 'Nom', mine: parsed.data.name, saved: current.name },
				{ label: 'Nom court', mine: parsed.data.shortName, saved: current.shortName },
				{
					label: 'Type',
					mine: ORGANISATION_TYPE_LABELS[parsed.data.type],
					saved: ORGANISATION_TYPE_LABELS[current.type]
				},
				{
					label: 'Autres appellations',
					mine: parsed.data.aliases.join('\n'),
					saved: current.aliases.join('\n')
				},
				{
					label: 'Territoire',
					mine: territoryName(parsed.data.territoryId),
					saved: territoryName(current.territoryId)
				}
			]);
		}
		if (result.reason === 'not_found') error(404, NOT_FOUND);
		error(403, { message: 'Accès réservé aux administrateurs de la plateforme.' });
	}
};
