import { applyAction } from '$app/forms';
import { invalidateAll } from '$app/navigation';
import type { SubmitFunction } from '@sveltejs/kit';

/**
 * Like the default `use:enhance`, but a refused change (conflict, invalid move) reloads the page
 * data too: the message then sits next to the current state, not the one the form was based on.
 */
export const refreshAlways: SubmitFunction = () => {
	return async ({ result, update }) => {
		if (result.type === 'failure') {
			await invalidateAll();
			await applyAction(result);
			return;
		}
		await update();
	};
};
