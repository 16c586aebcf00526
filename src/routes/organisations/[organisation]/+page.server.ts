import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/policy';
import { getDb } from '$lib/server/app-db';
import { getOrganisationPage } from '$lib/server/plan/plan.service';
import type { PageServerLoad } from './$types';

type OrgFiche = NonNullable<Awaited<ReturnType<typeof getOrganisationPage>>>['fiches'][number];

/** Fiches of one role grouped by scheme, schemes in the order they come. */
function groupByScheme(fiches: OrgFiche[]) {
	const groups: { slug: string; title: string; fiches: OrgFiche[] }[] = [];
	for (const fiche of fiches) {
		let group = groups.find((g) => g.slug === fiche.schemeSlug);
		if (!group) {
			group = { slug: fiche.schemeSlug, title: fiche.schemeTitle, fiches: [] };
			groups.push(group);
		}
		// An organisation named twice on one fiche (two spellings) is listed once.
		if (!group.fiches.some((f) => f.slug === fiche.slug)) group.fiches.push(fiche);
	}
	return groups;
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const page = await getOrganisationPage(getDb(), params.organisation);
	if (!page) {
		error(404, {
			message: 'Organisation introuvable',
			hint: `Aucune organisation ne porte l’identifiant « ${params.organisation} ». Les pilotes et partenaires sont accessibles depuis les fiches actions de chaque schéma.`
		});
	}
	// Fiches of private schemes are listed only to their members; the others are not even counted.
	const readable = page.fiches.filter((f) =>
		can(locals.user, 'scheme.read', { schemeId: f.schemeId, visibility: f.schemeVisibility })
	);
	return {
		organisation: page.organisation,
		aliases: page.aliases,
		piloted: groupByScheme(readable.filter((f) => f.role === 'pilot')),
		partnered: groupByScheme(readable.filter((f) => f.role === 'partner'))
	};
};
