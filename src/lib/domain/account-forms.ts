import { z } from 'zod';
import './zod-locale';
import { ORGANISATION_TYPES } from './enums';
import { organisationMatchKey } from './organisation-matching';
import { passwordProblem } from './password-policy';
import { MEMBERSHIP_ROLES, TOKEN_SCOPES } from './policy';

// Shared schemas of the account pages (profile, invitation, user and organisation administration).
// Messages are French and go next to the field they name.

/** Keeps only the named text fields of a submitted form, to re-fill it (never pass a password here). */
export function pickValues<K extends string>(
	form: Record<string, FormDataEntryValue>,
	keys: readonly K[]
): Record<K, string> {
	const values = {} as Record<K, string>;
	for (const key of keys) values[key] = typeof form[key] === 'string' ? form[key] : '';
	return values;
}

const newPassword = z
	.string({ message: 'Saisissez un nouveau mot de passe.' })
	.superRefine((value, ctx) => {
		const problem = passwordProblem(value);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});
const confirmation = z.string({ message: 'Confirmez le mot de passe.' });
const CONFIRMATION_MISMATCH = 'Les deux saisies du mot de passe ne correspondent pas.';

export const passwordChangeSchema = z
	.object({
		current: z
			.string({ message: 'Saisissez votre mot de passe actuel.' })
			.min(1, 'Saisissez votre mot de passe actuel.')
			.max(1024, 'Mot de passe trop long.'),
		password: newPassword,
		confirmation
	})
	.refine((v) => v.password === v.confirmation, {
		path: ['confirmation'],
		message: CONFIRMATION_MISMATCH
	});

export const invitationAcceptSchema = z
	.object({ password: newPassword, confirmation })
	.refine((v) => v.password === v.confirmation, {
		path: ['confirmation'],
		message: CONFIRMATION_MISMATCH
	});

/** « Mot de passe oublié » : only the address, checked loosely (the answer never says more). */
export const passwordResetRequestSchema = z.object({
	email: z
		.string({ message: 'Saisissez votre adresse e-mail.' })
		.trim()
		.min(1, 'Saisissez votre adresse e-mail.')
		.max(254, 'Adresse trop longue.')
		.pipe(z.email({ message: 'Adresse e-mail invalide (exemple : prenom.nom@caf.fr).' }))
});

/** The new password of a reset link: the invitation's rules. */
export const passwordResetSchema = invitationAcceptSchema;

export const TOKEN_NAME_MAX = 100;
export const tokenCreateSchema = z.object({
	name: z
		.string({ message: 'Donnez un nom au jeton.' })
		.trim()
		.min(1, 'Donnez un nom au jeton, par exemple « Tableau de bord CAF ».')
		.max(TOKEN_NAME_MAX, `Le nom compte au plus ${TOKEN_NAME_MAX} caractères.`),
	/** A scheme slug the token is limited to; empty for every scheme of the account. */
	scheme: z.string().trim().max(200).optional().default(''),
	scope: z.enum(TOKEN_SCOPES, { message: 'Choisissez la portée du jeton.' }).default('all')
});

export const tokenRevokeSchema = z.object({
	tokenId: z.coerce
		.number({ message: 'Jeton inconnu.' })
		.int('Jeton inconnu.')
		.positive('Jeton inconnu.')
});

const personName = z
	.string({ message: 'Le nom est requis.' })
	.trim()
	.min(1, 'Le nom est requis.')
	.max(120, 'Le nom compte au plus 120 caractères.');
const role = z.enum(MEMBERSHIP_ROLES, { message: 'Choisissez un rôle dans la liste.' });
/** A checkbox: absent from the form when unticked. */
const checkbox = z
	.union([z.string(), z.boolean()])
	.optional()
	.transform((v) => v === true || v === 'on');
/** An organisation select: "" means none. */
const organisationId = z.preprocess(
	(v) => (v === '' || v === undefined || v === null ? null : v),
	z.coerce
		.number({ message: 'Organisation inconnue.' })
		.int('Organisation inconnue.')
		.positive('Organisation inconnue.')
		.nullable()
);
const PILOT_NEEDS_ORGANISATION = {
	path: ['organisationId'],
	message: 'Un pilote appartient à une organisation : choisissez-la.'
};

const email = z
	.string({ message: 'L’adresse e-mail est requise.' })
	.trim()
	.min(1, 'L’adresse e-mail est requise.')
	.max(254, 'Adresse trop longue.')
	.pipe(z.email({ message: 'Adresse e-mail invalide (exemple : prenom.nom@caf.fr).' }));
const version = z.coerce
	.number({ message: 'Version manquante.' })
	.int('Version manquante.')
	.positive('Version manquante.');

/**
 * A new account (platform administration, command line, demo). Rights come from memberships;
 * `platformAdmin` gives the platform (territories, schemes, every account).
 */
export const userInputSchema = z.object({
	email,
	name: personName,
	organisationId,
	platformAdmin: checkbox
});
export type UserInput = z.output<typeof userInputSchema>;

/** The platform administrator's edit of an account; the e-mail address stays. */
export const userEditSchema = z.object({
	name: personName,
	organisationId,
	platformAdmin: checkbox,
	disabled: checkbox,
	version
});
export type UserEdit = z.output<typeof userEditSchema>;

/** A coordinator invites a person into their scheme (a new or an existing account). */
export const memberInviteSchema = z
	.object({
		email,
		/** Needed only when the address has no account yet. */
		name: z.string().trim().max(120, 'Le nom compte au plus 120 caractères.').default(''),
		role,
		organisationId
	})
	.refine((u) => u.role !== 'pilote' || u.organisationId !== null, PILOT_NEEDS_ORGANISATION);
export type MemberInvite = z.output<typeof memberInviteSchema>;

/** A change of a member's role or organisation in one scheme. */
export const memberEditSchema = z
	.object({ role, organisationId, version })
	.refine((u) => u.role !== 'pilote' || u.organisationId !== null, PILOT_NEEDS_ORGANISATION);
export type MemberEdit = z.output<typeof memberEditSchema>;

const organisationLabel = (field: string, max: number) =>
	z
		.string({ message: `${field} est requis.` })
		.trim()
		.min(1, `${field} est requis.`)
		.max(max, `${field} compte au plus ${max} caractères.`)
		.refine(
			(v) => organisationMatchKey(v) !== '',
			`${field} doit contenir une lettre ou un chiffre.`
		);

/** One alias a line; bullets and blank lines dropped. */
const aliasLines = z
	.string()
	.max(10_000, 'Cette liste est trop longue.')
	.default('')
	.transform((v) =>
		v
			.split(/\r?\n/)
			.map((l) => l.replace(/^[•\-–]\s*/, '').trim())
			.filter(Boolean)
	)
	.superRefine((aliases, ctx) => {
		for (const alias of aliases) {
			if (alias.length > 200)
				ctx.addIssue({
					code: 'custom',
					message: `L’alias « ${alias.slice(0, 40)}… » dépasse 200 caractères.`
				});
			else if (organisationMatchKey(alias) === '')
				ctx.addIssue({
					code: 'custom',
					message: `L’alias « ${alias} » ne contient ni lettre ni chiffre.`
				});
		}
	});

export const organisationFormSchema = z.object({
	name: organisationLabel('Le nom', 200),
	shortName: organisationLabel('Le nom court', 60),
	type: z.enum(ORGANISATION_TYPES, { message: 'Choisissez un type dans la liste.' }),
	aliases: aliasLines,
	/** The territory it belongs to; none: a national organisation (MSA, CNAF, État). */
	territoryId: z.preprocess(
		(v) => (v === '' || v === undefined || v === null ? null : v),
		z.coerce
			.number({ message: 'Territoire inconnu.' })
			.int('Territoire inconnu.')
			.positive('Territoire inconnu.')
			.nullable()
	)
});
export type OrganisationInput = z.output<typeof organisationFormSchema>;

export const organisationEditSchema = organisationFormSchema.extend({
	version: z.coerce
		.number({ message: 'Version manquante.' })
		.int('Version manquante.')
		.positive('Version manquante.')
});

/** « 1 seconde », « 32 secondes », « 4 minutes » : how long a throttled sign-in must wait. */
export function waitText(seconds: number): string {
	if (seconds < 60) return seconds <= 1 ? '1 seconde' : `${seconds} secondes`;
	const minutes = Math.ceil(seconds / 60);
	return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** The answer to a sign-in attempt made while its delay runs (HTTP 429). */
export function throttledMessage(seconds: number): string {
	return (
		`Trop de tentatives de connexion manquées : réessayez dans ${waitText(seconds)}. ` +
		'Mot de passe oublié ? Un lien de réinitialisation lève ce délai.'
	);
}

/** Fixed messages the sign-in page may show after a redirect (?info=code): never free text from the URL. */
export const SIGN_IN_NOTICES = {
	'mot-de-passe-modifie':
		'Mot de passe modifié : vos sessions sont fermées et vos jetons d’accès à l’API révoqués ; reconnectez-vous.',
	'invitation-acceptee':
		'Votre mot de passe est enregistré : vous pouvez maintenant vous connecter.',
	'mot-de-passe-reinitialise':
		'Nouveau mot de passe enregistré : toutes vos sessions ont été fermées et vos jetons d’accès à l’API révoqués, connectez-vous avec lui.'
} as const;
export type SignInNoticeCode = keyof typeof SIGN_IN_NOTICES;

export function signInNotice(code: string | null | undefined): string | null {
	return code && Object.hasOwn(SIGN_IN_NOTICES, code)
		? SIGN_IN_NOTICES[code as SignInNoticeCode]
		: null;
}

export const USER_STATES = ['actif', 'invitation', 'desactive'] as const;
export type UserState = (typeof USER_STATES)[number];
export const USER_STATE_LABELS: Record<UserState, string> = {
	actif: 'Actif',
	invitation: 'Invitation en attente',
	desactive: 'Désactivé'
};

/** Disabled wins; an account without a password is waiting for its invitation to be accepted. */
export function userState(user: { disabledAt: string | null; hasPassword: boolean }): UserState {
	if (user.disabledAt) return 'desactive';
	return user.hasPassword ? 'actif' : 'invitation';
}
