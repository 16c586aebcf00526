// The two conventions the forms grew up with. Their ids are what links, scripts and tests read,
// so each form keeps its own: 'account' (accounts, organisations, fiche editing) and 'admin'
// (plan administration, committees).

/**
 * - 'account': hint and error ids `<id>-hint` / `<id>-error`, the error under the control, no
 *   visible required mark (the control's `required` says it).
 * - 'admin': ids `<id>-aide` / `<id>-erreur`, the error above the control, required fields
 *   marked « * » (the page explains the asterisk).
 */
export type FieldVariant = 'account' | 'admin';

const SUFFIXES: Record<FieldVariant, { hint: string; error: string }> = {
	account: { hint: 'hint', error: 'error' },
	admin: { hint: 'aide', error: 'erreur' }
};

/** The ids of a field's hint and error, and the `aria-describedby` that ties them to it (error last). */
export function fieldMessageIds(
	id: string,
	variant: FieldVariant,
	hasHint: boolean,
	hasError: boolean
): { hintId: string; errorId: string; describedBy: string | undefined } {
	const hintId = `${id}-${SUFFIXES[variant].hint}`;
	const errorId = `${id}-${SUFFIXES[variant].error}`;
	const describedBy =
		[hasHint ? hintId : null, hasError ? errorId : null].filter(Boolean).join(' ') || undefined;
	return { hintId, errorId, describedBy };
}
