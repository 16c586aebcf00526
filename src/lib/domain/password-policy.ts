import { z } from 'zod';
import './zod-locale';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// Frequent passwords long enough to pass the length rule; shorter ones fail on length anyway.
const COMMON_PASSWORDS = new Set(
	[
		'123456789012',
		'1234567890123',
		'12345678901234',
		'123456789123',
		'qwertyuiopas',
		'azertyuiopqs',
		'azertyuiop123',
		'qwertyuiop123',
		'motdepasse123',
		'motdepasse1234',
		'motdepasse!123',
		'password1234',
		'password12345',
		'password123!',
		'passwordpassword',
		'motdepassemotdepasse',
		'bonjour123456',
		'soleil123456',
		'azerty123456',
		'qwerty123456',
		'iloveyou1234',
		'jetaime123456',
		'administrateur',
		'administrator',
		'admin1234567',
		'changeme1234',
		'welcome12345',
		'bienvenue123',
		'bienvenue1234',
		'letmein12345',
		'marseille1313',
		'limoges87000',
		'hautevienne87',
		'sdsf2017-2021',
		'caf87caf87caf87'
	].map((p) => p.toLowerCase())
);

/** Why a password is refused, in French, or null when it is acceptable. Counts Unicode code points. */
export function passwordProblem(password: string, context: string[] = []): string | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH)
		return `Le mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères.`;
	if (length > PASSWORD_MAX_LENGTH)
		return `Le mot de passe doit compter au plus ${PASSWORD_MAX_LENGTH} caractères.`;
	const lower = password.toLowerCase();
	if (COMMON_PASSWORDS.has(lower))
		return 'Ce mot de passe est trop courant : choisissez-en un autre.';
	if (new Set(lower).size <= 2) return 'Ce mot de passe est trop répétitif.';
	if (isSequence(lower)) return 'Ce mot de passe est une suite trop prévisible.';
	for (const word of context) {
		if (word.length >= 4 && lower.includes(word.toLowerCase()))
			return 'Le mot de passe ne doit pas contenir votre adresse e-mail ou votre nom.';
	}
	return null;
}

function isSequence(value: string): boolean {
	const codes = [...value].map((c) => c.codePointAt(0)!);
	const step = codes[1] - codes[0];
	return Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1] === step);
}

export const passwordSchema = z.string().superRefine((value, ctx) => {
	const problem = passwordProblem(value);
	if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
