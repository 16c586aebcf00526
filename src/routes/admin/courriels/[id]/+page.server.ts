import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { getOutboxMail } from '$lib/server/mail/mail-admin.service';
import type { PageServerLoad } from './$types';

const NOT_FOUND = {
	message: 'Courriel introuvable',
	hint: 'Aucun courriel ne porte ce numéro. Retrouvez-les tous dans la liste des courriels envoyés.'
};

export const load: PageServerLoad = async (event) => {
	const admin = requirePlatformAdmin(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, NOT_FOUND);
	const result = await getOutboxMail(getDb(), admin, id);
	if (!result.ok) {
		if (result.reason === 'not_found') error(404, NOT_FOUND);
		error(403, { message: 'Accès réservé aux administrateurs de la plateforme.' });
	}
	return { mail: result.mail };
};
