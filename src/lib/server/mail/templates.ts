// The mails, in French, as plain text and simple HTML, every link absolute on the public origin
// (ORIGIN). The security mails (invitation, password reset) are here and have no unsubscribe link:
// one cannot switch off the mail that opens or recovers one's own account. Notices are rendered
// with `renderMail` from notifications/notice-mails.ts, with their unsubscribe footer.

export type RenderedMail = { subject: string; text: string; html: string };

const APP = 'Pilotage SDSF';

const dateTime = new Intl.DateTimeFormat('fr-FR', {
	timeZone: 'Europe/Paris',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

/** « 14 décembre 2026 à 10:42 » (Paris time). */
export function frenchDateTime(date: Date): string {
	// Older ICU versions write « 14 décembre 2026, 10:42 » or without a word between.
	return dateTime.format(date).replace(/(\d{4}),? (\d{2}:\d{2})$/, '$1 à $2');
}

export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

export type Block = { text: string } | { link: string; label: string } | { small: string };

/** The footer of a notice: why the person receives it, and the link that stops it. */
export type Unsubscribe = { reason: string; link: string; preferencesLink: string };

/**
 * One message from blocks: the text version and an HTML version with the same words. Notices pass
 * `unsubscribe`; security mails do not (they cannot be switched off).
 */
export function renderMail(
	subject: string,
	blocks: Block[],
	origin: string,
	unsubscribe?: Unsubscribe
): RenderedMail {
	const footer = `${APP} — ${origin}`;
	const unsubscribeText = unsubscribe
		? `\n${unsubscribe.reason}\nNe plus recevoir ces avis : ${unsubscribe.link}\nChoisir ses avis : ${unsubscribe.preferencesLink}`
		: '';
	const text =
		blocks
			.map((b) => ('text' in b ? b.text : 'link' in b ? `${b.label}\n${b.link}` : b.small))
			.join('\n\n') + `\n\n-- \n${footer}${unsubscribeText}\n`;
	const paragraphs = blocks
		.map((b) => {
			if ('text' in b) return `<p>${escapeHtml(b.text).replace(/\n/g, '<br>')}</p>`;
			if ('small' in b)
				return `<p style="color:#555;font-size:14px">${escapeHtml(b.small).replace(/\n/g, '<br>')}</p>`;
			const href = escapeHtml(b.link);
			return (
				`<p><a href="${href}" style="display:inline-block;padding:10px 16px;background:#000091;` +
				`color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(b.label)}</a></p>` +
				`<p style="font-size:14px">Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :<br>` +
				`<a href="${href}">${href}</a></p>`
			);
		})
		.join('\n');
	const html =
		`<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n` +
		`<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#161616;max-width:40em">\n` +
		`${paragraphs}\n<hr style="border:none;border-top:1px solid #ddd">\n` +
		`<p style="color:#555;font-size:14px">${escapeHtml(APP)} — <a href="${escapeHtml(origin)}">${escapeHtml(origin)}</a></p>\n` +
		(unsubscribe
			? `<p style="color:#555;font-size:14px">${escapeHtml(unsubscribe.reason)}<br>` +
				`<a href="${escapeHtml(unsubscribe.link)}">Ne plus recevoir ces avis</a> · ` +
				`<a href="${escapeHtml(unsubscribe.preferencesLink)}">Choisir mes avis</a></p>\n`
			: '') +
		`</body></html>\n`;
	return { subject, text, html };
}

export type InvitationMailInput = {
	name: string;
	email: string;
	link: string;
	expiresAt: Date;
	origin: string;
	/** Who invited, as the history names them (« CAF 87 — Marie Dupont »). */
	invitedBy: string | null;
	/** When the invitation comes from a scheme's « Membres » page. */
	scheme?: { title: string; roleLabel: string; organisation: string | null } | null;
};

export function invitationMail(input: InvitationMailInput): RenderedMail {
	const where = input.scheme
		? ` pour le schéma « ${input.scheme.title} », avec le rôle « ${input.scheme.roleLabel} »` +
			(input.scheme.organisation ? ` pour ${input.scheme.organisation}` : '')
		: '';
	const who = input.invitedBy ? `${input.invitedBy} vous invite` : 'Vous êtes invité(e)';
	const subject = input.scheme
		? `Invitation : ${input.scheme.title} sur ${APP}`
		: `Invitation à ${APP}`;
	return renderMail(
		subject,
		[
			{ text: `Bonjour ${input.name},` },
			{
				text: `${who} à rejoindre ${APP}, l’application de suivi des schémas des services aux familles${where}.`
			},
			{
				text: `Pour activer votre compte, choisissez votre mot de passe. Ce lien ne sert qu’une fois et vaut jusqu’au ${frenchDateTime(input.expiresAt)} (7 jours).`
			},
			{ link: input.link, label: 'Choisir mon mot de passe' },
			{ text: `Votre identifiant sera votre adresse e-mail : ${input.email}.` },
			{
				small:
					'Si vous n’attendiez pas cette invitation, ignorez ce message : aucun compte ne sera activé sans vous. Ce message est envoyé automatiquement, n’y répondez pas.'
			}
		],
		input.origin
	);
}

export type PasswordResetMailInput = {
	name: string;
	link: string;
	expiresAt: Date;
	origin: string;
};

export function passwordResetMail(input: PasswordResetMailInput): RenderedMail {
	return renderMail(
		`Réinitialisation de votre mot de passe ${APP}`,
		[
			{ text: `Bonjour ${input.name},` },
			{
				text: `Quelqu’un (vous, sans doute) a demandé à réinitialiser le mot de passe de votre compte ${APP}. Pour en choisir un nouveau, suivez ce lien : il ne sert qu’une fois et vaut jusqu’au ${frenchDateTime(input.expiresAt)} (1 heure).`
			},
			{ link: input.link, label: 'Choisir un nouveau mot de passe' },
			{
				text: 'Le nouveau mot de passe ferme toutes vos sessions ouvertes et lève le blocage des tentatives de connexion.'
			},
			{
				small:
					'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe actuel reste valable. Ce message est envoyé automatiquement, n’y répondez pas.'
			}
		],
		input.origin
	);
}
