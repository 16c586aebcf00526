// What the admin form actions send back to their page (fail data or success data).

export type AdminFormState = {
	/** Which form on the page the answer is about (a page may hold many, one per node). */
	target?: string;
	/** What was typed, to fill the form again. */
	values?: Record<string, string | string[]>;
	/** { field: French message }; `_form` for a message about the whole form. */
	errors?: Record<string, string>;
	/** Someone saved in between: the current record, to show beside the user's version. */
	conflict?: { current: Record<string, unknown>; currentVersion: number };
	/** A short confirmation of what was done. */
	done?: string;
};

/** The action answer as the page reads it (SvelteKit types it as a union of every action's data). */
export function formState(form: unknown): AdminFormState {
	return (form ?? {}) as AdminFormState;
}

/** The typed value of a field, or the fallback when the form was not sent. */
export function valueOf(state: AdminFormState, name: string, fallback: string): string {
	const value = state.values?.[name];
	return typeof value === 'string' ? value : fallback;
}
