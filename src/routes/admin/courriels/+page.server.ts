import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { listOutbox } from '$lib/server/mail/mail-admin.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const admin = requirePlatformAdmin(event);
	const before = Number(event.url.searchParams.get('avant'));
	const result = await listOutbox(
		getDb(),
		admin,
		Number.isSafeInteger(before) && before > 0 ? before : null
	);
	if (!result.ok) error(403, { message: 'Accès réservé aux administrateurs de la plateforme.' });
	const { ok: _ok, ...page } = result;
	return { ...page, paged: event.url.searchParams.has('avant') };
};
