import { formatDate, pluralize } from '$lib/ui/format';
import { renderMail, type Block, type RenderedMail, type Unsubscribe } from '../mail/templates';

// The notices, in French: plain text and simple HTML with the same words (renderMail), each with
// its unsubscribe footer. Pure: the events (events.ts, scheduled.ts) gather what they say.

type SchemeRef = { title: string };
type PeriodRef = { label: string; closesOn: string };
export type FicheLine = { number: string; title: string; link: string; detail?: string };

const ficheList = (fiches: readonly FicheLine[]) =>
	fiches
		.map((f) => `• Fiche ${f.number} — ${f.title}${f.detail ? ` (${f.detail})` : ''}\n  ${f.link}`)
		.join('\n');

const AUTOMATIC = 'Ce message est envoyé automatiquement, n’y répondez pas.';

export type PeriodOpenedInput = {
	name: string;
	scheme: SchemeRef;
	period: PeriodRef;
	fiches: readonly FicheLine[];
	myEntryLink: string;
};

export function periodOpenedMail(
	input: PeriodOpenedInput,
	origin: string,
	unsubscribe: Unsubscribe
): RenderedMail {
	const blocks: Block[] = [
		{ text: `Bonjour ${input.name},` },
		{
			text: `La saisie « ${input.period.label} » du schéma « ${input.scheme.title} » est ouverte jusqu’au ${formatDate(input.period.closesOn)}. Votre organisation a ${pluralize(input.fiches.length, 'fiche')} à renseigner :`
		},
		{ text: ficheList(input.fiches) },
		{ link: input.myEntryLink, label: 'Ouvrir « Ma saisie »' },
		{ small: AUTOMATIC }
	];
	return renderMail(
		`Saisie ouverte : ${input.period.label} — ${input.scheme.title}`,
		blocks,
		origin,
		unsubscribe
	);
}

export type ReminderMailInput = {
	name: string;
	scheme: SchemeRef;
	period: PeriodRef;
	/** before_closing: J-n; overdue: the closing date has passed; manual: the coordination asks. */
	kind: 'before_closing' | 'overdue' | 'manual';
	/** Whole days from today to the closing date (negative once passed). */
	daysLeft: number;
	/** Who asked, for a manual reminder (« Coordination SDSF 87 — Marie Dupont »). */
	by?: string | null;
	fiches: readonly FicheLine[];
	myEntryLink: string;
};

export function reminderMail(
	input: ReminderMailInput,
	origin: string,
	unsubscribe: Unsubscribe
): RenderedMail {
	const closes = formatDate(input.period.closesOn);
	const when =
		input.daysLeft > 1
			? `ferme dans ${input.daysLeft} jours, le ${closes}`
			: input.daysLeft === 1
				? `ferme demain, le ${closes}`
				: input.daysLeft === 0
					? `ferme aujourd’hui, le ${closes}`
					: `devait être close le ${closes}`;
	const subject =
		input.kind === 'overdue'
			? `En retard : ${input.period.label} — ${input.scheme.title}`
			: input.kind === 'manual'
				? `Relance : ${input.period.label} — ${input.scheme.title}`
				: `Rappel : la saisie ${input.period.label} ${input.daysLeft === 1 ? 'ferme demain' : `ferme dans ${input.daysLeft} jours`}`;
	const opening =
		input.kind === 'manual'
			? `${input.by ? `${input.by} vous relance` : 'La coordination vous relance'} : la saisie « ${input.period.label} » du schéma « ${input.scheme.title} » ${when}.`
			: `La saisie « ${input.period.label} » du schéma « ${input.scheme.title} » ${when}.`;
	return renderMail(
		subject,
		[
			{ text: `Bonjour ${input.name},` },
			{ text: opening },
			{
				text: `Il reste des chiffres à soumettre pour ${input.fiches.length === 1 ? 'cette fiche' : `ces ${input.fiches.length} fiches`} de votre organisation :`
			},
			{ text: ficheList(input.fiches) },
			{ link: input.myEntryLink, label: 'Ouvrir « Ma saisie »' },
			{
				small:
					input.kind === 'overdue'
						? 'Les chiffres peuvent encore être saisis tant que la coordination n’a pas clos la période. ' +
							AUTOMATIC
						: AUTOMATIC
			}
		],
		origin,
		unsubscribe
	);
}

export type SentBackMailInput = {
	name: string;
	scheme: SchemeRef;
	period: { label: string };
	fiche: { number: string; title: string };
	figures: readonly { label: string; reason: string }[];
	reviewer: string;
	link: string;
};

export function sentBackMail(
	input: SentBackMailInput,
	origin: string,
	unsubscribe: Unsubscribe
): RenderedMail {
	const count = input.figures.length;
	return renderMail(
		`${count === 1 ? 'Un chiffre renvoyé' : `${count} chiffres renvoyés`} : fiche ${input.fiche.number} — ${input.period.label}`,
		[
			{ text: `Bonjour ${input.name},` },
			{
				text: `${input.reviewer} a renvoyé pour correction ${count === 1 ? 'un chiffre' : `${count} chiffres`} de la fiche ${input.fiche.number} « ${input.fiche.title} » (${input.period.label}, schéma « ${input.scheme.title} ») :`
			},
			{ text: input.figures.map((f) => `• ${f.label}\n  Motif : ${f.reason}`).join('\n') },
			{ link: input.link, label: 'Corriger les chiffres' },
			{ small: AUTOMATIC }
		],
		origin,
		unsubscribe
	);
}

export type FicheValidatedMailInput = {
	name: string;
	scheme: SchemeRef;
	period: { label: string };
	fiche: { number: string; title: string };
	reviewer: string;
	link: string;
};

export function ficheValidatedMail(
	input: FicheValidatedMailInput,
	origin: string,
	unsubscribe: Unsubscribe
): RenderedMail {
	return renderMail(
		`Fiche ${input.fiche.number} validée — ${input.period.label}`,
		[
			{ text: `Bonjour ${input.name},` },
			{
				text: `${input.reviewer} a validé tous les chiffres de la fiche ${input.fiche.number} « ${input.fiche.title} » pour ${input.period.label} (schéma « ${input.scheme.title} »). Merci : il n’y a plus rien à faire sur cette fiche pour cette période.`
			},
			{ link: input.link, label: 'Voir la fiche' },
			{ small: AUTOMATIC }
		],
		origin,
		unsubscribe
	);
}

export type DigestMailInput = {
	name: string;
	scheme: SchemeRef;
	frequency: 'weekly' | 'daily';
	awaiting: readonly { period: string; fiche: string; count: number; link: string }[];
	late: readonly { period: string; organisation: string; fiches: number; link: string }[];
	milestones: readonly { fiche: string; label: string; dueOn: string }[];
	schemeLink: string;
};

export function digestMail(
	input: DigestMailInput,
	origin: string,
	unsubscribe: Unsubscribe
): RenderedMail {
	const awaitingCount = input.awaiting.reduce((n, a) => n + a.count, 0);
	const blocks: Block[] = [
		{ text: `Bonjour ${input.name},` },
		{
			text: `Voici ${input.frequency === 'weekly' ? 'la synthèse de la semaine' : 'la synthèse du jour'} du schéma « ${input.scheme.title} ».`
		}
	];
	if (input.awaiting.length)
		blocks.push({
			text:
				`À valider : ${pluralize(awaitingCount, 'chiffre soumis', 'chiffres soumis')}\n` +
				input.awaiting
					.map(
						(a) => `• ${a.period}, fiche ${a.fiche} : ${pluralize(a.count, 'chiffre')}\n  ${a.link}`
					)
					.join('\n')
		});
	if (input.late.length)
		blocks.push({
			text:
				`En retard : ${pluralize(input.late.length, 'organisation')} n’${input.late.length === 1 ? 'a' : 'ont'} pas tout soumis après la clôture\n` +
				input.late
					.map(
						(l) =>
							`• ${l.organisation} — ${l.period} : ${pluralize(l.fiches, 'fiche')} à compléter\n  ${l.link}`
					)
					.join('\n')
		});
	if (input.milestones.length)
		blocks.push({
			text:
				`Jalons dépassés : ${input.milestones.length}\n` +
				input.milestones
					.map((m) => `• Fiche ${m.fiche} : ${m.label} (prévu le ${formatDate(m.dueOn)})`)
					.join('\n')
		});
	blocks.push({ link: input.schemeLink, label: 'Ouvrir le schéma' }, { small: AUTOMATIC });
	return renderMail(
		`Synthèse ${input.frequency === 'weekly' ? 'hebdomadaire' : 'du jour'} : ${input.scheme.title}`,
		blocks,
		origin,
		unsubscribe
	);
}

export type MeetingClosedMailInput = {
	name: string;
	scheme: SchemeRef;
	meeting: { title: string; heldOn: string };
	decisions: number;
	link: string;
};

export function meetingClosedMail(
	input: MeetingClosedMailInput,
	origin: string,
	unsubscribe: Unsubscribe
): RenderedMail {
	return renderMail(
		`Comité clos : ${input.meeting.title}`,
		[
			{ text: `Bonjour ${input.name},` },
			{
				text: `Le comité « ${input.meeting.title} » du ${formatDate(input.meeting.heldOn)} (schéma « ${input.scheme.title} ») est clos${input.decisions ? `, avec ${pluralize(input.decisions, 'décision')}` : ''}. La revue telle qu’elle a été examinée est figée : elle ne changera plus.`
			},
			{ link: input.link, label: 'Lire la revue figée et les décisions' },
			{ small: AUTOMATIC }
		],
		origin,
		unsubscribe
	);
}
